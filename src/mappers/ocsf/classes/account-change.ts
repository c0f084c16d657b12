/**
 * OCSF 3001 Account Change: the ACCOUNT_CHANGE category (user lifecycle, password and MFA changes).
 *
 * `user` (required: the account changed) is the resource; without a resource the actor changed
 * their own account (DESIGN.md §2), and `user` is a copy of `actor.user`. A user has no attribute
 * for the resource's `type` or `path`, so they are kept; a kept `resource` member is therefore
 * also what tells a resource from a self-change on the way back.
 */
import { actorAccount, resourceUser, userResource } from '../actor.js';
import type { ClassMapper } from '../class-mapper.js';
import { objAt, strAt } from '../read.js';
import { keepResourceMembers, mergeResource } from '../resource.js';

export const accountChange: ClassMapper = {
  name: 'account_change',
  uid: 3001,
  homes: { actor: 'core', source: 'src_endpoint', userAgent: 'http_request', session: 'actor.session', requestId: 'http_request', outcome: 'status_id' },
  payload: [],
  toClass(ctx, out) {
    const r = ctx.event.resource;
    if (r === undefined) {
      out.user = actorAccount(ctx, out, 'user');
      return;
    }
    out.user = resourceUser(ctx, r, 'user');
    keepResourceMembers((k, v) => ctx.keepIn('resource', k, v), r, ['type', 'path']);
  },
  resourceFrom(ctx) {
    const user = objAt(ctx.ocsf, 'user');
    const home = userResource(ctx, user, 'user');
    const kept = ctx.keptIn('resource');
    if (kept !== undefined) return mergeResource(home, kept, 'user');
    // Another producer's record: a user other than the actor is the account changed.
    const actorUid = strAt(objAt(objAt(ctx.ocsf, 'actor'), 'user'), 'uid');
    return home?.id !== undefined && home.id !== actorUid ? mergeResource(home, undefined, 'user') : undefined;
  },
};
