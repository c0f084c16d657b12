/**
 * `fromOcsf`: the canonical event an OCSF event stands for. For what `toOcsf` wrote it is exact:
 * `fromOcsf(toOcsf(e))` deep-equals `e`. For a record of another producer it does its best, and
 * throws a `MappingError` (a JSON Pointer into the record and a reason) when a required canonical
 * field cannot be derived: `metadata.uid` (event_id), `metadata.tenant_uid` (tenant_id), a time,
 * `severity_id`, an actor, and a class that one of the categories maps to. It throws nothing else.
 */
import type { Category } from '../../../schemas/canonical/category.js';
import { CATEGORIES } from '../../../schemas/canonical/category.js';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../../registry/registry.js';
import { takeActor } from './actor.js';
import { actionOf, categoryOf } from './category.js';
import { CLASS_MAPPERS, classMapperByUid } from './class-registry.js';
import { takeEventId, takeLabels, takeMessage, takeOutcome, takeRequestId, takeSession, takeSeverity, takeTenant, takeTimestamp } from './common.js';
import { FromContext } from './context.js';
import { MappingError } from '../errors.js';
import { takePayload } from './payload.js';
import { isObj, objAt, strAt } from './read.js';
import { takeSource } from './source.js';
import { UNMAPPED_NAMESPACE } from './unmapped.js';

export interface FromOcsfOptions {
  /** The event types that give the category of an action and the payload homes. Default: the built-in registry. */
  readonly registry?: EventTypeRegistry;
}

function read(ocsf: unknown, registry: EventTypeRegistry): CanonicalEvent {
  if (!isObj(ocsf)) throw new MappingError('', 'an OCSF event is a JSON object');
  const uid = ocsf.class_uid;
  if (typeof uid !== 'number') throw new MappingError('/class_uid', 'class_uid is missing: it names the class, which gives the category');
  const mapper = classMapperByUid(uid);
  if (mapper === undefined) {
    throw new MappingError('/class_uid', `class_uid ${uid} is none of the classes the canonical categories map to (${CLASS_MAPPERS.map((m) => m.uid).join(', ')})`);
  }
  const kept = objAt(objAt(ocsf, 'unmapped'), UNMAPPED_NAMESPACE) ?? {};
  const eventId = takeEventId(ocsf);
  const timestamp = takeTimestamp(ocsf, kept);
  const tenantId = takeTenant(ocsf);
  const action = actionOf(ocsf, kept, registry, mapper.name);
  const keptCategory = strAt(kept, 'category');
  const category: Category =
    keptCategory !== undefined && (CATEGORIES as readonly string[]).includes(keptCategory) ? (keptCategory as Category) : (categoryOf(registry, action, mapper.name) as Category);
  const ctx = new FromContext(ocsf, kept, registry, action, category);
  const homes = mapper.homes;
  const event: CanonicalEvent = {
    event_id: eventId,
    timestamp,
    tenant_id: tenantId,
    category,
    action,
    outcome: takeOutcome(ctx, homes),
    severity: takeSeverity(ocsf),
    // Another producer's Authentication may name only its subject, `user`.
    actor: takeActor(ctx, mapper.name === 'authentication' ? objAt(ocsf, 'user') : undefined),
  };
  const resource = mapper.resourceFrom(ctx);
  if (resource !== undefined) event.resource = resource;
  const source = takeSource(ctx, homes);
  if (source !== undefined) event.source = source;
  const session = takeSession(ctx, homes);
  if (session !== undefined) event.session_id = session;
  const request = takeRequestId(ctx, homes);
  if (request !== undefined) event.request_id = request;
  const message = takeMessage(ctx);
  if (message !== undefined) event.message = message;
  const labels = takeLabels(ctx);
  if (labels !== undefined) event.labels = labels;
  const payload = takePayload(ctx, mapper.payload);
  if (payload !== undefined) event.payload = payload;
  return event;
}

export function fromOcsf(ocsf: unknown, options: FromOcsfOptions = {}): CanonicalEvent {
  try {
    return read(ocsf, options.registry ?? BUILT_IN_REGISTRY);
  } catch (err) {
    if (err instanceof MappingError) throw err;
    // A record no reader expected (a getter that throws, a cyclic structure): still a MappingError.
    throw new MappingError('', `the record cannot be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

