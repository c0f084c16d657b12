/**
 * What every class shares: metadata, time, severity and status tables, labels, the unregistered
 * fallback of every category, values that go to unmapped because their OCSF home cannot hold them,
 * empty objects, dangerous keys, and a category that only unmapped can give back.
 */
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { Category } from '../../../../schemas/canonical/category.js';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { fromOcsf, MappingError, toOcsf } from '../../../../src/mappers/ocsf/index.js';
import { BUILT_IN_EVENT_TYPES } from '../../../../src/registry/built-in.js';
import { defineEventType } from '../../../../src/registry/event-type.js';
import { createRegistry } from '../../../../src/registry/registry.js';
import { validateOcsf } from '../../../../src/validate/ocsf.js';

const product = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
type Ocsf = Record<string, unknown> & { metadata: Record<string, unknown>; unmapped?: { siemkit: Record<string, unknown> } };

/** Maps, checks there is no error, checks the way back, returns the OCSF event. */
function mapped(event: CanonicalEvent, options: Partial<Parameters<typeof toOcsf>[1]> = {}): Ocsf {
  const ocsf = toOcsf(event, { product, ...options }) as Ocsf;
  expect(validateOcsf(ocsf).errors).toEqual([]);
  expect(fromOcsf(ocsf, options.registry === undefined ? {} : { registry: options.registry })).toStrictEqual(event);
  return ocsf;
}

const event: CanonicalEvent = {
  event_id: 'evt_01HZX4A0000000000000000002',
  timestamp: '2024-05-14T17:45:00Z',
  tenant_id: 'tnt_acme',
  category: 'AUTHENTICATION',
  action: 'user.logout',
  outcome: 'success',
  severity: 'info',
  actor: { type: 'user', id: 'usr_1', name: 'Alice' },
};

describe('metadata', () => {
  it('holds the product identity, OCSF version, event id, tenant and action', () => {
    const ocsf = mapped(event);
    expect(ocsf.metadata).toEqual({
      version: '1.1.0',
      product: { vendor_name: 'Acme', name: 'ScaiDrive', version: '1.4.2' },
      uid: 'evt_01HZX4A0000000000000000002',
      tenant_uid: 'tnt_acme',
      event_code: 'user.logout',
      profiles: ['datetime'],
    });
  });

  it('leaves product.version out when the identity has none', () => {
    const ocsf = toOcsf(event, { product: { vendor: 'Acme', name: 'ScaiDrive' } }) as Ocsf;
    expect(ocsf.metadata.product).toEqual({ vendor_name: 'Acme', name: 'ScaiDrive' });
  });
});

describe('time', () => {
  it.each([
    ['2024-05-14T17:45:00Z', Date.parse('2024-05-14T17:45:00Z'), 0],
    ['2024-05-14T17:45:00.123456789+05:30', Date.parse('2024-05-14T12:15:00.123Z'), 330],
    ['2024-05-14t17:45:00.5z', Date.parse('2024-05-14T17:45:00.500Z'), 0],
    ['2024-05-14T17:45:00-00:00', Date.parse('2024-05-14T17:45:00Z'), 0],
    ['0001-01-01T00:00:00Z', Date.parse('0001-01-01T00:00:00Z'), 0],
    ['2016-12-31T23:59:60Z', Date.parse('2017-01-01T00:00:00Z'), 0],
  ])('%s: time is epoch ms, time_dt the string as written, timezone_offset the offset', (timestamp, ms, offset) => {
    const ocsf = mapped({ ...event, timestamp });
    expect(ocsf.time).toBe(ms);
    expect(ocsf.time_dt).toBe(timestamp);
    expect(Object.is(ocsf.timezone_offset, offset)).toBe(true);
  });

  it('leaves timezone_offset out beyond the ±18:00 OCSF documents', () => {
    const ocsf = mapped({ ...event, timestamp: '2024-05-14T23:00:00+23:59' });
    expect(ocsf).not.toHaveProperty('timezone_offset');
  });
});

describe('severity_id and status_id', () => {
  it.each([
    ['info', 1, 'Informational'],
    ['low', 2, 'Low'],
    ['medium', 3, 'Medium'],
    ['high', 4, 'High'],
    ['critical', 5, 'Critical'],
  ] as const)('severity %s is %i %s', (severity, id, caption) => {
    expect(mapped({ ...event, severity })).toMatchObject({ severity_id: id, severity: caption });
  });

  it.each([
    ['success', 1, 'Success', undefined],
    ['failure', 2, 'Failure', undefined],
    ['denied', 2, 'Failure', 'denied'],
    ['unknown', 0, 'Unknown', undefined],
  ] as const)('outcome %s is status_id %i %s; unmapped keeps %s', (outcome, id, caption, kept) => {
    const ocsf = mapped({ ...event, outcome });
    expect(ocsf).toMatchObject({ status_id: id, status: caption });
    expect(ocsf.unmapped?.siemkit.outcome).toBe(kept);
  });
});

