/**
 * OCSF 3002 Authentication: the AUTHENTICATION category (sign-in, sign-out, MFA, session expiry,
 * token exchange).
 *
 * `user` (required: "the subject to authenticate") is the actor's own account, copied from
 * `actor.user`; `service` (the class needs `service` or `dst_endpoint`) is the product the user
 * signs in to, from the product identity. The class has no attribute for a resource, so a
 * `resource` is kept whole.
 *
 * Payload homes: `mfa` -> `is_mfa`; `method` -> `auth_protocol_id` when it names one of OCSF's
 * protocols (`saml` 5 SAML, `oidc` 4 OpenID, ...; `password` or `passkey` are not protocols and
 * stay in unmapped); `idp` -> `actor.idp.name`; for `session.expire`, `reason` ->
 * `session.expiration_reason`.
 */
import { actorAccount } from '../actor.js';
import type { ClassMapper } from '../class-mapper.js';
import type { PayloadHome } from '../payload.js';
import type { Obj } from '../read.js';
import { boolAt, copyObj, intAt, objAt, strAt } from '../read.js';
import { fits } from '../limits.js';
import { mergeResource } from '../resource.js';

/**
 * `payload.method` values that name an OCSF `auth_protocol_id`, with its caption (`auth_protocol`);
 * one name per id, so the way back is exact.
 */
const PROTOCOLS: ReadonlyMap<string, { readonly id: number; readonly caption: string }> = new Map([
  ['ntlm', { id: 1, caption: 'NTLM' }],
  ['kerberos', { id: 2, caption: 'Kerberos' }],
  ['digest', { id: 3, caption: 'Digest' }],
  ['oidc', { id: 4, caption: 'OpenID' }],
  ['saml', { id: 5, caption: 'SAML' }],
  ['oauth2', { id: 6, caption: 'OAUTH 2.0' }],
  ['pap', { id: 7, caption: 'PAP' }],
  ['chap', { id: 8, caption: 'CHAP' }],
  ['eap', { id: 9, caption: 'EAP' }],
  ['radius', { id: 10, caption: 'RADIUS' }],
]);
const METHOD_BY_PROTOCOL_ID: ReadonlyMap<number, string> = new Map([...PROTOCOLS].map(([method, p]) => [p.id, method]));

const PAYLOAD: readonly PayloadHome[] = [
  {
    key: 'mfa',
    put(v, out) {
      if (typeof v !== 'boolean') return false;
      out.is_mfa = v;
      return true;
    },
    take: (ctx) => boolAt(ctx.ocsf, 'is_mfa'),
  },
  {
    key: 'method',
    put(v, out) {
      const protocol = typeof v === 'string' ? PROTOCOLS.get(v) : undefined;
      if (protocol === undefined) return false;
      out.auth_protocol_id = protocol.id;
      out.auth_protocol = protocol.caption;
      return true;
    },
    take(ctx) {
      const id = intAt(ctx.ocsf, 'auth_protocol_id');
      return id === undefined ? undefined : METHOD_BY_PROTOCOL_ID.get(id);
    },
  },
  {
    key: 'idp',
    put(v, out) {
      if (typeof v !== 'string' || !fits(v)) return false;
      (out.actor as Obj).idp = { name: v };
      return true;
    },
    take: (ctx) => strAt(objAt(objAt(ctx.ocsf, 'actor'), 'idp'), 'name'),
  },
  {
    key: 'reason',
    only: ['session.expire'],
    put(v, out) {
      if (typeof v !== 'string' || !fits(v)) return false;
      ((out.session ??= {}) as Obj).expiration_reason = v;
      return true;
    },
    take: (ctx) => strAt(objAt(ctx.ocsf, 'session'), 'expiration_reason'),
  },
];

export const authentication: ClassMapper = {
  name: 'authentication',
  uid: 3002,
  homes: { actor: 'core', source: 'src_endpoint', userAgent: 'http_request', session: 'session', requestId: 'http_request', outcome: 'status_id' },
  payload: PAYLOAD,
  toClass(ctx, out) {
    out.user = actorAccount(ctx, out, 'user');
    out.service = { name: ctx.product.name };
    const r = ctx.event.resource;
    if (r !== undefined) ctx.kept.resource = copyObj(r);
  },
  resourceFrom: (ctx) => mergeResource(undefined, ctx.keptIn('resource'), 'resource'),
};
