/**
 * Realistic sample events, one or more of every built-in event type, deterministic for a seed:
 * the same seed, count, types and clock give the same events, byte for byte. Every event is valid
 * under `validateEvent` (the tests check each one), carries a source address where its category
 * needs one (DESIGN.md §2), and the set holds what the starter queries look for: failed sign-ins,
 * external links, downloads, service-account activity, permission denials, DLP blocks and a
 * delivery drop.
 *
 * Times fall in the hour before `now`, which defaults to a fixed instant so that the files do not
 * change from one day to the next; pass the current time to send the samples to a live workspace
 * (Azure Monitor replaces a `TimeGenerated` older than two days with the time of receipt).
 */
import type { Actor } from '../../schemas/canonical/actor.js';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { Source } from '../../schemas/canonical/source.js';
import { BUILT_IN_EVENT_TYPES } from '../registry/built-in.js';
import type { Random } from './random.js';
import { seededRandom } from './random.js';

/** The instant sample times count back from when none is given: fixed, so samples do not drift. */
export const DEFAULT_SAMPLE_NOW = '2025-01-15T12:00:00.000Z';
/** The seed when none is given. */
export const DEFAULT_SAMPLE_SEED = 'siemkit';
/** Events per type when no count is given. */
export const DEFAULT_SAMPLE_COUNT = 2;
/** Sample times spread over this span before `now` (one hour: the "last hour" queries find them). */
const SPREAD_MS = 55 * 60_000;

export interface SampleEventOptions {
  readonly seed?: string;
  /** Events per event type, at least 1. Default 2. */
  readonly count?: number;
  /** Built-in actions to include. Default: every built-in type, in the registry's order. */
  readonly types?: readonly string[];
  /** RFC 3339 instant the sample times count back from. Default `DEFAULT_SAMPLE_NOW`. */
  readonly now?: string;
  readonly tenantId?: string;
}

/** The actions of the built-in event types. */
export const SAMPLE_ACTIONS: readonly string[] = BUILT_IN_EVENT_TYPES.map((t) => t.action);