describe('labels', () => {
  it('are metadata.labels as key=value', () => {
    const ocsf = mapped({ ...event, labels: { env: 'prod', 'a b': 'x=y' } });
    expect(ocsf.metadata.labels).toEqual(['env=prod', 'a b=x=y']);
    expect(ocsf).not.toHaveProperty('unmapped');
  });

  it('keep their keys in unmapped when a key holds "=" (the first "=" would split wrongly)', () => {
    const ocsf = mapped({ ...event, labels: { 'change=window': 'a', ok: 'b' } });
    expect(ocsf.metadata.labels).toEqual(['change=window=a', 'ok=b']);
    expect(ocsf.unmapped?.siemkit).toEqual({ label_keys: ['change=window', 'ok'] });
  });

  it('go to unmapped whole when a pair is over string_t max_len', () => {
    const labels = { big: 'v'.repeat(65_535), small: 's' };
    const ocsf = mapped({ ...event, labels });
    expect(ocsf.metadata).not.toHaveProperty('labels');
    expect(ocsf.unmapped?.siemkit).toEqual({ labels });
  });

  it('empty, are an empty list', () => {
    expect(mapped({ ...event, labels: {} }).metadata.labels).toEqual([]);
  });
});

describe('an unregistered action falls back to its category default class, activity 99 named by the action', () => {
  const needs: Record<Category, Partial<CanonicalEvent>> = {
    AUTHENTICATION: {},
    ACCOUNT_CHANGE: {},
    GROUP_MANAGEMENT: { resource: { type: 'group', id: 'g1' } },
    ACCESS_MANAGEMENT: { resource: { type: 'user', id: 'u2' }, payload: { role: 'viewer' } },
    FILE_ACCESS: { resource: { type: 'file', id: 'f1', name: 'a.txt' }, source: { ip: '192.0.2.1' } },
    API_ACTIVITY: { source: { ip: '192.0.2.1' } },
    CONFIGURATION: { resource: { type: 'setting', id: 's1' } },
    SECURITY: {},
  };
  it.each([
    ['AUTHENTICATION', 3002],
    ['ACCOUNT_CHANGE', 3001],
    ['GROUP_MANAGEMENT', 3006],
    ['ACCESS_MANAGEMENT', 3005],
    ['FILE_ACCESS', 6006],
    ['API_ACTIVITY', 6003],
    ['CONFIGURATION', 3004],
    ['SECURITY', 2004],
  ] as const)('%s -> %i', (category, classUid) => {
    const action = 'acme.custom_thing';
    const ocsf = mapped({ ...event, category, action, ...needs[category] });
    expect(ocsf).toMatchObject({ class_uid: classUid, activity_id: 99, activity_name: action, type_uid: classUid * 100 + 99, metadata: { event_code: action } });
    expect(ocsf.unmapped?.siemkit.category).toBeUndefined();
  });
});

describe('values an OCSF home cannot hold go to unmapped', () => {
  const long = 'x'.repeat(65_536);
  // Astral characters count once each (code points): 65,535 of them fit, though their UTF-16 length is twice that.
  const astral = '😀'.repeat(65_535);

  it('a message over string_t max_len', () => {
    const ocsf = mapped({ ...event, message: long });
    expect(ocsf).not.toHaveProperty('message');
    expect(ocsf.unmapped?.siemkit).toEqual({ message: long });
    expect(mapped({ ...event, message: astral }).message).toBe(astral);
  });

  it('an actor id over max_len: the name identifies actor.user; without a name uid is a placeholder', () => {
    const withName = mapped({ ...event, actor: { type: 'user', id: long, name: 'Alice' } });
    expect(withName).toMatchObject({ actor: { user: { name: 'Alice' } }, unmapped: { siemkit: { actor: { id: long } } } });
    const bare = mapped({ ...event, actor: { type: 'user', id: long } });
    expect(bare).toMatchObject({ actor: { user: { uid: 'unknown' } }, user: { uid: 'unknown' }, unmapped: { siemkit: { actor: { id: long }, placeholders: ['actor.user.uid', 'user.uid'] } } });
  });

  it('an IP address over ip_t max_len (40): an IPv6 address with an IPv4 tail', () => {
    const ip = '1111:2222:3333:4444:5555:6666:123.123.123.123';
    const ocsf = mapped({ ...event, source: { ip, port: 443 } });
    expect(ocsf).toMatchObject({ src_endpoint: { port: 443, name: 'unknown' }, unmapped: { siemkit: { source: { ip }, placeholders: ['src_endpoint.name'] } } });
  });

  it('a session id, request id and user agent over max_len', () => {
    const ocsf = mapped({ ...event, session_id: long, request_id: long, source: { user_agent: long } });
    expect(ocsf).not.toHaveProperty('session');
    expect(ocsf).not.toHaveProperty('http_request');
    expect(ocsf.unmapped?.siemkit).toEqual({ source: { user_agent: long }, session_id: long, request_id: long });
  });

  it('a timestamp over max_len (70,000 fraction digits): time still holds the instant', () => {
    const timestamp = `2024-05-14T17:45:00.${'9'.repeat(70_000)}Z`;
    const ocsf = mapped({ ...event, timestamp });
    expect(ocsf.time).toBe(Date.parse('2024-05-14T17:45:00.999Z'));
    expect(ocsf).not.toHaveProperty('time_dt');
    expect(ocsf.metadata).not.toHaveProperty('profiles');
    expect(ocsf.unmapped?.siemkit).toEqual({ timestamp });
  });

  it('an action over max_len: no event_code and no activity_name', () => {
    const action = `acme.${'a'.repeat(65_535)}`;
    const ocsf = mapped({ ...event, action });
    expect(ocsf.metadata).not.toHaveProperty('event_code');
    expect(ocsf).not.toHaveProperty('activity_name');
    expect(ocsf.unmapped?.siemkit).toEqual({ action });
  });
});

