/**
 * OCSF 3005 User Access Management: the ACCESS_MANAGEMENT category (role assignment and
 * revocation). `user` (required) is the resource, the user whose access changes; `privileges`
 * (required) is `payload.privileges`, or else `[payload.role]`: OCSF 1.1.0 has no role attribute,
 * and a role is a named set of privileges (`unmapped.siemkit.role_in_privileges` says which it
 * was). Without either, `privileges` is `[]` (a placeholder). The class has `actor` only through
 * the `host` profile and no `src_endpoint`: `source` is kept whole.
 */
import { resourceUser, userResource } from '../actor.js';
import type { ClassMapper } from '../class-mapper.js';
import { fits } from '../limits.js';
import type { PayloadHome } from '../payload.js';
import { arrAt, objAt } from '../read.js';
import { keepResourceMembers, mergeResource } from '../resource.js';

const isPrivileges = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'string' && fits(p));

function privileges(ctx: Parameters<PayloadHome['take']>[0]): readonly unknown[] | undefined {
  return ctx.placeholders.has('privileges') ? undefined : arrAt(ctx.ocsf, 'privileges');
}

const PAYLOAD: readonly PayloadHome[] = [
  {
    key: 'privileges',
    put(v, out) {
      if (!isPrivileges(v)) return false;
      out.privileges = [...v];
      return true;
    },
    take(ctx) {
      const list = privileges(ctx);
      return ctx.kept.role_in_privileges === true || !isPrivileges(list) ? undefined : [...list];
    },
  },
  {
    key: 'role',
    put(v, out, ctx) {
      if (out.privileges !== undefined || typeof v !== 'string' || !fits(v)) return false;
      out.privileges = [v];
      ctx.kept.role_in_privileges = true;
      return true;
    },
    take(ctx) {
      const first = privileges(ctx)?.[0];
      return ctx.kept.role_in_privileges === true && typeof first === 'string' ? first : undefined;
    },
  },
];

export const userAccess: ClassMapper = {
  name: 'user_access',
  uid: 3005,
  homes: { actor: 'host', source: 'none', userAgent: 'none', session: 'actor.session', requestId: 'metadata.correlation_uid', outcome: 'status_id' },
  payload: PAYLOAD,
  toClass(ctx, out) {
    const r = ctx.event.resource;
    if (r === undefined) {
      out.user = { uid: ctx.placeholder('user.uid') };
      return;
    }
    out.user = resourceUser(ctx, r, 'user');
    keepResourceMembers((k, v) => ctx.keepIn('resource', k, v), r, ['type', 'path']);
  },
  complete(ctx, out) {
    if (out.privileges === undefined) {
      ctx.placeholder('privileges');
      out.privileges = [];
    }
  },
  resourceFrom: (ctx) => mergeResource(userResource(ctx, objAt(ctx.ocsf, 'user'), 'user'), ctx.keptIn('resource'), 'user'),
};
