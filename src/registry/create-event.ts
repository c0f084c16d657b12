/**
 * `createEvent`: the typed way for producers to make a canonical event of a registered type. It
 * fills `event_id` (a ULID with the `evt_` prefix), `timestamp` (now, RFC 3339 UTC with
 * milliseconds) and the type's `category` and `action`; the payload is typed by the type's schema.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { EventType, PayloadOf } from './event-type.js';
import type { EventTypeRegistry } from './registry.js';
import { BUILT_IN_REGISTRY } from './registry.js';
import { ulid } from './ulid.js';

type Derived = 'event_id' | 'timestamp' | 'category' | 'action' | 'payload';

/** What a producer gives for an event of type `T`. */
export type EventInput<T extends EventType> = Omit<CanonicalEvent, Derived> & Partial<Pick<CanonicalEvent, 'event_id' | 'timestamp'>> & { payload?: PayloadOf<T> };

type TypeOf<R extends EventTypeRegistry, A extends string> = Extract<R['types'][number], { action: A }>;

/** A new `evt_` + ULID event id. */
export function newEventId(now: number = Date.now()): string {
  return `evt_${ulid(now)}`;
}

/**
 * Creates an event of the type registered for `action` in `registry`. Throws when the action is not
 * registered there (use a plain `CanonicalEvent` literal for unregistered actions).
 */
export function createEventIn<R extends EventTypeRegistry, A extends R['types'][number]['action']>(registry: R, action: A, fields: EventInput<TypeOf<R, A>>): CanonicalEvent {
  const type = registry.get(action);
  if (type === undefined) throw new Error(`createEvent: no event type is registered for action "${action}"`);
  const now = Date.now();
  const { payload, ...rest } = fields as EventInput<EventType> & { payload?: Record<string, unknown> };
  // The type decides category and action: they come last, so no caller (typed or not) overrides them.
  return {
    event_id: rest.event_id ?? newEventId(now),
    timestamp: rest.timestamp ?? new Date(now).toISOString(),
    ...rest,
    category: type.category,
    action,
    ...(payload !== undefined ? { payload } : {}),
  } as CanonicalEvent;
}

/** The built-in event types' actions (`user.login`, `file.download`, ...). */
export type BuiltInAction = (typeof BUILT_IN_REGISTRY)['types'][number]['action'];

/**
 * Creates an event of a built-in type: `createEvent('file.download', { tenant_id, outcome, severity,
 * actor, resource, source, payload: { size } })`, typed by the action's payload schema.
 */
export function createEvent<A extends BuiltInAction>(action: A, fields: EventInput<TypeOf<typeof BUILT_IN_REGISTRY, A>>): CanonicalEvent {
  return createEventIn(BUILT_IN_REGISTRY, action, fields);
}
