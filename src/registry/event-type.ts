/**
 * An event type: per `action`, the payload schema and how the event maps to each target format
 * (DESIGN.md §2). `defineEventType` returns a typed definition; registries are explicit arrays
 * (see registry.ts), never filled by import side effects.
 */
import type { Static, TSchema } from 'typebox';
import type { Category } from '../../schemas/canonical/category.js';
import type { EcsEventCategory, EcsEventKind, EcsEventType } from '../../generated/ecs/9.4.0/index.js';
import type { OcsfClassName } from '../../generated/ocsf/1.1.0/types/index.js';

/** Where the event lands in OCSF 1.1.0. */
export interface OcsfMapping {
  /** The class, by name (`authentication`, `file_hosting`). */
  readonly class: OcsfClassName;
  /** `activity_id` in that class. `99` (Other) for an activity OCSF does not have, named by `activity_name`. */
  readonly activity_id: number;
  /** The `activity_name` sent with `activity_id` 99; the class's caption is used otherwise. */
  readonly activity_name?: string;
}

/** ECS categorisation fields (`event.kind`, `event.category`, `event.type`). */
export interface EcsMapping {
  readonly kind: EcsEventKind;
  readonly category: readonly EcsEventCategory[];
  readonly type: readonly EcsEventType[];
}

/** The CEF header's Device Event Class ID and Name (CEF §"Header"). */
export interface CefMapping {
  readonly signature_id: string;
  readonly name: string;
}

/** The mappings every event has, whether its action is registered or falls back to its category. */
export interface EventMapping {
  readonly ocsf: OcsfMapping;
  readonly ecs: EcsMapping;
  readonly cef: CefMapping;
}

export interface EventTypeSpec<A extends string, P extends TSchema> extends EventMapping {
  /** The dotted `object.verb` action this type describes. */
  readonly action: A;
  readonly category: Category;
  /** TypeBox schema of the event's `payload`. Built-in types accept members they do not know; a user's type may be closed. */
  readonly payload: P;
}

/** A defined event type. */
export type EventType<A extends string = string, P extends TSchema = TSchema> = EventTypeSpec<A, P>;

/** The static type of an event type's payload. */
export type PayloadOf<T> = T extends EventType<string, infer P> ? Static<P> : never;

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * Defines an event type. Checks what can be checked without a registry: the action's shape and an
 * activity id that is an integer. The registry checks the rest when the type is added to it.
 */
export function defineEventType<const A extends string, P extends TSchema>(spec: EventTypeSpec<A, P>): EventType<A, P> {
  if (!ACTION.test(spec.action)) throw new Error(`event type "${spec.action}": action must be dotted lower-case object.verb (${ACTION.source})`);
  if (!Number.isInteger(spec.ocsf.activity_id)) throw new Error(`event type "${spec.action}": ocsf.activity_id must be an integer`);
  if (spec.ocsf.activity_id === 99 && !spec.ocsf.activity_name) throw new Error(`event type "${spec.action}": ocsf.activity_id 99 (Other) needs an ocsf.activity_name`);
  return Object.freeze({ ...spec });
}
