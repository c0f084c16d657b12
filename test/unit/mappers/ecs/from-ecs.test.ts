/**
 * `fromEcs` on documents `toEcs` did not write: best effort for what can be derived, a
 * `MappingError` naming the field for a required member that cannot be, and nothing else thrown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { fromEcs, MappingError, toEcs } from '../../../../src/mappers/ecs/index.js';
import { validateEvent } from '../../../../src/validate/canonical.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';

interface Case {
  name: string;
  in: unknown;
  out: CanonicalEvent;
}

const CASES: Case[] = [
  {
    name: 'an Elastic-style authentication event, dotted and nested keys mixed',
    in: {
      '@timestamp': '2024-05-14T09:21:07.123Z',
      'ecs.version': '8.11.0',
      event: { id: 'evt_42', kind: 'event', category: ['authentication'], type: ['start'], action: 'user.login', outcome: 'success' },
      'organization.id': 'tnt_acme',
      user: { name: 'alice', email: 'alice@acme.example' },
      source: { ip: '203.0.113.9', 'geo.country_iso_code': 'DE', geo: { location: { lat: 52.5, lon: 13.4 } } },
      'user_agent.original': 'curl/8.6.0',
      labels: { env: 'prod', build: 42 },
      message: 'signed in',
      host: { name: 'ignored' },
    },
    out: {
      event_id: 'evt_42',
      timestamp: '2024-05-14T09:21:07.123Z',
      tenant_id: 'tnt_acme',
      category: 'AUTHENTICATION',
      action: 'user.login',
      outcome: 'success',
      severity: 'info',
      actor: { type: 'user', id: 'alice', email: 'alice@acme.example', name: 'alice' },
      source: { ip: '203.0.113.9', user_agent: 'curl/8.6.0', geo: { country: 'DE', lat: 52.5, lon: 13.4 } },
      message: 'signed in',
      labels: { env: 'prod', build: '42' },
    },
  },
  {
    name: 'a Windows-style group membership change: group.*, the member by name, category from event.type group',
    in: {
      '@timestamp': 1715678467123,
      event: { id: 'win-4728-1', category: 'iam', type: ['group', 'change'], action: 'Windows.Added_Member', outcome: 'success', severity: 4 },
      organization: { id: 'corp' },
      user: { id: 'S-1-5-21-1', name: 'admin', target: { name: 'bob' } },
      group: { id: 'S-1-5-21-512', name: 'Domain Admins' },
    },
    out: {
      event_id: 'win-4728-1',
      timestamp: '2024-05-14T09:21:07.123Z',
      tenant_id: 'corp',
      category: 'GROUP_MANAGEMENT',
      action: 'windows.added_member',
      outcome: 'success',
      severity: 'high',
      actor: { type: 'user', id: 'S-1-5-21-1', name: 'admin' },
      resource: { type: 'group', id: 'S-1-5-21-512', name: 'Domain Admins' },
      payload: { member: { id: 'bob', name: 'bob' } },
    },
  },
  {
    name: 'a file event: the file by path (its name the last segment), size to the payload; a registered action names its category',
    in: {
      '@timestamp': '2024-05-14T09:21:07+0200',
      event: { id: 'f1', action: 'file.download', category: ['web'], outcome: 'failure', severity: 9 },
      organization: { id: 't' },
      user: { id: 'u1' },
      file: { path: '/a/b.txt', size: 12 },
      source: { ip: '192.0.2.1' },
    },
    out: {
      event_id: 'f1',
      timestamp: '2024-05-14T09:21:07+02:00',
      tenant_id: 't',
      category: 'FILE_ACCESS',
      action: 'file.download',
      outcome: 'failure',
      severity: 'critical',
      actor: { type: 'user', id: 'u1' },
      resource: { type: 'file', id: '/a/b.txt', name: 'b.txt', path: '/a/b.txt' },
      source: { ip: '192.0.2.1' },
      payload: { size: 12 },
    },
  },
  {
    name: 'an alert of unknown category is SECURITY; a missing outcome is unknown',
    in: { '@timestamp': '2024-05-14T09:21:07Z', event: { id: 'a1', kind: 'alert', category: ['host'], action: 'edr.alert', reason: 'suspicious' }, organization: { id: 't' }, user: { email: 'x@acme.example' } },
    out: {
      event_id: 'a1',
      timestamp: '2024-05-14T09:21:07Z',
      tenant_id: 't',
      category: 'SECURITY',
      action: 'edr.alert',
      outcome: 'unknown',
      severity: 'info',
      actor: { type: 'user', id: 'x@acme.example', email: 'x@acme.example' },
      payload: { reason: 'suspicious' },
    },
  },
];

describe('fromEcs: documents from elsewhere (best effort)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const out = fromEcs(c.in);
      expect(out).toStrictEqual(c.out);
      expect(validateEvent(out).errors).toEqual([]);
    });
  }
});

const valid = { '@timestamp': '2024-05-14T09:21:07Z', event: { id: 'e1', action: 'user.login' }, organization: { id: 't' }, user: { id: 'u' } };

interface ErrorCase {
  name: string;
  in: unknown;
  path: string;
  reason: RegExp;
}

const ERRORS: ErrorCase[] = [
  { name: 'null', in: null, path: '', reason: /expected an ECS document \(a JSON object\), got null/ },
  { name: 'an array', in: [valid], path: '', reason: /got an array/ },
  { name: 'a string', in: JSON.stringify(valid), path: '', reason: /got a string/ },
  { name: 'no event.id', in: { ...valid, event: { action: 'user.login' } }, path: '/event/id', reason: /no event_id: event.id is missing/ },
  { name: 'an event.id the contract cannot hold', in: { ...valid, event: { id: 'a b', action: 'user.login' } }, path: '/event/id', reason: /not a canonical event_id/ },
  { name: 'event.id of the wrong type', in: { ...valid, event: { id: 7, action: 'user.login' } }, path: '/event/id', reason: /not a string/ },
  { name: 'no @timestamp', in: { ...valid, '@timestamp': undefined }, path: '/@timestamp', reason: /no timestamp/ },
  { name: 'an @timestamp that is no date', in: { ...valid, '@timestamp': 'yesterday' }, path: '/@timestamp', reason: /no timestamp/ },
  { name: 'no organization.id', in: { ...valid, organization: {} }, path: '/organization/id', reason: /no tenant_id/ },
  { name: 'an empty organization.id', in: { ...valid, organization: { id: '' } }, path: '/organization/id', reason: /empty/ },
  { name: 'no event.action', in: { ...valid, event: { id: 'e1' } }, path: '/event/action', reason: /no action/ },
  { name: 'an action that is no object.verb', in: { ...valid, event: { id: 'e1', action: 'ConsoleLogin' } }, path: '/event/action', reason: /not a canonical action/ },
  { name: 'no category to derive', in: { ...valid, event: { id: 'e1', action: 'acme.thing', category: ['host'] } }, path: '/event/category', reason: /no category/ },
  { name: 'no user at all', in: { ...valid, user: { roles: ['x'] } }, path: '/user/id', reason: /no actor/ },
];

describe('fromEcs: MappingError when a required member cannot be derived', () => {
  for (const c of ERRORS) {
    it(c.name, () => {
      let caught: unknown;
      try {
        fromEcs(c.in);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(MappingError);
      const e = caught as MappingError;
      expect(e.name).toBe('MappingError');
      expect(e.path).toBe(c.path);
      expect(e.reason).toMatch(c.reason);
      expect(e.message).toBe(e.reason);
    });
  }

  it('a throwing getter is a MappingError too', () => {
    const doc = { ...valid, get event(): unknown {
      throw new TypeError('boom');
    } };
    expect(() => fromEcs(doc)).toThrow(MappingError);
    expect(() => fromEcs(doc)).toThrow(/cannot read the document: boom/);
  });

  it('so are a revoked proxy and a thrown value that cannot be printed', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => fromEcs(proxy)).toThrow(MappingError);
    const doc = { ...valid, get user(): unknown {
      throw Object.create(null) as unknown;
    } };
    expect(() => fromEcs(doc)).toThrow(/cannot read the document: an unprintable value was thrown/);
  });
});

/** Calls fromEcs and says what happened; anything thrown but a MappingError fails the property. */
function outcome(doc: unknown): 'event' | 'error' {
  try {
    fromEcs(doc);
    return 'event';
  } catch (err) {
    if (err instanceof MappingError) return 'error';
    throw err;
  }
}

