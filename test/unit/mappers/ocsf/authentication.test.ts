/**
 * AUTHENTICATION -> OCSF 3002 Authentication: where each canonical field lands, hand-written.
 * Every case also validates with no error and maps back to its input exactly.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { fromOcsf, toOcsf } from '../../../../src/mappers/ocsf/index.js';
import { validateOcsf } from '../../../../src/validate/ocsf.js';
import type { Case } from '../../../helpers/ocsf-mapping-case.js';
import { check, product } from '../../../helpers/ocsf-mapping-case.js';


const alice = { type: 'user', id: 'usr_1', email: 'alice@example.com', name: 'Alice' } as const;
const base = { event_id: 'evt_1', timestamp: '2024-05-14T09:21:07.123Z', tenant_id: 'tnt_1', category: 'AUTHENTICATION', severity: 'info', actor: alice } as const;
const aliceUser = { uid: 'usr_1', email_addr: 'alice@example.com', name: 'Alice', type_id: 1, type: 'User' };

const cases: Case[] = [
  {
    name: 'user.login: the actor is actor.user and the subject user; source, session, request, payload homes',
    in: {
      ...base,
      action: 'user.login',
      outcome: 'success',
      source: { ip: '203.0.113.42', port: 51234, user_agent: 'Mozilla/5.0', geo: { country: 'DE', region: 'Berlin', city: 'Berlin', lat: 52.52, lon: 13.405 } },
      session_id: 'ses_1',
      request_id: 'req_1',
      message: 'signed in',
      payload: { method: 'saml', mfa: true, idp: 'Okta' },
    },
    out: {
      class_uid: 3002,
      category_uid: 3,
      type_uid: 300201,
      activity_id: 1,
      activity_name: 'Logon',
      severity_id: 1,
      severity: 'Informational',
      status_id: 1,
      status: 'Success',
      message: 'signed in',
      actor: { user: aliceUser, idp: { name: 'Okta' } },
      user: aliceUser,
      service: { name: 'ScaiDrive' },
      src_endpoint: { ip: '203.0.113.42', port: 51234, location: { country: 'DE', region: 'Berlin', city: 'Berlin', coordinates: [13.405, 52.52] } },
      http_request: { user_agent: 'Mozilla/5.0', uid: 'req_1' },
      session: { uid: 'ses_1' },
      is_mfa: true,
      auth_protocol_id: 5,
      auth_protocol: 'SAML',
      unmapped: { siemkit: { payload: {} } },
    },
  },
  {
    name: 'user.login: a method that names no OCSF protocol and a non-boolean mfa stay in the payload',
    in: { ...base, action: 'user.login', outcome: 'failure', payload: { method: 'passkey', mfa: 'yes', extra: [1, 2] } },
    out: { status_id: 2, status: 'Failure', unmapped: { siemkit: { payload: { method: 'passkey', mfa: 'yes', extra: [1, 2] } } } },
  },
  {
    name: 'session.expire: the reason is session.expiration_reason',
    in: { ...base, action: 'session.expire', outcome: 'success', session_id: 'ses_1', payload: { reason: 'idle' } },
    out: { activity_id: 2, session: { uid: 'ses_1', expiration_reason: 'idle' }, unmapped: { siemkit: { payload: {} } } },
  },
  {
    name: 'user.login: a reason is not an expiration reason (that home is only session.expire\'s)',
    in: { ...base, action: 'user.login', outcome: 'failure', payload: { reason: 'bad password' } },
    out: { unmapped: { siemkit: { payload: { reason: 'bad password' } } } },
    absent: ['session'],
  },
  {
    name: 'token.exchange: the service account is actor.invoked_by; denied is Failure plus the discriminating bit',
    in: { ...base, action: 'token.exchange', outcome: 'denied', actor: { type: 'user', id: 'usr_1', service_account: 'reporting-bot' }, payload: { client_id: 'c1', scopes: ['a'] } },
    out: {
      activity_id: 99,
      activity_name: 'Token Exchange',
      type_uid: 300299,
      status_id: 2,
      status: 'Failure',
      actor: { user: { uid: 'usr_1', type_id: 1 }, invoked_by: 'reporting-bot' },
      unmapped: { siemkit: { outcome: 'denied', payload: { client_id: 'c1', scopes: ['a'] } } },
    },
  },
  {
    name: 'an unregistered action: activity 99 named by the action, in the category default class',
    in: { ...base, action: 'user.passkey_register', outcome: 'unknown' },
    out: { class_uid: 3002, activity_id: 99, activity_name: 'user.passkey_register', type_uid: 300299, status_id: 0, status: 'Unknown', metadata: { event_code: 'user.passkey_register' } },
    absent: ['unmapped', 'src_endpoint', 'http_request', 'session'],
  },
  {
    name: 'a resource: the class has no attribute for one, so it is kept whole',
    in: { ...base, action: 'user.login', outcome: 'success', resource: { type: 'app', id: 'app_1', name: 'Billing' } },
    out: { unmapped: { siemkit: { resource: { type: 'app', id: 'app_1', name: 'Billing' } } } },
  },
  {
    name: 'actor types: an API key and a system are user.type_id 99 "API Key" and 3 System',
    in: { ...base, action: 'user.logout', outcome: 'success', actor: { type: 'api_key', id: 'key_1', name: 'Terraform' } },
    out: { actor: { user: { uid: 'key_1', name: 'Terraform', type_id: 99, type: 'API Key' } }, user: { uid: 'key_1', type_id: 99, type: 'API Key' } },
  },
  {
    name: 'a system actor',
    in: { ...base, action: 'user.logout', outcome: 'success', actor: { type: 'system', id: 'sched' } },
    out: { actor: { user: { uid: 'sched', type_id: 3, type: 'System' } } },
  },
  {
    name: 'a service account actor',
    in: { ...base, action: 'user.logout', outcome: 'success', actor: { type: 'service_account', id: 'svc_1' } },
    out: { actor: { user: { uid: 'svc_1', type_id: 99, type: 'Service Account' } } },
  },
];

describe('toOcsf: AUTHENTICATION -> 3002 Authentication', () => {
  it.each(cases)('$name', (c) => {
    check(c);
  });

  it('maps every payload.method that names an OCSF protocol, with its caption', () => {
    for (const method of ['ntlm', 'kerberos', 'digest', 'oidc', 'saml', 'oauth2', 'pap', 'chap', 'eap', 'radius']) {
      const event: CanonicalEvent = { ...base, action: 'user.login', outcome: 'success', payload: { method } };
      const ocsf = toOcsf(event, { product }) as Record<string, unknown>;
      const result = validateOcsf(ocsf);
      expect(result.errors).toEqual([]);
      expect(result.warnings.filter((w) => w.code === 'attribute_enum_sibling_incorrect')).toEqual([]);
      expect(ocsf.auth_protocol_id).not.toBe(99);
      expect(fromOcsf(ocsf)).toStrictEqual(event);
    }
  });
});
