/**
 * ACCOUNT_CHANGE -> OCSF 3001 Account Change: where each canonical field lands, hand-written,
 * the self-change (no resource) included. Every case also validates with no error and maps back
 * to its input exactly.
 */
import { describe, it } from 'vitest';
import type { Case } from '../../../helpers/ocsf-mapping-case.js';
import { check } from '../../../helpers/ocsf-mapping-case.js';


const admin = { type: 'user', id: 'usr_adm', email: 'admin@example.com', name: 'Admin' } as const;
const base = { event_id: 'evt_2', timestamp: '2024-05-15T10:20:30.456789-05:00', tenant_id: 'tnt_1', category: 'ACCOUNT_CHANGE', severity: 'low', actor: admin } as const;
const adminUser = { uid: 'usr_adm', email_addr: 'admin@example.com', name: 'Admin', type_id: 1, type: 'User' };

const cases: Case[] = [
  {
    name: 'user.create: user is the resource, actor.user the admin; type has no home in user',
    in: {
      ...base,
      action: 'user.create',
      outcome: 'success',
      resource: { type: 'user', id: 'usr_new', name: 'Chloé', email: 'chloe@example.com' },
      source: { ip: '2001:db8::1', user_agent: 'curl/8' },
      session_id: 'ses_9',
      request_id: 'req_9',
    },
    out: {
      class_uid: 3001,
      type_uid: 300101,
      activity_id: 1,
      activity_name: 'Create',
      severity_id: 2,
      severity: 'Low',
      time: Date.parse('2024-05-15T15:20:30.456Z'),
      time_dt: '2024-05-15T10:20:30.456789-05:00',
      timezone_offset: -300,
      actor: { user: adminUser, session: { uid: 'ses_9' } },
      user: { uid: 'usr_new', name: 'Chloé', email_addr: 'chloe@example.com' },
      src_endpoint: { ip: '2001:db8::1' },
      http_request: { user_agent: 'curl/8', uid: 'req_9' },
      unmapped: { siemkit: { resource: { type: 'user' } } },
    },
  },
  {
    name: 'user.password_change without a resource: the actor changed their own account, user is the actor\'s',
    in: { ...base, action: 'user.password_change', outcome: 'success' },
    out: { activity_id: 3, activity_name: 'Password Change', actor: { user: adminUser }, user: adminUser },
    absent: ['unmapped'],
  },
  {
    name: 'a resource that names the actor is still a resource (its type is kept)',
    in: { ...base, action: 'user.disable', outcome: 'failure', resource: { type: 'user', id: 'usr_adm' } },
    out: { activity_id: 5, status_id: 2, user: { uid: 'usr_adm' }, unmapped: { siemkit: { resource: { type: 'user' } } } },
  },
  {
    name: 'denied vs failure: both status_id 2, only denied is kept',
    in: { ...base, action: 'user.delete', outcome: 'denied', resource: { type: 'user', id: 'usr_x', path: '/org/people/x' } },
    out: { activity_id: 6, status_id: 2, status: 'Failure', unmapped: { siemkit: { outcome: 'denied', resource: { type: 'user', path: '/org/people/x' } } } },
  },
  {
    name: 'user.mfa_enable: activity 10 MFA Factor Enable, the factor has no home',
    in: { ...base, action: 'user.mfa_enable', outcome: 'success', payload: { factor: 'webauthn' } },
    out: { activity_id: 10, activity_name: 'MFA Factor Enable', unmapped: { siemkit: { payload: { factor: 'webauthn' } } } },
  },
  {
    name: 'an unregistered action: activity 99 named by the action',
    in: { ...base, action: 'user.rename', outcome: 'success', resource: { type: 'user', id: 'usr_y', name: 'Yann' } },
    out: { class_uid: 3001, activity_id: 99, activity_name: 'user.rename', type_uid: 300199, unmapped: { siemkit: { resource: { type: 'user' } } } },
  },
];

describe('toOcsf: ACCOUNT_CHANGE -> 3001 Account Change', () => {
  it.each(cases)('$name', (c) => {
    check(c);
  });
});