describe('fromEcs throws nothing but MappingError', () => {
  it('on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => void outcome(v)), { numRuns: 500 });
  });

  it('on any value at all', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }), (v) => void outcome(v)), { numRuns: 500 });
  });

  it('on golden documents with members replaced by anything', () => {
    const docs = GOLDEN_EVENTS.map((e) => toEcs(e));
    const paths = ['event', 'event.id', 'event.action', 'event.category', 'event.outcome', 'user', 'user.id', 'user.target', 'source', 'source.geo', 'source.geo.location', 'labels', 'siemkit', 'siemkit.resource', 'siemkit.source', 'siemkit.labels', 'siemkit.payload', 'siemkit.category', 'file', 'group', '@timestamp'];
    fc.assert(
      fc.property(fc.constantFrom(...docs), fc.constantFrom(...paths), fc.anything({ withBigInt: true, withNullPrototype: true }), (doc, p, value) => {
        const copy = structuredClone(doc) as unknown as Record<string, unknown>;
        const keys = p.split('.');
        let obj = copy;
        for (const k of keys.slice(0, -1)) {
          if (typeof obj[k] !== 'object' || obj[k] === null) obj[k] = {};
          obj = obj[k] as Record<string, unknown>;
        }
        obj[keys[keys.length - 1] as string] = value;
        void outcome(copy);
      }),
      { numRuns: 1000 },
    );
  });
});