describe('presence survives', () => {
  it('an empty source and an empty geo', () => {
    expect(mapped({ ...event, source: {} }).unmapped?.siemkit).toEqual({ source: {} });
    expect(mapped({ ...event, source: { geo: {} } }).unmapped?.siemkit).toEqual({ source: { geo: {} } });
  });

  it('half a coordinate pair (coordinates needs both)', () => {
    const ocsf = mapped({ ...event, source: { ip: '192.0.2.1', geo: { lat: 0, city: 'Null Island' } } });
    expect(ocsf).toMatchObject({ src_endpoint: { ip: '192.0.2.1', location: { city: 'Null Island' } }, unmapped: { siemkit: { source: { geo: { lat: 0 } } } } });
  });

  it('an empty payload, distinct from none', () => {
    expect(mapped({ ...event, payload: {} }).unmapped?.siemkit).toEqual({ payload: {} });
    expect(mapped(event)).not.toHaveProperty('unmapped');
  });

  it('own keys named __proto__ and constructor, in labels and payload', () => {
    const labels = JSON.parse('{"__proto__":"p","constructor":"c"}') as Record<string, string>;
    const payload = JSON.parse('{"__proto__":{"polluted":true},"constructor":1}') as Record<string, unknown>;
    const back = fromOcsf(mapped({ ...event, labels, payload }));
    expect(Object.keys(back.labels ?? {})).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(back.payload)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the category', () => {
  // A user's type registered in SECURITY that maps to Authentication, used under AUTHENTICATION:
  // the class and the action would read back as SECURITY, so the category is kept.
  const loginAudit = defineEventType({ action: 'login.audit', category: 'SECURITY', payload: Type.Object({}), ocsf: { class: 'authentication', activity_id: 1 }, ecs: { kind: 'event', category: ['authentication'], type: ['info'] }, cef: { signature_id: 'login.audit', name: 'Login audit' } });
  const registry = createRegistry([...BUILT_IN_EVENT_TYPES, loginAudit]);

  it('of a type in another category than its class default comes from the type: nothing kept', () => {
    const ocsf = mapped({ ...event, category: 'SECURITY', action: 'login.audit' }, { registry });
    expect(ocsf).toMatchObject({ class_uid: 3002, activity_id: 1 });
    expect(ocsf).not.toHaveProperty('unmapped');
  });

  it('that the class and action would not give back is kept', () => {
    const ocsf = mapped({ ...event, action: 'login.audit' }, { registry });
    expect(ocsf).toMatchObject({ class_uid: 3002, activity_id: 99, unmapped: { siemkit: { category: 'AUTHENTICATION' } } });
  });
});

describe('toOcsf errors', () => {
  it('throws a MappingError for an event type whose class it does not map to', () => {
    const web = defineEventType({ action: 'page.view', category: 'API_ACTIVITY', payload: Type.Object({}), ocsf: { class: 'web_resources_activity', activity_id: 2 }, ecs: { kind: 'event', category: ['web'], type: ['access'] }, cef: { signature_id: 'page.view', name: 'Page view' } });
    const registry = createRegistry([...BUILT_IN_EVENT_TYPES, web]);
    const run = (): unknown => toOcsf({ ...event, category: 'API_ACTIVITY', action: 'page.view', source: { ip: '192.0.2.1' } }, { product, registry });
    expect(run).toThrow(MappingError);
    expect(run).toThrow(/web_resources_activity/);
  });
});
