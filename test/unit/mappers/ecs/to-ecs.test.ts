/**
 * `toEcs`: where each canonical member lands, per category, as whole `{in, out}` documents. Every
 * output is also checked to validate without findings and to map back to its input exactly.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { CATEGORIES } from '../../../../schemas/canonical/category.js';
import { CATEGORY_DEFAULTS } from '../../../../src/registry/category-defaults.js';
import { defineEventType } from '../../../../src/registry/event-type.js';
import { BUILT_IN_EVENT_TYPES } from '../../../../src/registry/built-in.js';
import { createRegistry } from '../../../../src/registry/registry.js';
import { fromEcs, SIEMKIT_FIELD_SET, toEcs } from '../../../../src/mappers/ecs/index.js';
import { validateEcs } from '../../../../src/validate/ecs.js';
import { validateEvent } from '../../../../src/validate/canonical.js';
import { Type } from 'typebox';

/** The document validates with no finding at all, and maps back to exactly `event`. */
function expectSound(event: CanonicalEvent, doc: unknown): void {
  const result = validateEcs(doc, { customFieldSets: [SIEMKIT_FIELD_SET] });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  expect(fromEcs(doc)).toStrictEqual(event);
}

const alice = { type: 'user', id: 'usr_alice', email: 'alice@acme.example', name: 'Alice Martin' } as const;
const base = { event_id: 'evt_1', timestamp: '2024-05-14T09:21:07.123Z', tenant_id: 'tnt_acme', outcome: 'success', severity: 'info', actor: alice } as const;
/** The head of every document: `extra` overrides or adds `event` members. */
const head = (category: string[], type: string[], action: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  '@timestamp': '2024-05-14T09:21:07.123Z',
  ecs: { version: '9.4.0' },
  event: { id: 'evt_1', kind: 'event', category, type, action, outcome: 'success', severity: 1, dataset: 'siemkit.audit', ...extra },
});
const user = { id: 'usr_alice', email: 'alice@acme.example', name: 'Alice Martin' };
const org = { organization: { id: 'tnt_acme' } };

