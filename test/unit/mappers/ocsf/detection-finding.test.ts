/**
 * SECURITY -> OCSF 2004 Detection Finding: finding_info derived from the event and its type,
 * resources[0], the source as evidence; the outcome is kept (status_id is the finding's status).
 * Every case also validates with no error and maps back to its input exactly.
 */
import { describe, it } from 'vitest';
import type { Case } from '../../../helpers/ocsf-mapping-case.js';
import { check } from '../../../helpers/ocsf-mapping-case.js';


const bob = { type: 'user', id: 'usr_bob', name: 'Bob' } as const;
const base = { event_id: 'evt_9', timestamp: '2024-05-20T13:00:00.000Z', tenant_id: 'tnt_1', category: 'SECURITY', severity: 'high', actor: bob } as const;

const cases: Case[] = [
  {
    name: 'dlp.block: finding_info, analytic from the rule, resources, evidences; no status_id',
    in: {
      ...base,
      action: 'dlp.block',
      outcome: 'success',
      resource: { type: 'file', id: 'fil_7', name: 'customers.csv', path: '/Sales/customers.csv' },
      source: { ip: '2001:db8::7', user_agent: 'Desktop/4.2', geo: { country: 'FR', city: 'Lyon', lat: 45.764, lon: 4.8357 } },
      session_id: 'ses_1',
      payload: { policy: 'PII', rule: 'PII\\IBAN', matched: ['iban'] },
    },
    out: {
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      activity_name: 'Create',
      severity_id: 4,
      metadata: { profiles: ['datetime', 'host'] },
      actor: { user: { uid: 'usr_bob', name: 'Bob', type_id: 1 }, session: { uid: 'ses_1' } },
      finding_info: { uid: 'evt_9', title: 'DLP blocked', types: ['dlp.block'], analytic: { type_id: 1, type: 'Rule', name: 'PII\\IBAN' } },
      resources: [{ uid: 'fil_7', name: 'customers.csv', type: 'file' }],
      evidences: [{ src_endpoint: { ip: '2001:db8::7', location: { country: 'FR', city: 'Lyon', coordinates: [4.8357, 45.764] } } }],
      unmapped: { siemkit: { outcome: 'success', source: { user_agent: 'Desktop/4.2' }, resource: { path: '/Sales/customers.csv' }, payload: { policy: 'PII', matched: ['iban'] } } },
    },
    absent: ['status_id', 'src_endpoint'],
  },
  {
    name: 'siem.delivery.dropped: count, oldest and newest are count, start_time and end_time',
    in: {
      ...base,
      action: 'siem.delivery.dropped',
      outcome: 'failure',
      severity: 'critical',
      actor: { type: 'system', id: 'siemkit' },
      payload: { destination: 'splunk-prod', count: 1250, oldest: '2024-05-20T13:20:00.000Z', newest: '2024-05-20T13:29:59.999999Z', window_ms: 1800000 },
    },
    out: {
      count: 1250,
      start_time: Date.parse('2024-05-20T13:20:00.000Z'),
      start_time_dt: '2024-05-20T13:20:00.000Z',
      end_time: Date.parse('2024-05-20T13:29:59.999Z'),
      end_time_dt: '2024-05-20T13:29:59.999999Z',
      finding_info: { title: 'SIEM delivery dropped events' },
      unmapped: { siemkit: { outcome: 'failure', payload: { destination: 'splunk-prod', window_ms: 1800000 } } },
    },
  },
  {
    name: 'permission.denied: a denial is the kept outcome',
    in: { ...base, action: 'permission.denied', outcome: 'denied', payload: { permission: 'folder.read' } },
    out: { unmapped: { siemkit: { outcome: 'denied', payload: { permission: 'folder.read' } } } },
  },
  {
    name: 'an unregistered action: activity 99 named by the action, which is also the title',
    in: { ...base, action: 'malware.detect', outcome: 'unknown', payload: { count: 3 } },
    out: { activity_id: 99, activity_name: 'malware.detect', type_uid: 200499, finding_info: { uid: 'evt_9', title: 'malware.detect', types: ['malware.detect'] }, unmapped: { siemkit: { outcome: 'unknown', payload: { count: 3 } } } },
    absent: ['count'],
  },
];

describe('toOcsf: SECURITY -> 2004 Detection Finding', () => {
  it.each(cases)('$name', (c) => {
    check(c);
  });
});
