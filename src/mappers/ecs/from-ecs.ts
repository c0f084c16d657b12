/**
 * `fromEcs`: an ECS document back to a canonical event.
 *
 * For a document `toEcs` wrote, the event comes back exactly (`fromEcs(toEcs(e))` deep-equals `e`).
 * For one from elsewhere it is best effort: fields may be nested, dotted or mixed; `siemkit.*`
 * fields are optional and their values are guessed (category from `event.category`, actor type
 * `user`, severity from `event.severity`'s nearest step, outcome `unknown` when absent). A required
 * canonical member that cannot be derived is a `MappingError` naming the ECS field; nothing else
 * is thrown. Validate the result (`validateEvent`): optional members are taken as found.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { ACTION_PATTERN, EventIdSchema } from '../../../schemas/canonical/strings.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../../registry/registry.js';
import { isPlainObject } from '../../validate/ecs-values.js';
import { MappingError } from '../errors.js';
import { categoryFromEcs, isCategory, outcomeOf, severityOf } from './event.js';
import type { Doc } from './field.js';
import { asString, field, readField } from './field.js';
import { readLabels } from './labels.js';
import { readPayload } from './payload.js';
import { readResource } from './resource.js';
import { readSource } from './source.js';
import { fromEcsTimestamp } from './timestamp.js';
import { readActor } from './user.js';

export interface FromEcsOptions {
  /** For documents without `siemkit.category`: the category of a registered action. Default: the built-in event types. */
  readonly registry?: EventTypeRegistry;
}

const F = {
  timestamp: field('@timestamp'),
  id: field('event.id'),
  kind: field('event.kind'),
  category: field('event.category'),
  type: field('event.type'),
  action: field('event.action'),
  outcome: field('event.outcome'),
  severity: field('event.severity'),
  message: field('message'),
  tenant: field('organization.id'),
  requestId: field('http.request.id'),
  siemkitCategory: field('siemkit.category'),
  siemkitOutcome: field('siemkit.outcome'),
  siemkitTimestamp: field('siemkit.timestamp'),
  sessionId: field('siemkit.session_id'),
  resource: field('siemkit.resource'),
  source: field('siemkit.source'),
  labels: field('siemkit.labels'),
  payload: field('siemkit.payload'),
} as const;

/** The contract's own pattern (TypeBox keeps `pattern` on the schema object; its type does not say so). */
const EVENT_ID = new RegExp((EventIdSchema as unknown as { readonly pattern: string }).pattern);
const ACTION = new RegExp(ACTION_PATTERN);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function required(doc: Doc, f: (typeof F)[keyof typeof F], what: string): string {
  const value = asString(readField(doc, f));
  if (value === undefined) throw new MappingError(f.pointer, `no ${what}: ${f.name} is missing or not a string`);
  return value;
}

function readEvent(doc: Doc, registry: EventTypeRegistry): CanonicalEvent {
  const eventId = required(doc, F.id, 'event_id');
  if (!EVENT_ID.test(eventId)) throw new MappingError(F.id.pointer, 'not a canonical event_id: 1-128 characters of [A-Za-z0-9_.:-]');
  const exact = readField(doc, F.siemkitTimestamp);
  const timestamp = typeof exact === 'string' ? exact : fromEcsTimestamp(readField(doc, F.timestamp));
  if (timestamp === undefined) throw new MappingError(F.timestamp.pointer, 'no timestamp: @timestamp is missing or not an ISO 8601 date or epoch milliseconds');
  const tenantId = required(doc, F.tenant, 'tenant_id');
  if (tenantId === '') throw new MappingError(F.tenant.pointer, 'no tenant_id: organization.id is empty');
  let action = required(doc, F.action, 'action');
  if (!ACTION.test(action)) {
    // Sources differ in case only, at best (`User.Login`); anything else is not an object.verb action.
    const lower = action.toLowerCase();
    if (!ACTION.test(lower)) throw new MappingError(F.action.pointer, `not a canonical action (dotted lower-case object.verb, ${ACTION_PATTERN})`);
    action = lower;
  }
  const stored = readField(doc, F.siemkitCategory);
  const category = isCategory(stored)
    ? stored
    : (registry.get(action)?.category ?? categoryFromEcs(readField(doc, F.kind), readField(doc, F.category), readField(doc, F.type)));
  if (category === undefined) throw new MappingError(F.category.pointer, 'no category: neither siemkit.category, a registered event.action nor an event.category with a canonical counterpart');

  const event: CanonicalEvent = {
    event_id: eventId,
    timestamp,
    tenant_id: tenantId,
    category,
    action,
    outcome: outcomeOf(readField(doc, F.outcome), readField(doc, F.siemkitOutcome)),
    severity: severityOf(readField(doc, F.severity)),
    actor: readActor(doc),
  };
  const resource = readResource(doc, category, readField(doc, F.resource));
  if (resource !== undefined) event.resource = resource;
  const source = readSource(doc, readField(doc, F.source));
  if (source !== undefined) event.source = source;
  const sessionId = asString(readField(doc, F.sessionId));
  if (sessionId !== undefined) event.session_id = sessionId;
  const requestId = asString(readField(doc, F.requestId));
  if (requestId !== undefined) event.request_id = requestId;
  const message = asString(readField(doc, F.message));
  if (message !== undefined) event.message = message;
  const labels = readLabels(doc, readField(doc, F.labels));
  if (labels !== undefined) event.labels = labels;
  const payload = readPayload(doc, category, readField(doc, F.payload));
  if (payload !== undefined) event.payload = payload;
  return event;
}

/** The message of whatever was thrown, without throwing again (`String` of some objects throws). */
function messageOf(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return 'an unprintable value was thrown';
  }
}

/** Maps an ECS document back to a canonical event. Throws only `MappingError`. */
export function fromEcs(doc: unknown, options: FromEcsOptions = {}): CanonicalEvent {
  try {
    if (!isPlainObject(doc)) throw new MappingError('', `expected an ECS document (a JSON object), got ${describe(doc)}`);
    return readEvent(doc, options.registry ?? BUILT_IN_REGISTRY);
  } catch (err) {
    if (err instanceof MappingError) throw err;
    // A hostile input (a throwing getter, a revoked proxy) must still meet the one-error-type promise.
    throw new MappingError('', `cannot read the document: ${messageOf(err)}`, { cause: err });
  }
}