interface Case {
  name: string;
  in: CanonicalEvent;
  out: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    name: 'AUTHENTICATION: source, geo, user agent, session and request ids, message, payload.reason',
    in: {
      ...base,
      category: 'AUTHENTICATION',
      action: 'session.expire',
      source: { ip: '2001:db8::7', port: 443, user_agent: 'Mozilla/5.0', geo: { country: 'DE', region: 'Berlin', city: 'Berlin', lat: 52.52, lon: 13.405 }, is_anonymous: true },
      session_id: 'ses_1',
      request_id: 'req_1',
      message: 'Session ended',
      payload: { reason: 'idle', idle_ms: 900000 },
    },
    out: {
      ...head(['session'], ['end'], 'session.expire', { reason: 'idle' }),
      message: 'Session ended',
      ...org,
      user,
      http: { request: { id: 'req_1' } },
      source: { ip: '2001:db8::7', port: 443, geo: { country_iso_code: 'DE', region_name: 'Berlin', city_name: 'Berlin', location: { lat: 52.52, lon: 13.405 } } },
      user_agent: { original: 'Mozilla/5.0' },
      siemkit: { category: 'AUTHENTICATION', actor_type: 'user', session_id: 'ses_1', payload: { idle_ms: 900000 }, source: { is_anonymous: true } },
    },
  },
  {
    name: 'AUTHENTICATION: the actor acting through a service account (service.origin.name)',
    in: { ...base, category: 'AUTHENTICATION', action: 'token.exchange', actor: { type: 'user', id: 'usr_alice', service_account: 'reporting-bot' }, payload: { client_id: 'reporting-bot' } },
    out: {
      ...head(['authentication'], ['info'], 'token.exchange'),
      ...org,
      user: { id: 'usr_alice' },
      service: { origin: { name: 'reporting-bot' } },
      siemkit: { category: 'AUTHENTICATION', actor_type: 'user', payload: { client_id: 'reporting-bot' } },
    },
  },
  {
    name: 'ACCOUNT_CHANGE: the account changed is user.target; a service-account actor keeps its type',
    in: { ...base, category: 'ACCOUNT_CHANGE', action: 'user.create', actor: { type: 'service_account', id: 'svc_hr', name: 'HR sync' }, resource: { type: 'user', id: 'usr_new', name: 'Chloé', email: 'chloe@acme.example', path: '/ou/staff' } },
    out: {
      ...head(['iam'], ['user', 'creation'], 'user.create'),
      ...org,
      user: { id: 'svc_hr', name: 'HR sync', target: { id: 'usr_new', name: 'Chloé', email: 'chloe@acme.example' } },
      siemkit: { category: 'ACCOUNT_CHANGE', actor_type: 'service_account', resource: { type: 'user', path: '/ou/staff' } },
    },
  },
  {
    name: 'ACCOUNT_CHANGE without a resource: the actor changed their own account',
    in: { ...base, category: 'ACCOUNT_CHANGE', action: 'user.password_change' },
    out: { ...head(['iam'], ['user', 'change'], 'user.password_change'), ...org, user, siemkit: { category: 'ACCOUNT_CHANGE', actor_type: 'user' } },
  },
  {
    name: 'GROUP_MANAGEMENT: the group is group.*, payload.member is user.target.*',
    in: { ...base, category: 'GROUP_MANAGEMENT', action: 'group.member_add', resource: { type: 'group', id: 'grp_fin', name: 'Finance', email: 'finance@acme.example' }, payload: { member: { id: 'usr_bob', email: 'bob@acme.example', name: 'Bob' } } },
    out: {
      ...head(['iam'], ['group', 'change'], 'group.member_add'),
      ...org,
      user: { ...user, target: { id: 'usr_bob', email: 'bob@acme.example', name: 'Bob' } },
      group: { id: 'grp_fin', name: 'Finance' },
      siemkit: { category: 'GROUP_MANAGEMENT', actor_type: 'user', resource: { type: 'group', email: 'finance@acme.example' } },
    },
  },
  {
    name: 'GROUP_MANAGEMENT: a member of another shape (an unregistered action) stays in siemkit.payload',
    in: { ...base, category: 'GROUP_MANAGEMENT', action: 'group.owner_add', resource: { type: 'group', id: 'grp_fin' }, payload: { member: { id: 'usr_bob', role: 'owner' } } },
    out: {
      ...head(['iam'], ['group', 'change'], 'group.owner_add'),
      ...org,
      user,
      group: { id: 'grp_fin' },
      siemkit: { category: 'GROUP_MANAGEMENT', actor_type: 'user', resource: { type: 'group' }, payload: { member: { id: 'usr_bob', role: 'owner' } } },
    },
  },
  {
    name: 'ACCESS_MANAGEMENT: the user is user.target.*, payload.role is user.target.roles',
    in: { ...base, category: 'ACCESS_MANAGEMENT', action: 'role.assign', resource: { type: 'user', id: 'usr_bob', email: 'bob@acme.example' }, payload: { role: 'Billing Admin', scope: 'tenant' } },
    out: {
      ...head(['iam'], ['user', 'change'], 'role.assign'),
      ...org,
      user: { ...user, target: { id: 'usr_bob', email: 'bob@acme.example', roles: ['Billing Admin'] } },
      siemkit: { category: 'ACCESS_MANAGEMENT', actor_type: 'user', resource: { type: 'user' }, payload: { scope: 'tenant' } },
    },
  },
  {
    name: 'ACCESS_MANAGEMENT: payload.privileges has no ECS field',
    in: { ...base, category: 'ACCESS_MANAGEMENT', action: 'role.revoke', resource: { type: 'user', id: 'usr_bob' }, payload: { privileges: ['files:admin'] } },
    out: {
      ...head(['iam'], ['user', 'change'], 'role.revoke'),
      ...org,
      user: { ...user, target: { id: 'usr_bob' } },
      siemkit: { category: 'ACCESS_MANAGEMENT', actor_type: 'user', resource: { type: 'user' }, payload: { privileges: ['files:admin'] } },
    },
  },
  {
    name: 'FILE_ACCESS: the file is file.*, size, MIME type and SHA-256 too',
    in: {
      ...base,
      category: 'FILE_ACCESS',
      action: 'file.upload',
      resource: { type: 'file', id: 'fil_1', name: 'Q3.xlsx', path: '/Finance/Q3.xlsx' },
      source: { ip: '203.0.113.42' },
      payload: { size: 482133, mime_type: 'application/pdf', sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
    },
    out: {
      ...head(['file'], ['creation'], 'file.upload'),
      ...org,
      user,
      file: { name: 'Q3.xlsx', path: '/Finance/Q3.xlsx', size: 482133, mime_type: 'application/pdf', hash: { sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' } },
      source: { ip: '203.0.113.42' },
      siemkit: { category: 'FILE_ACCESS', actor_type: 'user', resource: { type: 'file', id: 'fil_1' } },
    },
  },
  {
    name: 'FILE_ACCESS: an external link is url.original; members that do not fit their field stay in the payload',
    in: {
      ...base,
      category: 'FILE_ACCESS',
      action: 'link.create_external',
      resource: { type: 'folder', id: 'fld_1', name: 'Legal' },
      source: { ip: '203.0.113.42' },
      payload: { url: 'https://share.acme.example/s/Zx9?dl=1', expires_at: '2024-06-17T09:20:00Z', size: -1, sha256: 'not-a-digest' },
    },
    out: {
      ...head(['file'], ['change'], 'link.create_external'),
      ...org,
      user,
      file: { name: 'Legal' },
      url: { original: 'https://share.acme.example/s/Zx9?dl=1' },
      source: { ip: '203.0.113.42' },
      siemkit: { category: 'FILE_ACCESS', actor_type: 'user', resource: { type: 'folder', id: 'fld_1' }, payload: { expires_at: '2024-06-17T09:20:00Z', size: -1, sha256: 'not-a-digest' } },
    },
  },
  {
    name: 'API_ACTIVITY: method, status and path are http.* and url.original',
    in: { ...base, category: 'API_ACTIVITY', action: 'api.request', source: { ip: '192.0.2.10', user_agent: 'Terraform/1.8.3' }, request_id: 'req_9', payload: { method: 'GET', path: '/v1/files?limit=100', status: 200, operation: 'files.list' } },
    out: {
      ...head(['api'], ['access'], 'api.request'),
      ...org,
      user,
      http: { request: { method: 'GET', id: 'req_9' }, response: { status_code: 200 } },
      url: { original: '/v1/files?limit=100' },
      source: { ip: '192.0.2.10' },
      user_agent: { original: 'Terraform/1.8.3' },
      siemkit: { category: 'API_ACTIVITY', actor_type: 'user', payload: { operation: 'files.list' } },
    },
  },
  {
    name: 'CONFIGURATION: the setting has no ECS field set, so the whole resource is siemkit.resource',
    in: { ...base, category: 'CONFIGURATION', action: 'settings.update', resource: { type: 'setting', id: 'set_retention', name: 'Retention', path: 'tenant/retention' }, payload: { old_value: 30, new_value: { days: 90 } } },
    out: {
      ...head(['configuration'], ['change'], 'settings.update'),
      ...org,
      user,
      siemkit: { category: 'CONFIGURATION', actor_type: 'user', resource: { type: 'setting', id: 'set_retention', name: 'Retention', path: 'tenant/retention' }, payload: { old_value: 30, new_value: { days: 90 } } },
    },
  },
  {
    name: 'SECURITY: an alert; DLP rule and policy are rule.*; denied is failure plus siemkit.outcome',
    in: { ...base, category: 'SECURITY', action: 'dlp.block', outcome: 'denied', severity: 'high', resource: { type: 'file', id: 'fil_1' }, payload: { policy: 'PII', rule: 'IBAN', matched: ['iban'] } },
    out: {
      ...head(['intrusion_detection'], ['denied'], 'dlp.block', { kind: 'alert', outcome: 'failure', severity: 4 }),
      ...org,
      user,
      rule: { name: 'IBAN', ruleset: 'PII' },
      siemkit: { category: 'SECURITY', actor_type: 'user', outcome: 'denied', resource: { type: 'file', id: 'fil_1' }, payload: { matched: ['iban'] } },
    },
  },
  {
    name: 'SECURITY: failure is failure, with no siemkit.outcome',
    in: { ...base, category: 'SECURITY', action: 'permission.denied', outcome: 'failure', severity: 'critical' },
    out: {
      ...head(['intrusion_detection'], ['denied'], 'permission.denied', { kind: 'alert', outcome: 'failure', severity: 5 }),
      ...org,
      user,
      siemkit: { category: 'SECURITY', actor_type: 'user' },
    },
  },
  {
    name: 'empty source, geo, labels and payload still come back',
    in: { ...base, category: 'AUTHENTICATION', action: 'user.login', source: { geo: {} }, labels: {}, payload: {} },
    out: { ...head(['authentication', 'session'], ['start'], 'user.login'), ...org, user, labels: {}, siemkit: { category: 'AUTHENTICATION', actor_type: 'user', payload: {}, source: { geo: {} } } },
  },
  {
    name: 'a latitude without a longitude is no geo_point',
    in: { ...base, category: 'AUTHENTICATION', action: 'user.login', source: { geo: { country: 'FR', lat: 45.7 } } },
    out: { ...head(['authentication', 'session'], ['start'], 'user.login'), ...org, user, source: { geo: { country_iso_code: 'FR' } }, siemkit: { category: 'AUTHENTICATION', actor_type: 'user', source: { geo: { lat: 45.7 } } } },
  },
];

describe('toEcs: where each member lands', () => {
  for (const c of CASES) {
    it(c.name, () => {
      expect(validateEvent(c.in).errors).toEqual([]);
      const doc = toEcs(c.in);
      expect(doc).toStrictEqual(c.out);
      expectSound(c.in, doc);
    });
  }
});

describe('toEcs: unregistered actions take their category defaults', () => {
  const needs: Record<string, Partial<CanonicalEvent>> = {
    FILE_ACCESS: { resource: { type: 'file', id: 'f', name: 'a.txt' }, source: { ip: '192.0.2.1' } },
    API_ACTIVITY: { source: { ip: '192.0.2.1' } },
    GROUP_MANAGEMENT: { resource: { type: 'group', id: 'g' } },
    ACCESS_MANAGEMENT: { resource: { type: 'user', id: 'u' }, payload: { privileges: ['p'] } },
    CONFIGURATION: { resource: { type: 'setting', id: 's' } },
  };
  for (const category of CATEGORIES) {
    it(category, () => {
      const event = { ...base, category, action: 'acme.custom_thing', ...needs[category] } as CanonicalEvent;
      expect(validateEvent(event).errors).toEqual([]);
      const doc = toEcs(event);
      const d = CATEGORY_DEFAULTS[category].ecs;
      expect(doc.event).toMatchObject({ kind: d.kind, category: [...d.category], type: [...d.type], action: 'acme.custom_thing' });
      expect(doc.siemkit.category).toBe(category);
      expectSound(event, doc);
    });
  }
});

describe('toEcs: options', () => {
  const event: CanonicalEvent = { ...base, category: 'AUTHENTICATION', action: 'user.login' };

  it("event.dataset is the caller's", () => {
    expect(toEcs(event, { dataset: 'acme.audit' }).event?.dataset).toBe('acme.audit');
  });

  it('the ECS categorisation comes from the given registry', () => {
    const mine = defineEventType({ action: 'user.login', category: 'AUTHENTICATION', payload: Type.Object({}), ocsf: { class: 'authentication', activity_id: 1 }, ecs: { kind: 'event', category: ['authentication'], type: ['info'] }, cef: { signature_id: 'l', name: 'l' } });
    const registry = createRegistry([...BUILT_IN_EVENT_TYPES.filter((t) => t.action !== 'user.login'), mine]);
    const doc = toEcs(event, { registry });
    expect(doc.event).toMatchObject({ category: ['authentication'], type: ['info'] });
    expect(fromEcs(doc, { registry })).toStrictEqual(event);
  });

  it('the document shares no array or object with the registry or the event', () => {
    const input: CanonicalEvent = { ...event, labels: { a: 'b' }, payload: { x: 1 } };
    const doc = toEcs(input);
    (doc.event?.category as string[]).push('web');
    (doc.labels as Record<string, unknown>).a = 'changed';
    (doc.siemkit.payload as Record<string, unknown>).x = 2;
    expect(toEcs(event).event?.category).toEqual(['authentication', 'session']);
    expect(input).toStrictEqual({ ...event, labels: { a: 'b' }, payload: { x: 1 } });
  });
});
