/**
 * OCSF 3006 Group Management: the GROUP_MANAGEMENT category. `group` (required) is the resource,
 * its `type` the resource's; `user` is the member added or removed (`payload.member`, DESIGN.md
 * §2). The class has `actor` only through the `host` profile (OCSF 1.1.0), so the event declares
 * it, and has no `src_endpoint` or `http_request`: `source` is kept whole.
 *
 * The class needs `privileges` or `user`; an event without a member gets `privileges: []`
 * (listed as a placeholder). A group without a resource gets a placeholder name.
 */
import type { ClassMapper } from '../class-mapper.js';
import { fits } from '../limits.js';
import type { PayloadHome } from '../payload.js';
import { isObj, objAt, strAt } from '../read.js';
import { namedObject, namedResource } from '../resource.js';

const MEMBER_KEYS: ReadonlySet<string> = new Set(['id', 'email', 'name']);
const isText = (v: unknown): v is string => typeof v === 'string' && fits(v);

const PAYLOAD: readonly PayloadHome[] = [
  {
    key: 'member',
    put(v, out) {
      // Only a member that `user` holds exactly: {id, email?, name?} of strings.
      if (!isObj(v) || !Object.keys(v).every((k) => MEMBER_KEYS.has(k)) || !isText(v.id)) return false;
      if ((v.email !== undefined && !isText(v.email)) || (v.name !== undefined && !isText(v.name))) return false;
      const user: Record<string, string> = { uid: v.id };
      if (v.email !== undefined) user.email_addr = v.email;
      if (v.name !== undefined) user.name = v.name;
      out.user = user;
      return true;
    },
    take(ctx) {
      const user = objAt(ctx.ocsf, 'user');
      const id = strAt(user, 'uid');
      if (id === undefined) return undefined;
      const member: Record<string, string> = { id };
      const email = strAt(user, 'email_addr');
      if (email !== undefined) member.email = email;
      const name = strAt(user, 'name');
      if (name !== undefined) member.name = name;
      return member;
    },
  },
];

export const groupManagement: ClassMapper = {
  name: 'group_management',
  uid: 3006,
  homes: { actor: 'host', source: 'none', userAgent: 'none', session: 'actor.session', requestId: 'metadata.correlation_uid', outcome: 'status_id' },
  payload: PAYLOAD,
  toClass(ctx, out) {
    const r = ctx.event.resource;
    out.group = r === undefined ? { name: ctx.placeholder('group.name') } : namedObject(ctx, r, 'group');
  },
  complete(ctx, out) {
    if (out.user === undefined && out.privileges === undefined) {
      ctx.placeholder('privileges');
      out.privileges = [];
    }
  },
  resourceFrom: (ctx) => namedResource(ctx, objAt(ctx.ocsf, 'group'), 'group', 'group'),
};
