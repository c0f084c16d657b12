/**
 * A class mapper: how events land in one OCSF class. The common fields (metadata, time, actor,
 * source, session, request id, outcome) go where `homes` says, which differs per class because
 * the classes differ (docs/mapping-ocsf.md); the class's own objects come from `toClass`.
 */
import type { Resource } from '../../../schemas/canonical/resource.js';
import type { FromContext, ToContext } from './context.js';
import type { PayloadHome } from './payload.js';
import type { Obj } from './read.js';

/** The classes `toOcsf` maps to: each category's default (DESIGN.md §2). */
export const MAPPED_CLASSES = ['authentication', 'account_change', 'group_management', 'user_access', 'file_hosting', 'api_activity', 'entity_management', 'detection_finding'] as const;
export type MappedClassName = (typeof MAPPED_CLASSES)[number];

/** The OCSF profiles a mapped event may declare in `metadata.profiles`. */
export type MappedProfiles = 'datetime' | 'host';

/** Where the common canonical fields go in a class. */
export interface CommonHomes {
  /** `core`: the class has `actor`; `host`: only through the `host` profile, which the event then declares. */
  readonly actor: 'core' | 'host';
  /**
   * `source.ip`, `port` and `geo`: `src_endpoint` (`required` when the class requires it),
   * `evidences[0].src_endpoint` in a finding, or nowhere (all of `source` goes to unmapped).
   */
  readonly source: 'src_endpoint' | 'src_endpoint_required' | 'evidences' | 'none';
  /** `source.user_agent`: `http_request.user_agent`, or nowhere. */
  readonly userAgent: 'http_request' | 'none';
  /** `session_id`: `session.uid` or `actor.session.uid`. */
  readonly session: 'session' | 'actor.session';
  /** `request_id`: `api.request.uid`, `http_request.uid` or `metadata.correlation_uid`. */
  readonly requestId: 'api.request' | 'http_request' | 'metadata.correlation_uid';
  /** `outcome`: `status_id`, or nowhere (a finding's status_id is the finding's own status). */
  readonly outcome: 'status_id' | 'none';
}

export interface ClassMapper {
  readonly name: MappedClassName;
  readonly uid: number;
  readonly homes: CommonHomes;
  /** The payload members this class has attributes for, in the order they claim them. */
  readonly payload: readonly PayloadHome[];
  /** Writes the class's own objects (from the resource, the actor) into `out`, before the payload homes. */
  toClass(ctx: ToContext, out: Obj): void;
  /** Fills what the class requires and nothing gave, after the payload homes. */
  complete?(ctx: ToContext, out: Obj): void;
  /** The canonical resource, from the class's objects and the kept members. */
  resourceFrom(ctx: FromContext): Resource | undefined;
}
