/**
 * Writes `examples/ocsf/events.ndjson`: OCSF 1.1.0 events of the kinds a SaaS audit log carries,
 * built with siemkit's own typed builder (so class ids, type_uid and captions are derived), and
 * `examples/ocsf/broken.ndjson`: the same events each broken in one documented way.
 *
 *   npx tsx scripts/examples/ocsf.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOcsfEvent } from '../../src/ocsf/builder.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const product = { name: 'ScaiDrive', vendor_name: 'Acme', version: '1.4.2', uid: 'acme-scaidrive' };
const T = 1763800000000; // 2025-11-22T08:26:40Z
const metadata = (uid: string, profiles: string[] = []) => ({ uid, product, version: '1.1.0', profiles, log_name: 'audit', original_time: new Date(T).toISOString() });
const alice = { uid: 'usr_01J8Z3', name: 'alice', email_addr: 'alice@example.com', type_id: 1 as const, account: { uid: 'tnt_acme', name: 'Acme Corp', type_id: 99 as const, type: 'SaaS tenant' } };
const bob = { uid: 'usr_01J8Z4', name: 'bob', email_addr: 'bob@example.com', type_id: 1 as const };
const src = { ip: '198.51.100.23', port: 51512, location: { country: 'DE', city: 'Berlin' } };
const ua = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const service = { name: 'ScaiDrive', uid: 'svc_scaidrive' };
const session = { uid: 'ses_7Q2M', created_time: T - 60_000, is_remote: true, issuer: 'https://login.example.com' };

const events = [
  buildOcsfEvent<'authentication', 'datetime'>('authentication', {
    activity_id: 1, severity_id: 1, status_id: 1, time: T, time_dt: new Date(T).toISOString(),
    metadata: metadata('evt_01JD0001', ['datetime']),
    user: alice, actor: { user: alice, session }, src_endpoint: src, service, is_mfa: true, is_remote: true,
    auth_protocol_id: 5, logon_type_id: 3, http_request: { user_agent: ua },
    dst_endpoint: { hostname: 'app.scaidrive.example', ip: '203.0.113.10' }, message: 'alice signed in with SAML and MFA',
  }),
  buildOcsfEvent('authentication', {
    activity_id: 1, severity_id: 3, status_id: 2, status_detail: 'INVALID_CREDENTIALS', time: T + 1000,
    metadata: metadata('evt_01JD0002'), user: bob, src_endpoint: { ip: '192.0.2.77' }, service, is_remote: true,
    auth_protocol_id: 99, auth_protocol: 'password', logon_type_id: 3, dst_endpoint: { hostname: 'app.scaidrive.example' },
    message: 'bob failed to sign in',
  }),
  buildOcsfEvent('account_change', {
    activity_id: 3, severity_id: 2, status_id: 1, time: T + 2000, metadata: metadata('evt_01JD0003'),
    user: bob, actor: { user: alice, session }, src_endpoint: src, message: 'alice changed the password of bob',
  }),
  // In OCSF 1.1.0 the IAM classes but Authentication take `actor` from the host profile.
  buildOcsfEvent<'group_management', 'host'>('group_management', {
    activity_id: 3, severity_id: 1, status_id: 1, time: T + 3000, metadata: metadata('evt_01JD0004', ['host']),
    group: { uid: 'grp_finance', name: 'Finance' }, user: bob, actor: { user: alice },
    message: 'alice added bob to Finance',
  }),
  buildOcsfEvent<'user_access', 'host'>('user_access', {
    activity_id: 1, severity_id: 2, status_id: 1, time: T + 4000, metadata: metadata('evt_01JD0005', ['host']),
    user: bob, privileges: ['role:admin'], actor: { user: alice }, message: 'alice granted bob the admin role',
  }),
  buildOcsfEvent('file_hosting', {
    activity_id: 4, severity_id: 1, status_id: 1, time: T + 5000, metadata: metadata('evt_01JD0006'),
    actor: { user: alice, session }, src_endpoint: { ...src, svc_name: ua },
    file: { name: 'Q3 report|final=v2.pdf', type_id: 1, path: '/Finance/Reports/Q3 report|final=v2.pdf', uid: 'fil_9KX2', size: 482113 },
    message: 'alice downloaded Q3 report|final=v2.pdf',
  }),
  buildOcsfEvent('file_hosting', {
    activity_id: 8, severity_id: 3, status_id: 1, time: T + 6000, metadata: metadata('evt_01JD0007'),
    actor: { user: alice }, src_endpoint: src,
    file: { name: 'Board deck.pptx', type_id: 1, path: '/Board/Board deck.pptx', uid: 'fil_9KX3' },
    message: 'alice shared Board deck.pptx with an external address',
    unmapped: { share_with: 'partner@example.net', link_expiry_days: 7 },
  }),
  buildOcsfEvent('api_activity', {
    activity_id: 2, severity_id: 1, status_id: 1, time: T + 7000, metadata: metadata('evt_01JD0008'),
    actor: { user: { uid: 'svc_sync', name: 'sync-bot', type_id: 99, type: 'Service Account' }, invoked_by: 'acme-sync' },
    api: { operation: 'GET /v2/files', service: { name: 'ScaiDrive API' }, request: { uid: 'req_5T1' }, response: { code: 200 } },
    src_endpoint: { ip: '2001:db8::1' }, http_request: { user_agent: 'acme-sync/3.2' },
    message: 'sync-bot listed files',
  }),
  buildOcsfEvent<'entity_management', 'host'>('entity_management', {
    activity_id: 3, severity_id: 2, status_id: 1, time: T + 8000, metadata: metadata('evt_01JD0009', ['host']),
    entity: { uid: 'set_sso', name: 'sso.enforced', type: 'setting' }, actor: { user: alice },
    comment: 'SSO enforcement turned on', message: 'alice changed setting sso.enforced',
  }),
  buildOcsfEvent<'detection_finding', 'host'>('detection_finding', {
    activity_id: 1, severity_id: 4, status_id: 1, time: T + 9000, metadata: metadata('evt_01JD0010', ['host']),
    finding_info: { uid: 'fnd_dlp_1', title: 'DLP blocked an upload', types: ['dlp.block'], analytic: { type_id: 1, name: 'Credit card numbers' } },
    resources: [{ uid: 'fil_9KX4', name: 'customers.csv', type: 'file' }], actor: { user: bob }, device: { ip: '192.0.2.77', type_id: 0 },
    message: 'DLP blocked bob uploading customers.csv',
  }),
];

/** Each broken record keeps a valid event but for one thing, named in `why`. */
const broken = [
  { why: 'type_uid does not match class_uid * 100 + activity_id', event: { ...events[0], type_uid: 300202 } },
  { why: 'required attribute user missing', event: Object.fromEntries(Object.entries(events[1] as object).filter(([k]) => k !== 'user')) },
  { why: 'cloud used without declaring the cloud profile', event: { ...events[2], cloud: { provider: 'AWS' } } },
  { why: 'src_endpoint.port out of range, unknown attribute', event: { ...events[5], src_endpoint: { ...src, port: 70000, asn: 64500 } } },
  { why: 'not JSON at all', raw: '{"class_uid": 3002, ' },
];

const lines = (xs: unknown[]): string => xs.map((e) => JSON.stringify(e)).join('\n') + '\n';
writeFileSync(path.join(root, 'examples/ocsf/events.ndjson'), lines(events));
writeFileSync(path.join(root, 'examples/ocsf/broken.ndjson'), broken.map((b) => ('raw' in b ? b.raw : JSON.stringify(b.event))).join('\n') + '\n');
console.log(`wrote ${events.length} events and ${broken.length} broken records under examples/ocsf/`);
