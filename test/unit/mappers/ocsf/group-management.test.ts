/**
 * GROUP_MANAGEMENT -> OCSF 3006 Group Management: the group is the resource, the member
 * payload.member; actor only through the host profile; no src_endpoint. Every case also validates
 * with no error and maps back to its input exactly.
 */
import { describe, it } from 'vitest';
import type { Case } from '../../../helpers/ocsf-mapping-case.js';
import { check } from '../../../helpers/ocsf-mapping-case.js';


const admin = { type: 'user', id: 'usr_adm', name: 'Admin' } as const;
const base = { event_id: 'evt_3', timestamp: '2024-05-16T09:00:00Z', tenant_id: 'tnt_1', category: 'GROUP_MANAGEMENT', severity: 'low', outcome: 'success', actor: admin } as const;

const cases: Case[] = [
  {
    name: 'group.member_add: group, user = member, host profile for actor, source kept whole',
    in: {
      ...base,
      action: 'group.member_add',
      resource: { type: 'group', id: 'grp_fin', name: 'Finance | EMEA' },
      source: { ip: '203.0.113.1', geo: { country: 'FR' } },
      session_id: 'ses_1',
      request_id: 'req_1',
      payload: { member: { id: 'usr_2', email: 'bob@example.com', name: 'Bob' } },
    },
    out: {
      class_uid: 3006,
      activity_id: 3,
      activity_name: 'Add User',
      metadata: { profiles: ['datetime', 'host'], correlation_uid: 'req_1' },
      actor: { user: { uid: 'usr_adm', name: 'Admin', type_id: 1 }, session: { uid: 'ses_1' } },
      group: { uid: 'grp_fin', name: 'Finance | EMEA', type: 'group' },
      user: { uid: 'usr_2', email_addr: 'bob@example.com', name: 'Bob' },
      unmapped: { siemkit: { source: { ip: '203.0.113.1', geo: { country: 'FR' } }, payload: {} } },
    },
    absent: ['src_endpoint', 'http_request', 'privileges'],
  },
  {
    name: 'group.member_remove: a member with an id only; the group path has no home',
    in: { ...base, action: 'group.member_remove', resource: { type: 'group', id: 'grp_c', path: '/groups/c' }, payload: { member: { id: 'usr_3' } } },
    out: { activity_id: 4, group: { uid: 'grp_c', type: 'group' }, user: { uid: 'usr_3' }, unmapped: { siemkit: { resource: { path: '/groups/c' }, payload: {} } } },
  },
  {
    name: 'an unregistered action without a member: privileges [] stands in for the required privileges-or-user',
    in: { ...base, action: 'group.create', resource: { type: 'team', id: 'grp_new', name: 'New' } },
    out: { activity_id: 99, activity_name: 'group.create', group: { uid: 'grp_new', name: 'New', type: 'team' }, privileges: [], unmapped: { siemkit: { placeholders: ['privileges'] } } },
    absent: ['user'],
  },
  {
    name: 'a member that user cannot hold exactly stays in the payload',
    in: { ...base, action: 'group.invite', resource: { type: 'group', id: 'grp_1' }, payload: { member: { id: 'usr_4', role: 'owner' } } },
    out: { privileges: [], unmapped: { siemkit: { payload: { member: { id: 'usr_4', role: 'owner' } }, placeholders: ['privileges'] } } },
    absent: ['user'],
  },
];

describe('toOcsf: GROUP_MANAGEMENT -> 3006 Group Management', () => {
  it.each(cases)('$name', (c) => {
    check(c);
  });
});
