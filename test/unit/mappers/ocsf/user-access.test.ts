/**
 * ACCESS_MANAGEMENT -> OCSF 3005 User Access Management: the user is the resource, privileges
 * payload.privileges or [payload.role]. Every case also validates with no error and maps back to
 * its input exactly.
 */
import { describe, it } from 'vitest';
import type { Case } from '../../../helpers/ocsf-mapping-case.js';
import { check } from '../../../helpers/ocsf-mapping-case.js';


const admin = { type: 'user', id: 'usr_adm' } as const;
const bob = { type: 'user', id: 'usr_bob', name: 'Bob', email: 'bob@example.com' } as const;
const base = { event_id: 'evt_4', timestamp: '2024-05-16T10:00:00.000Z', tenant_id: 'tnt_1', category: 'ACCESS_MANAGEMENT', severity: 'high', outcome: 'success', actor: admin, resource: bob } as const;

const cases: Case[] = [
  {
    name: 'role.assign with a role: privileges [role], and the bit that says it was a role',
    in: { ...base, action: 'role.assign', payload: { role: 'Billing Admin' } },
    out: {
      class_uid: 3005,
      activity_id: 1,
      activity_name: 'Assign Privileges',
      metadata: { profiles: ['datetime', 'host'] },
      actor: { user: { uid: 'usr_adm', type_id: 1 } },
      user: { uid: 'usr_bob', name: 'Bob', email_addr: 'bob@example.com' },
      privileges: ['Billing Admin'],
      unmapped: { siemkit: { resource: { type: 'user' }, payload: {}, role_in_privileges: true } },
    },
  },
  {
    name: 'role.revoke with privileges: privileges as they are',
    in: { ...base, action: 'role.revoke', payload: { privileges: ['files:admin', 'users:read'] } },
    out: { activity_id: 2, privileges: ['files:admin', 'users:read'], unmapped: { siemkit: { resource: { type: 'user' }, payload: {} } } },
  },
  {
    name: 'both: privileges win the home, the role stays in the payload',
    in: { ...base, action: 'role.assign', payload: { privileges: ['p1'], role: 'r1' } },
    out: { privileges: ['p1'], unmapped: { siemkit: { resource: { type: 'user' }, payload: { role: 'r1' } } } },
  },
  {
    name: 'an unregistered action: activity 99, and role still goes to privileges (DESIGN.md §2 names it for the category)',
    in: { ...base, action: 'role.update', source: { ip: '192.0.2.1' }, payload: { role: 'Viewer', note: 'x' } },
    out: { activity_id: 99, activity_name: 'role.update', privileges: ['Viewer'], unmapped: { siemkit: { resource: { type: 'user' }, source: { ip: '192.0.2.1' }, payload: { note: 'x' }, role_in_privileges: true } } },
    absent: ['src_endpoint'],
  },
];

describe('toOcsf: ACCESS_MANAGEMENT -> 3005 User Access Management', () => {
  it.each(cases)('$name', (c) => {
    check(c);
  });
});