const USERS: readonly Actor[] = [
  { type: 'user', id: 'usr_01J9AL1CE0', email: 'alice.martin@acme.example', name: 'Alice Martin' },
  { type: 'user', id: 'usr_01J9B0B000', email: 'bob.ng@acme.example', name: 'Bob Ng' },
  { type: 'user', id: 'usr_01J9CA401E', email: 'chloe.dubois@acme.example', name: 'Chloé Dubois' },
];
const SERVICE_ACCOUNTS = ['ScaiDrive Desktop Sync', 'reporting-bot', 'backup-agent'] as const;
const SOURCES: readonly Source[] = [
  { ip: '203.0.113.42', port: 51234, user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', geo: { country: 'DE', region: 'Berlin', city: 'Berlin', lat: 52.52, lon: 13.405 } },
  { ip: '2001:db8:85a3::8a2e:370:7334', user_agent: 'ScaiDrive-Desktop/4.2.1 (Windows NT 10.0; Win64; x64)', geo: { country: 'FR', region: 'Auvergne-Rhône-Alpes', city: 'Lyon', lat: 45.764, lon: 4.8357 } },
  { ip: '198.51.100.7', user_agent: 'curl/8.6.0', is_anonymous: true, geo: { country: 'NL' } },
];
const FILES = [
  { id: 'fil_8c1e', name: 'Q2 forecast.xlsx', path: '/Finance/Q2 forecast.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { id: 'fil_31aa', name: 'roadmap.pdf', path: '/Product/roadmap.pdf', mime: 'application/pdf' },
  { id: 'fil_7a7a', name: 'customers.csv', path: '/Sales/customers.csv', mime: 'text/csv' },
] as const;

/** What a template gives; the generator adds id, time, tenant, category and action. */
type Shape = Omit<CanonicalEvent, 'event_id' | 'timestamp' | 'tenant_id' | 'category' | 'action'>;
/** `i` is the event's number within its type: the first of each type is the one the queries look for. */
type Template = (r: Random, i: number) => Shape;

const user = (r: Random): Actor => r.pick(USERS);
const viaService = (r: Random): Actor => ({ ...r.pick(USERS), service_account: r.pick(SERVICE_ACCOUNTS) });
const source = (r: Random): Source => r.pick(SOURCES);
const fileResource = (r: Random) => {
  const f = r.pick(FILES);
  return { resource: { type: 'file', id: f.id, name: f.name, path: f.path }, payload: { size: r.int(1_000, 9_000_000), mime_type: f.mime, sha256: r.hex(64) } };
};
const sign = (i: number): CanonicalEvent['outcome'] => (i === 0 ? 'failure' : 'success');

const TEMPLATES: Readonly<Record<string, Template>> = {
  'user.login': (r, i) => ({ outcome: sign(i), severity: i === 0 ? 'medium' : 'info', actor: user(r), source: source(r), session_id: `ses_${r.hex(8)}`, message: i === 0 ? 'Sign-in failed: wrong password' : 'Signed in with SAML', payload: { method: i === 0 ? 'password' : 'saml', mfa: i !== 0, idp: 'Okta' } }),
  'user.logout': (r) => ({ outcome: 'success', severity: 'info', actor: user(r), source: source(r), session_id: `ses_${r.hex(8)}` }),
  'user.mfa_challenge': (r, i) => ({ outcome: sign(i), severity: i === 0 ? 'medium' : 'info', actor: user(r), source: source(r), payload: { factor: r.pick(['totp', 'webauthn', 'push']) } }),
  'session.expire': (r) => ({ outcome: 'success', severity: 'info', actor: user(r), session_id: `ses_${r.hex(8)}`, payload: { reason: r.pick(['idle', 'absolute']) } }),
  'token.exchange': (r, i) => ({ outcome: i === 0 ? 'denied' : 'success', severity: i === 0 ? 'high' : 'low', actor: viaService(r), source: { ip: '10.20.30.40', port: 443 }, request_id: `req_${r.hex(10)}`, payload: { client_id: 'reporting-bot', audience: 'https://api.acme.example', scopes: ['files:read'], subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' } }),
  'user.create': (r) => ({ outcome: 'success', severity: 'low', actor: USERS[0] as Actor, resource: { type: 'user', id: `usr_${r.base32(10)}`, name: 'New Hire', email: 'new.hire@acme.example' }, source: source(r) }),
  'user.delete': (r) => ({ outcome: 'success', severity: 'medium', actor: { type: 'system', id: 'scim-sync' }, resource: { type: 'user', id: `usr_${r.base32(10)}`, name: 'former.employee' }, message: 'Deprovisioned by SCIM' }),
  'user.enable': (r) => ({ outcome: 'success', severity: 'low', actor: USERS[0] as Actor, resource: { type: 'user', id: (USERS[1] as Actor).id, name: (USERS[1] as Actor).name as string }, source: source(r) }),
  'user.disable': (r, i) => ({ outcome: i === 0 ? 'denied' : 'success', severity: 'medium', actor: USERS[1] as Actor, resource: { type: 'user', id: (USERS[2] as Actor).id }, source: source(r) }),
  'user.password_change': (r) => ({ outcome: 'success', severity: 'low', actor: user(r), source: source(r) }),
  'user.mfa_enable': (r) => ({ outcome: 'success', severity: 'low', actor: user(r), source: source(r), payload: { factor: 'webauthn' } }),
  'group.member_add': (r) => ({ outcome: 'success', severity: 'low', actor: USERS[0] as Actor, resource: { type: 'group', id: 'grp_finance', name: 'Finance' }, source: source(r), payload: { member: { id: (USERS[2] as Actor).id, email: (USERS[2] as Actor).email as string } } }),
  'group.member_remove': (r) => ({ outcome: 'success', severity: 'low', actor: USERS[0] as Actor, resource: { type: 'group', id: 'grp_finance', name: 'Finance' }, source: source(r), payload: { member: { id: (USERS[1] as Actor).id } } }),
  'role.assign': (r) => ({ outcome: 'success', severity: 'medium', actor: USERS[0] as Actor, resource: { type: 'user', id: (USERS[1] as Actor).id, email: (USERS[1] as Actor).email as string }, source: source(r), payload: { role: r.pick(['admin', 'editor']) } }),
  'role.revoke': (r) => ({ outcome: 'success', severity: 'low', actor: USERS[0] as Actor, resource: { type: 'user', id: (USERS[1] as Actor).id }, source: source(r), payload: { privileges: ['files:write'] } }),
  'file.upload': (r) => ({ outcome: 'success', severity: 'info', actor: user(r), source: source(r), ...fileResource(r) }),
  'file.download': (r, i) => ({ outcome: 'success', severity: 'low', actor: i === 0 ? viaService(r) : user(r), source: source(r), ...fileResource(r) }),
  'file.delete': (r) => ({ outcome: 'success', severity: 'low', actor: user(r), source: source(r), ...fileResource(r) }),
  'file.share': (r) => ({ outcome: 'success', severity: 'low', actor: user(r), source: source(r), resource: { type: 'file', id: 'fil_31aa', name: 'roadmap.pdf', path: '/Product/roadmap.pdf' }, payload: { shared_with: ['partner@example.org'], permission: 'view' } }),
  'file.unshare': (r) => ({ outcome: 'success', severity: 'info', actor: user(r), source: source(r), resource: { type: 'file', id: 'fil_31aa', name: 'roadmap.pdf', path: '/Product/roadmap.pdf' }, payload: { shared_with: ['partner@example.org'] } }),
  'file.preview': (r) => ({ outcome: 'success', severity: 'info', actor: user(r), source: source(r), ...fileResource(r) }),
  'file.rename': (r) => ({ outcome: 'success', severity: 'info', actor: user(r), source: source(r), resource: { type: 'file', id: 'fil_31aa', name: 'roadmap 2025.pdf', path: '/Product/roadmap 2025.pdf' }, payload: { previous_name: 'roadmap.pdf' } }),
  'file.move': (r) => ({ outcome: 'success', severity: 'info', actor: user(r), source: source(r), resource: { type: 'file', id: 'fil_31aa', name: 'roadmap.pdf', path: '/Archive/roadmap.pdf' }, payload: { previous_path: '/Product/roadmap.pdf' } }),
  'link.create_external': (r) => ({ outcome: 'success', severity: 'high', actor: user(r), source: source(r), resource: { type: 'folder', id: 'fld_press', name: 'Press kit', path: '/Marketing/Press kit' }, message: 'Anyone with the link can view "Press kit"', payload: { url: `https://share.acme.example/s/${r.base32(8)}`, access: 'anyone' } }),
  'api.request': (r, i) => ({ outcome: 'success', severity: 'info', actor: i === 0 ? { type: 'service_account', id: 'svc_backup', name: 'backup-agent', service_account: 'backup-agent' } : { type: 'api_key', id: `key_live_${r.hex(4)}`, name: 'Terraform' }, source: { ip: '192.0.2.10', port: r.int(1024, 65535), user_agent: 'Terraform/1.8.3' }, request_id: `req_${r.hex(10)}`, payload: { method: 'GET', path: '/v1/files', status: 200, operation: 'files.list' } }),
  'settings.update': (r) => ({ outcome: 'success', severity: 'medium', actor: USERS[0] as Actor, source: source(r), resource: { type: 'setting', id: 'sharing.external_links', name: 'External links' }, payload: { old_value: false, new_value: true } }),
  'certificate.issue': (r) => ({ outcome: 'success', severity: 'info', actor: { type: 'system', id: 'pki' }, resource: { type: 'certificate', id: `crt_${r.hex(8)}`, name: 'sso.acme.example' }, payload: { serial_number: r.hex(16), subject: 'CN=sso.acme.example', issuer: 'CN=Acme Issuing CA' } }),
  'certificate.renew': (r) => ({ outcome: 'success', severity: 'info', actor: { type: 'system', id: 'pki' }, resource: { type: 'certificate', id: `crt_${r.hex(8)}`, name: 'sso.acme.example' }, payload: { serial_number: r.hex(16) } }),
  'certificate.revoke': (r) => ({ outcome: 'success', severity: 'high', actor: USERS[0] as Actor, source: source(r), resource: { type: 'certificate', id: `crt_${r.hex(8)}`, name: 'old.acme.example' }, payload: { revocation_reason: 'keyCompromise' } }),
  'dlp.block': (r) => ({ outcome: 'success', severity: 'high', actor: user(r), source: source(r), resource: { type: 'file', id: 'fil_7a7a', name: 'customers.csv', path: '/Sales/customers.csv' }, message: 'Upload blocked: IBANs matched', payload: { policy: 'Block PII to personal storage', rule: 'PII IBAN', matched: ['iban'] } }),
  'dlp.redact': (r) => ({ outcome: 'success', severity: 'medium', actor: user(r), source: source(r), resource: { type: 'file', id: 'fil_7a7a', name: 'customers.csv' }, payload: { policy: 'Redact PII in shares', matched: ['email_address'] } }),
  'permission.denied': (r) => ({ outcome: 'denied', severity: 'medium', actor: user(r), source: source(r), resource: { type: 'folder', id: 'fld_hr', name: 'HR', path: '/HR' }, payload: { permission: 'folder.read', reason: 'not a member of grp_hr' } }),
  'siem.delivery.dropped': (r) => ({ outcome: 'failure', severity: 'critical', actor: { type: 'system', id: 'siemkit' }, message: 'Events outlived the buffer window and went to the dead-letter file', payload: { destination: r.pick(['splunk-prod', 'sentinel-prod']), count: r.int(10, 5_000), window_ms: 1_800_000, reason: 'buffer window exceeded' } }),
};

/** The template names exactly the built-in actions (the tests prove it). */
export const TEMPLATE_ACTIONS: readonly string[] = Object.keys(TEMPLATES);

/**
 * Sample events: `count` per selected type, in the registry's order, ids and times drawn from the
 * seed. Throws on an unknown type or a count below 1.
 */
export function sampleEvents(options: SampleEventOptions = {}): CanonicalEvent[] {
  const count = options.count ?? DEFAULT_SAMPLE_COUNT;
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new RangeError(`count must be an integer from 1 to 10000, got ${count}`);
  const nowText = options.now ?? DEFAULT_SAMPLE_NOW;
  const now = Date.parse(nowText);
  if (Number.isNaN(now)) throw new RangeError(`now must be an RFC 3339 instant, got ${JSON.stringify(nowText)}`);
  const wanted = options.types ?? SAMPLE_ACTIONS;
  for (const t of wanted) if (TEMPLATES[t] === undefined) throw new RangeError(`unknown event type "${t}" (built-in types: ${SAMPLE_ACTIONS.join(', ')})`);
  const r = seededRandom(options.seed ?? DEFAULT_SAMPLE_SEED);
  const out: CanonicalEvent[] = [];
  for (const type of BUILT_IN_EVENT_TYPES) {
    if (!wanted.includes(type.action)) continue;
    const template = TEMPLATES[type.action] as Template;
    for (let i = 0; i < count; i++) {
      const at = now - r.int(0, SPREAD_MS);
      const shape = template(r, i);
      out.push({
        event_id: `evt_${r.base32(26)}`,
        timestamp: new Date(at).toISOString(),
        tenant_id: options.tenantId ?? 'tnt_acme_prod',
        category: type.category,
        action: type.action,
        ...shape,
      } as CanonicalEvent);
    }
  }
  return out;
}
