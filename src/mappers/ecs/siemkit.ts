/**
 * The `siemkit.*` custom field set: where a canonical member goes when ECS 9.4 has no field for it,
 * or when its ECS field cannot hold the value exactly (docs/mapping-ecs.md lists each field with
 * its Elasticsearch type for an index template). Validate with `customFieldSets: ['siemkit']`.
 *
 * Every member is optional but `category` and `actor_type`: a member is written only when the
 * canonical event has something that its ECS home cannot carry.
 */
import type { ActorType } from '../../../schemas/canonical/actor.js';
import type { Category } from '../../../schemas/canonical/category.js';
import type { EcsDocument } from '../../validate/ecs.js';

/** The name of the custom field set, for `validateEcs(doc, { customFieldSets: [SIEMKIT_FIELD_SET] })`. */
export const SIEMKIT_FIELD_SET = 'siemkit';

/** One label whose key ECS `labels` cannot hold (a dot, empty, only whitespace). */
export interface SiemkitLabel {
  readonly key: string;
  readonly value: string;
}

export interface SiemkitFields {
  /** The canonical category: ECS `event.category` is a different taxonomy and cannot give it back. */
  category: Category;
  /** `actor.type`: ECS `user.*` describes any principal and has no type. */
  actor_type: ActorType;
  /** `denied` only: ECS `event.outcome` says `failure` for a policy refusal too. */
  outcome?: 'denied';
  /** The exact canonical timestamp, only when `@timestamp` cannot hold it as written. */
  timestamp?: string;
  session_id?: string;
  /** The resource members that have no ECS field in the event's category; `type` always (it is also the resource's presence). */
  resource?: { type?: string; id?: string; name?: string; path?: string; email?: string };
  /** Source members without an ECS home; `{}` alone marks a `source` (or `geo`) that had no member. */
  source?: { ip?: string; is_anonymous?: boolean; geo?: { lat?: number; lon?: number } };
  labels?: SiemkitLabel[];
  /** The payload members that have no ECS field; written whenever some are left, and as `{}` for an empty payload. */
  payload?: Record<string, unknown>;
}

/** What `toEcs` returns: an ECS document with the `siemkit.*` custom field set. */
export type EcsEventDocument = EcsDocument & { siemkit: SiemkitFields };
