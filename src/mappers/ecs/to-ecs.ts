/**
 * `toEcs`: a canonical event as an ECS 9.4 document (nested shape) that `validateEcs(doc,
 * { customFieldSets: ['siemkit'] })` accepts without errors or warnings.
 *
 * Each canonical member has exactly one home: its ECS field where ECS has one that can hold the
 * value, else `siemkit.<member>` (docs/mapping-ecs.md). Where the ECS field holds most but not all
 * of it (a `denied` outcome, a timestamp ECS dates cannot write), only the part it loses goes to
 * `siemkit.*`, so `fromEcs` gives back exactly the event. The document shares no mutable object
 * with the event (payload members themselves are shared, as the event's values are).
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { ECS_VERSION } from '../../../generated/ecs/9.4.0/index.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../../registry/registry.js';
import { DEFAULT_DATASET, ecsEvent } from './event.js';
import type { Doc } from './field.js';
import { writeLabels } from './labels.js';
import { writePayload } from './payload.js';
import { writeResource } from './resource.js';
import type { EcsEventDocument, SiemkitFields } from './siemkit.js';
import { writeSource } from './source.js';
import { toEcsTimestamp } from './timestamp.js';
import { writeActor } from './user.js';

export interface ToEcsOptions {
  /** Where the ECS categorisation of each action comes from. Default: the built-in event types. */
  readonly registry?: EventTypeRegistry;
  /** `event.dataset`. Default `siemkit.audit`. */
  readonly dataset?: string;
}

/** Maps a valid canonical event to ECS 9.4. Pure; validate the event first (an invalid one gives an invalid document). */
export function toEcs(event: CanonicalEvent, options: ToEcsOptions = {}): EcsEventDocument {
  const mapping = (options.registry ?? BUILT_IN_REGISTRY).mapping(event.category, event.action);
  const siemkit: SiemkitFields = { category: event.category, actor_type: event.actor.type };
  const timestamp = toEcsTimestamp(event.timestamp);
  if (timestamp !== event.timestamp) siemkit.timestamp = event.timestamp;
  const doc: Doc = {
    '@timestamp': timestamp,
    ecs: { version: ECS_VERSION },
    event: ecsEvent(event, mapping.ecs, options.dataset ?? DEFAULT_DATASET, siemkit),
  };
  if (event.message !== undefined) doc.message = event.message;
  doc.organization = { id: event.tenant_id };
  writeActor(event.actor, doc);
  // ECS has no session id (`process.session_leader` is a process); set here to keep siemkit.* in a readable order.
  if (event.session_id !== undefined) siemkit.session_id = event.session_id;
  if (event.resource !== undefined) writeResource(event.resource, event.category, doc, siemkit);
  if (event.payload !== undefined) writePayload(event.payload, event.category, doc, siemkit);
  if (event.request_id !== undefined) {
    const http = (doc.http ??= {}) as Doc;
    ((http.request ??= {}) as Doc).id = event.request_id;
  }
  if (event.source !== undefined) writeSource(event.source, doc, siemkit);
  if (event.labels !== undefined) writeLabels(event.labels, doc, siemkit);
  doc.siemkit = siemkit;
  // `@timestamp` is a number only for instants outside years 0000-9999 once in UTC; ECS dates accept epoch milliseconds.
  return doc as unknown as EcsEventDocument;
}
