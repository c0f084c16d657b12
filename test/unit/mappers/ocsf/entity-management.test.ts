/**
 * CONFIGURATION -> OCSF 3004 Entity Management: the entity is the resource; a settings change's
 * old and new values are the entity's data before and after. Every case also validates with no
 * error and maps back to its input exactly.
 */
import { describe, it } from 'vitest';
import type { Case } from '../../../helpers/ocsf-mapping-case.js';
import { check } from '../../../helpers/ocsf-mapping-case.js';


const admin = { type: 'user', id: 'usr_adm' } as const;
const setting = { type: 'setting', id: 'sharing.links', name: 'External links', path: 'admin/security' } as const;
const base = { event_id: 'evt_8', timestamp: '2024-05-19T07:00:00.000Z', tenant_id: 'tnt_1', category: 'CONFIGURATION', severity: 'medium', outcome: 'success', actor: admin, resource: setting } as const;

const cases: Case[] = [
  {
    name: 'settings.update: entity, old value in entity.data, new value in entity_result.data',
    in: { ...base, action: 'settings.update', source: { ip: '203.0.113.4' }, request_id: 'req_1', payload: { old_value: { enabled: true }, new_value: false } },
    out: {
      class_uid: 3004,
      activity_id: 3,
      activity_name: 'Update',
      metadata: { profiles: ['datetime', 'host'], correlation_uid: 'req_1' },
      actor: { user: { uid: 'usr_adm', type_id: 1 } },
      entity: { uid: 'sharing.links', name: 'External links', type: 'setting', data: { enabled: true } },
      entity_result: { uid: 'sharing.links', name: 'External links', type: 'setting', data: false },
      unmapped: { siemkit: { source: { ip: '203.0.113.4' }, resource: { path: 'admin/security' }, payload: {} } },
    },
    absent: ['src_endpoint'],
  },
  {
    name: 'certificate.revoke: the certificate payload has no home in this class',
    in: { ...base, action: 'certificate.revoke', severity: 'critical', resource: { type: 'certificate', id: 'crt_1' }, payload: { serial_number: '03:FF', revocation_reason: 'keyCompromise' } },
    out: { activity_id: 4, severity_id: 5, severity: 'Critical', entity: { uid: 'crt_1', type: 'certificate' }, unmapped: { siemkit: { payload: { serial_number: '03:FF', revocation_reason: 'keyCompromise' } } } },
  },
  {
    name: 'an unregistered action: activity 99 named by the action',
    in: { ...base, action: 'policy.update', resource: { type: 'policy', id: 'pol_1', name: 'MFA' } },
    out: { activity_id: 99, activity_name: 'policy.update', type_uid: 300499, entity: { uid: 'pol_1', name: 'MFA', type: 'policy' } },
    absent: ['unmapped'],
  },
];

describe('toOcsf: CONFIGURATION -> 3004 Entity Management', () => {
  it.each(cases)('$name', (c) => {
    check(c);
  });
});
