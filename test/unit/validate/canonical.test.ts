/**
 * validateEvent, rule by rule of the canonical event contract v1 (DESIGN.md §2): each case is an
 * event in and the findings out, as `code path`, in order. docs/canonical.md lists the rules.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { CATEGORY_RULES } from '../../../schemas/canonical/category-rules.js';
import { ISO_3166_1_ALPHA_2 } from '../../../schemas/canonical/iso3166.js';
import { BUILT_IN_EVENT_TYPES } from '../../../src/registry/built-in.js';
import { defineEventType } from '../../../src/registry/event-type.js';
import type { EventTypeRegistry } from '../../../src/registry/registry.js';
import { createRegistry } from '../../../src/registry/registry.js';
import { CANONICAL_FINDING_CODES, validateEvent } from '../../../src/validate/canonical.js';
import { dateTimeProblem } from '../../../schemas/formats/rfc3339.js';

type Obj = Record<string, unknown>;

/** A valid AUTHENTICATION event: the smallest the contract allows. */
const LOGIN: Obj = {
  event_id: 'evt_01JD5Z8K6Q7R2S3T4V5W6X7Y8Z',
  timestamp: '2026-11-22T08:00:00Z',
  tenant_id: 'tnt_acme',
  category: 'AUTHENTICATION',
  action: 'user.login',
  outcome: 'success',
  severity: 'info',
  actor: { type: 'user', id: 'usr_1' },
};

/** A valid FILE_ACCESS event with every member the contract has. */
const FULL: Obj = {
  event_id: 'evt_1',
  timestamp: '2026-11-22T08:00:00.123+01:00',
  tenant_id: 'tnt_acme',
  category: 'FILE_ACCESS',
  action: 'file.download',
  outcome: 'success',
  severity: 'low',
  actor: { type: 'user', id: 'usr_1', email: 'alice@example.com', name: 'Alice', service_account: 'svc_sync' },
  resource: { type: 'file', id: 'fil_1', name: 'report.pdf', path: '/finance/report.pdf', email: 'owner@example.com' },
  source: { ip: '203.0.113.7', port: 443, user_agent: 'Mozilla/5.0', geo: { country: 'DE', region: 'BE', city: 'Berlin', lat: 52.52, lon: 13.405 }, is_anonymous: false },
  session_id: 'ses_1',
  request_id: 'req_1',
  message: 'Alice downloaded report.pdf',
  labels: { env: 'prod' },
  payload: { size: 1024, mime_type: 'application/pdf', sha256: 'a'.repeat(64) },
};

const ev = (base: Obj, extra: Obj = {}): Obj => ({ ...base, ...extra });
const login = (extra: Obj = {}): Obj => ev(LOGIN, extra);
const full = (extra: Obj = {}): Obj => ev(FULL, extra);

/** `event` without the member at a dotted path. */
function without(event: Obj, dotted: string): Obj {
  const copy = structuredClone(event);
  const parts = dotted.split('.');
  let o: Obj = copy;
  for (const p of parts.slice(0, -1)) o = o[p] as Obj;
  delete o[parts.at(-1) as string];
  return copy;
}

/** `event` with the member at a dotted path set. */
function withValue(event: Obj, dotted: string, value: unknown): Obj {
  const copy = structuredClone(event);
  const parts = dotted.split('.');
  let o: Obj = copy;
  for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Obj;
  o[parts.at(-1) as string] = value;
  return copy;
}

interface Case {
  readonly name: string;
  readonly in: unknown;
  /** Expected findings as `code path`, in order. */
  readonly out: readonly string[];
  readonly registry?: EventTypeRegistry;
}

const seenCodes = new Set<string>();

function run(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const result = validateEvent(c.in, c.registry ? { registry: c.registry } : undefined);
      for (const f of result.errors) seenCodes.add(f.code);
      expect(result.errors.map((f) => `${f.code} ${f.path}`)).toEqual(c.out);
      expect(result.valid).toBe(c.out.length === 0);
      expect(result.warnings).toEqual([]);
      for (const f of result.errors) expect(f.message).not.toMatch(/[\n\r]/);
    });
  }
}

describe('validateEvent: valid events', () => {
  run([
    { name: 'the smallest event', in: LOGIN, out: [] },
    { name: 'every member', in: FULL, out: [] },
    { name: 'ACCOUNT_CHANGE without a resource (the actor changed their own account)', in: login({ category: 'ACCOUNT_CHANGE', action: 'user.password_change' }), out: [] },
    { name: 'SECURITY needs nothing more', in: login({ category: 'SECURITY', action: 'dlp.block', payload: { policy: 'pii' } }), out: [] },
    { name: 'an unregistered action with any payload', in: login({ action: 'acme.widget.spin', payload: { anything: [1, { deep: null }], size: 'not typed here' } }), out: [] },
    { name: 'a built-in payload accepts members it does not know', in: full({ payload: { size: 1, vendor_x: { nested: true } } }), out: [] },
    {
      name: 'any Unicode in free text: | = \\ " ] CR LF tab, emoji, 4-byte UTF-8, NUL, U+2028, BOM, lone surrogates',
      in: full({
        message: 'a|b=c\\d"e]f\r\ng\th 😀 𝔘 👩‍💻 \u0000 \u2028 \ufeff \ud800 \udfff',
        actor: { type: 'user', id: '|=\\"]\n', name: '\ud83d' },
        labels: { 'k|=\\"]\r\n\t': 'v😀', '': '', 'a/b~c': '\udc00' },
        resource: { type: '\t', id: '\u0000', name: 'x'.repeat(5000) },
      }),
      out: [],
    },
    { name: 'lengths count code points: 128 astral characters are a valid tenant_id', in: login({ tenant_id: '𝔘'.repeat(128) }), out: [] },
    { name: 'event_id at 128 characters', in: login({ event_id: 'a'.repeat(128) }), out: [] },
    { name: 'event_id with every allowed character', in: login({ event_id: 'AZaz09_.:-' }), out: [] },
    { name: 'a null-prototype object', in: Object.assign(Object.create(null) as Obj, LOGIN), out: [] },
    { name: 'labels may be empty', in: login({ labels: {} }), out: [] },
    { name: '"__proto__" as a label key (JSON.parse makes it an own member)', in: login({ labels: JSON.parse('{"__proto__": "x", "constructor": "y"}') as Obj }), out: [] },
  ]);
});

describe('validateEvent: required members', () => {
  const top = ['event_id', 'timestamp', 'tenant_id', 'category', 'action', 'outcome', 'severity', 'actor'];
  run(top.map((m) => ({ name: `without ${m}`, in: without(LOGIN, m), out: [`attribute_required_missing /${m}`] })));
  run([
    { name: 'without actor.type', in: without(LOGIN, 'actor.type'), out: ['attribute_required_missing /actor/type'] },
    { name: 'without actor.id', in: without(LOGIN, 'actor.id'), out: ['attribute_required_missing /actor/id'] },
    { name: 'without resource.type', in: without(FULL, 'resource.type'), out: ['attribute_required_missing /resource/type'] },
    { name: 'without resource.id', in: without(FULL, 'resource.id'), out: ['attribute_required_missing /resource/id'] },
    { name: 'an empty object: every required member, in order', in: {}, out: top.map((m) => `attribute_required_missing /${m}`) },
  ]);
  it('names the field and the reason', () => {
    expect(validateEvent(without(LOGIN, 'actor.id')).errors).toEqual([{ code: 'attribute_required_missing', path: '/actor/id', message: 'required attribute "actor.id" is missing' }]);
  });
});

describe('validateEvent: unknown members', () => {
  run([
    { name: 'at the top level', in: login({ extra: 1 }), out: ['attribute_unknown /extra'] },
    { name: 'in actor', in: withValue(LOGIN, 'actor.role', 'admin'), out: ['attribute_unknown /actor/role'] },
    { name: 'in resource', in: withValue(FULL, 'resource.size', 1), out: ['attribute_unknown /resource/size'] },
    { name: 'in source', in: withValue(FULL, 'source.asn', 1), out: ['attribute_unknown /source/asn'] },
    { name: 'in source.geo', in: withValue(FULL, 'source.geo.postal_code', '10115'), out: ['attribute_unknown /source/geo/postal_code'] },
    { name: 'a key with / and ~ is escaped in the pointer (RFC 6901)', in: login({ 'a/b~c': 1 }), out: ['attribute_unknown /a~1b~0c'] },
    { name: '"__proto__" at the top level', in: JSON.parse(`{"__proto__": {"event_id": "x"}, ${JSON.stringify(LOGIN).slice(1)}`), out: ['attribute_unknown /__proto__'] },
    { name: 'several, each reported', in: login({ a: 1, b: 2 }), out: ['attribute_unknown /a', 'attribute_unknown /b'] },
  ]);
  it('names the field', () => {
    expect(validateEvent(login({ extra: 1 })).errors[0]?.message).toBe('"extra" is not an attribute of the canonical event (contract v1)');
  });
});

describe('validateEvent: types', () => {
  run([
    { name: 'event_id a number', in: login({ event_id: 42 }), out: ['attribute_wrong_type /event_id'] },
    { name: 'tenant_id null', in: login({ tenant_id: null }), out: ['attribute_wrong_type /tenant_id'] },
    { name: 'timestamp a number (epoch ms)', in: login({ timestamp: 1_700_000_000_000 }), out: ['attribute_wrong_type /timestamp'] },
    { name: 'category a number (an enum of strings)', in: login({ category: 3002 }), out: ['attribute_wrong_type /category'] },
    { name: 'severity a boolean', in: login({ severity: true }), out: ['attribute_wrong_type /severity'] },
    { name: 'actor a string', in: login({ actor: 'usr_1' }), out: ['attribute_wrong_type /actor'] },
    { name: 'actor an array', in: login({ actor: [{ type: 'user', id: 'u' }] }), out: ['attribute_wrong_type /actor'] },
    { name: 'source.port a string', in: withValue(FULL, 'source.port', '443'), out: ['attribute_wrong_type /source/port'] },
    { name: 'source.port not an integer', in: withValue(FULL, 'source.port', 443.5), out: ['attribute_wrong_type /source/port'] },
    { name: 'source.is_anonymous a string', in: withValue(FULL, 'source.is_anonymous', 'yes'), out: ['attribute_wrong_type /source/is_anonymous'] },
    { name: 'source.geo.lat a string', in: withValue(FULL, 'source.geo.lat', '52.5'), out: ['attribute_wrong_type /source/geo/lat'] },
    { name: 'source.ip a number', in: withValue(FULL, 'source.ip', 3405803783), out: ['attribute_wrong_type /source/ip'] },
    { name: 'labels an array', in: login({ labels: ['a'] }), out: ['attribute_wrong_type /labels'] },
    { name: 'a label value a number', in: login({ labels: { a: 'x', b: 2 } }), out: ['attribute_wrong_type /labels/b'] },
    { name: 'a label key with a line break is still checked', in: login({ labels: { 'a\nb': 2 } }), out: ['attribute_wrong_type /labels/a\nb'] },
    { name: 'payload a string', in: login({ action: 'acme.widget.spin', payload: 'x' }), out: ['attribute_wrong_type /payload'] },
    { name: 'payload null', in: login({ payload: null }), out: ['attribute_wrong_type /payload'] },
    { name: 'a BigInt (not JSON, but never a throw)', in: login({ tenant_id: 10n }), out: ['attribute_wrong_type /tenant_id'] },
  ]);
  it('names the expected and the actual type', () => {
    expect(validateEvent(login({ tenant_id: null })).errors[0]?.message).toBe('"tenant_id" has the wrong type: expected string, got null');
    expect(validateEvent(login({ category: 3002 })).errors[0]?.message).toMatch(/^"category" has the wrong type: expected one of AUTHENTICATION, ACCOUNT_CHANGE, .*, got number$/);
  });
});

describe('validateEvent: enums', () => {
  run([
    { name: 'category', in: login({ category: 'AUTH' }), out: ['attribute_enum_value_unknown /category'] },
    { name: 'category in lower case', in: login({ category: 'authentication' }), out: ['attribute_enum_value_unknown /category'] },
    { name: 'outcome', in: login({ outcome: 'ok' }), out: ['attribute_enum_value_unknown /outcome'] },
    { name: 'severity', in: login({ severity: 'urgent' }), out: ['attribute_enum_value_unknown /severity'] },
    { name: 'actor.type', in: withValue(LOGIN, 'actor.type', 'robot'), out: ['attribute_enum_value_unknown /actor/type'] },
  ]);
  it('lists the allowed values', () => {
    expect(validateEvent(login({ severity: 'urgent' })).errors[0]?.message).toBe('"severity" "urgent" is not one of info, low, medium, high, critical');
  });
});

describe('validateEvent: strings with a shape', () => {
  run([
    { name: 'event_id with a space', in: login({ event_id: 'evt 1' }), out: ['attribute_value_invalid /event_id'] },
    { name: 'event_id with a non-ASCII letter', in: login({ event_id: 'évt' }), out: ['attribute_value_invalid /event_id'] },
    { name: 'event_id with a slash', in: login({ event_id: 'evt/1' }), out: ['attribute_value_invalid /event_id'] },
    { name: 'action in upper case', in: login({ action: 'User.Login' }), out: ['attribute_value_invalid /action'] },
    { name: 'action without a dot', in: login({ action: 'login' }), out: ['attribute_value_invalid /action'] },
    { name: 'action ending in a dot', in: login({ action: 'user.' }), out: ['attribute_value_invalid /action'] },
    { name: 'action with an empty segment', in: login({ action: 'user..login' }), out: ['attribute_value_invalid /action'] },
    { name: 'action starting with a digit', in: login({ action: '1user.login' }), out: ['attribute_value_invalid /action'] },
    { name: 'actor.email', in: withValue(LOGIN, 'actor.email', 'not-an-email'), out: ['attribute_value_invalid /actor/email'] },
    { name: 'actor.email without a domain dot', in: withValue(LOGIN, 'actor.email', 'alice@localhost'), out: ['attribute_value_invalid /actor/email'] },
    { name: 'actor.email with two @', in: withValue(LOGIN, 'actor.email', 'a@b@example.com'), out: ['attribute_value_invalid /actor/email'] },
    { name: 'resource.email', in: withValue(FULL, 'resource.email', 'owner@'), out: ['attribute_value_invalid /resource/email'] },
    { name: 'source.geo.country in lower case', in: withValue(FULL, 'source.geo.country', 'de'), out: ['attribute_value_invalid /source/geo/country'] },
    { name: 'source.geo.country alpha-3', in: withValue(FULL, 'source.geo.country', 'DEU'), out: ['attribute_value_invalid /source/geo/country'] },
  ]);
  it('says what the shape is', () => {
    expect(validateEvent(login({ action: 'login' })).errors[0]?.message).toBe('"action" "login" is not a dotted lower-case object.verb such as user.login');
    expect(validateEvent(login({ event_id: 'evt 1' })).errors[0]?.message).toBe('"event_id" "evt 1" may hold only A-Z, a-z, 0-9, "_", ".", ":" and "-"');
  });
  it('accepts e-mail addresses as ajv-formats does (dot-atom local part, dotted domain)', () => {
    for (const email of ['a@example.com', "o'brien+tag@mail.example.co.uk", 'x_y.z@a-b.example', 'UPPER@EXAMPLE.COM']) {
      expect(validateEvent(withValue(LOGIN, 'actor.email', email)).errors, email).toEqual([]);
    }
  });
});

describe('validateEvent: IP addresses', () => {
  const valid = ['192.0.2.1', '0.0.0.0', '255.255.255.255', '2001:db8::1', '2001:DB8::1', '::', '::1', 'fe80::1', '::ffff:192.0.2.1', '2001:db8:0:0:0:0:2:1', '1:2:3:4:5:6:7:8'];
  const invalid = ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', ' 192.0.2.1', '192.0.2.1 ', 'fe80::1%eth0', ':::1', '1:2:3:4:5:6:7:8:9', '2001:db8::1::2', '[2001:db8::1]', 'localhost', ''];
  run(valid.map((ip) => ({ name: `accepts ${ip}`, in: withValue(FULL, 'source.ip', ip), out: [] })));
  run(invalid.map((ip) => ({ name: `rejects ${JSON.stringify(ip)} with one finding`, in: withValue(FULL, 'source.ip', ip), out: ['attribute_value_invalid /source/ip'] })));
  it('says IPv4 or IPv6', () => {
    expect(validateEvent(withValue(FULL, 'source.ip', '1.2.3')).errors[0]?.message).toBe('"source.ip" "1.2.3" is not a valid IPv4 or IPv6 address');
  });
});

describe('validateEvent: country codes (ISO 3166-1 alpha-2, assigned)', () => {
  run([
    { name: 'DE', in: withValue(FULL, 'source.geo.country', 'DE'), out: [] },
    { name: 'AX (Åland Islands)', in: withValue(FULL, 'source.geo.country', 'AX'), out: [] },
    { name: 'SS (South Sudan, assigned 2011)', in: withValue(FULL, 'source.geo.country', 'SS'), out: [] },
    { name: 'UK (reserved, not assigned: GB is the code)', in: withValue(FULL, 'source.geo.country', 'UK'), out: ['attribute_enum_value_unknown /source/geo/country'] },
    { name: 'EU (reserved)', in: withValue(FULL, 'source.geo.country', 'EU'), out: ['attribute_enum_value_unknown /source/geo/country'] },
    { name: 'XK (user-assigned, used for Kosovo by some geo-IP data)', in: withValue(FULL, 'source.geo.country', 'XK'), out: ['attribute_enum_value_unknown /source/geo/country'] },
    { name: 'ZZ (user-assigned, "unknown")', in: withValue(FULL, 'source.geo.country', 'ZZ'), out: ['attribute_enum_value_unknown /source/geo/country'] },
    { name: 'AN (withdrawn)', in: withValue(FULL, 'source.geo.country', 'AN'), out: ['attribute_enum_value_unknown /source/geo/country'] },
  ]);
  it('holds 249 distinct, sorted codes, each with a region name in CLDR', () => {
    expect(ISO_3166_1_ALPHA_2).toHaveLength(249);
    expect([...ISO_3166_1_ALPHA_2].sort()).toEqual([...ISO_3166_1_ALPHA_2]);
    expect(new Set(ISO_3166_1_ALPHA_2).size).toBe(249);
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
    for (const code of ISO_3166_1_ALPHA_2) expect(names.of(code), code).not.toBe(code);
  });
});

describe('validateEvent: lengths and ranges', () => {
  run([
    { name: 'event_id of 129 characters', in: login({ event_id: 'a'.repeat(129) }), out: ['attribute_value_exceeds_max_len /event_id'] },
    { name: 'event_id empty: one finding, not two', in: login({ event_id: '' }), out: ['attribute_value_too_short /event_id'] },
    { name: 'tenant_id of 129 characters', in: login({ tenant_id: 't'.repeat(129) }), out: ['attribute_value_exceeds_max_len /tenant_id'] },
    { name: 'tenant_id of 129 astral characters', in: login({ tenant_id: '😀'.repeat(129) }), out: ['attribute_value_exceeds_max_len /tenant_id'] },
    { name: 'tenant_id empty', in: login({ tenant_id: '' }), out: ['attribute_value_too_short /tenant_id'] },
    { name: 'actor.id empty', in: withValue(LOGIN, 'actor.id', ''), out: ['attribute_value_too_short /actor/id'] },
    { name: 'resource.id empty', in: withValue(FULL, 'resource.id', ''), out: ['attribute_value_too_short /resource/id'] },
    { name: 'session_id empty', in: login({ session_id: '' }), out: ['attribute_value_too_short /session_id'] },
    { name: 'request_id empty', in: login({ request_id: '' }), out: ['attribute_value_too_short /request_id'] },
    { name: 'source.port -1', in: withValue(FULL, 'source.port', -1), out: ['attribute_value_exceeds_range /source/port'] },
    { name: 'source.port 65536', in: withValue(FULL, 'source.port', 65536), out: ['attribute_value_exceeds_range /source/port'] },
    { name: 'source.port 0 and 65535 are fine', in: withValue(withValue(FULL, 'source.port', 0), 'source.geo.lat', 90), out: [] },
    { name: 'source.geo.lat 90.5', in: withValue(FULL, 'source.geo.lat', 90.5), out: ['attribute_value_exceeds_range /source/geo/lat'] },
    { name: 'source.geo.lon -180.1', in: withValue(FULL, 'source.geo.lon', -180.1), out: ['attribute_value_exceeds_range /source/geo/lon'] },
  ]);
  it('says how long and what the limit is', () => {
    expect(validateEvent(login({ tenant_id: 't'.repeat(129) })).errors[0]?.message).toBe('"tenant_id" is 129 characters long, more than 128');
    expect(validateEvent(withValue(FULL, 'source.port', 65536)).errors[0]?.message).toBe('"source.port" 65536 is out of range: it must be at most 65535');
  });
});

describe('validateEvent: timestamp is an RFC 3339 date-time naming a real instant', () => {
  const accepted = [
    '2026-11-22T08:00:00Z',
    '2028-02-29T12:00:00Z', // 2028 is a leap year
    '2000-02-29T00:00:00Z', // divisible by 400
    '2026-11-22t08:00:00z', // RFC 3339 §5.6 NOTE: "T" and "Z" may be lower case
    '2026-11-22T08:00:00.123456789+14:00', // Line Islands
    '2026-11-22T08:00:00-12:00', // Baker Island
    '2026-11-22T08:00:00+05:45',
    '2026-11-22T08:00:00+23:59', // the largest offset RFC 3339's grammar allows
    '2026-11-22T08:00:00-00:00', // RFC 3339 §4.3: UTC, local offset unknown
    '2016-12-31T23:59:60Z', // a leap second
    '2015-06-30T23:59:60.5Z',
    '2016-12-31T15:59:60-08:00', // the same leap second, in another offset
    '2017-01-01T00:59:60+01:00', // ... whose local date is the next day
    '2026-03-31T23:59:60Z', // ITU-R TF.460 allows the end of any month
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
  ];
  const rejected: [string, RegExp][] = [
    ['2026-02-29T12:00:00Z', /has day 29, but February 2026 has 28 days/],
    ['1900-02-29T00:00:00Z', /February 1900 has 28 days/],
    ['2026-02-30T00:00:00Z', /February 2026 has 28 days/],
    ['2026-04-31T00:00:00Z', /April 2026 has 30 days/],
    ['2026-13-45T00:00:00Z', /has month 13/],
    ['2026-00-10T00:00:00Z', /has month 00/],
    ['2026-01-00T00:00:00Z', /has day 00/],
    ['2026-11-22T24:00:00Z', /has hour 24: hours are 00-23/],
    ['2026-11-22T23:60:00Z', /has minute 60/],
    ['2026-11-22T23:59:61Z', /has second 61/],
    ['2026-06-29T23:59:60Z', /leap second is 23:59:60 UTC on the last day of a month/],
    ['2016-12-31T23:58:60Z', /leap second/],
    ['2016-12-31T23:59:60+01:00', /leap second/],
    ['2026-11-22T08:00:00+24:00', /offsets are at most ±23:59/],
    ['2026-11-22T08:00:00+01:60', /offsets are at most ±23:59/],
    ['2026-11-22 08:00:00Z', /is not an RFC 3339 date-time/],
    ['2026-11-22T08:00:00+0100', /is not an RFC 3339 date-time/],
    ['2026-11-22T08:00:00+01', /is not an RFC 3339 date-time/],
    ['2026-11-22T08:00:00', /is not an RFC 3339 date-time/],
    ['2026-11-22T08:00Z', /is not an RFC 3339 date-time/],
    ['2026-11-22T08:00:00.Z', /is not an RFC 3339 date-time/],
    ['2026-11-22', /is not an RFC 3339 date-time/],
    ['+002026-11-22T08:00:00Z', /is not an RFC 3339 date-time/],
    ['2026-11-22T08:00:00Z\n', /is not an RFC 3339 date-time/],
    ['２０２６-11-22T08:00:00Z', /is not an RFC 3339 date-time/],
    ['', /is not an RFC 3339 date-time/],
  ];
  run(accepted.map((ts) => ({ name: `accepts ${ts}`, in: login({ timestamp: ts }), out: [] })));
  run(rejected.map(([ts]) => ({ name: `rejects ${JSON.stringify(ts)}`, in: login({ timestamp: ts }), out: ['attribute_value_invalid /timestamp'] })));
  it('says why', () => {
    for (const [ts, why] of rejected) expect(validateEvent(login({ timestamp: ts })).errors[0]?.message, ts).toMatch(why);
  });

  // What ajv-formats' `date-time` (the JSON Schema check, also in event.schema.json) does alone, and
  // what validateEvent adds on top of it.
  const ajvDateTime = (s: string): boolean => (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate(s);
  it('ajv-formats already rejects impossible dates and times', () => {
    for (const ts of ['2026-02-29T12:00:00Z', '1900-02-29T00:00:00Z', '2026-02-30T00:00:00Z', '2026-13-45T00:00:00Z', '2026-11-22T24:00:00Z', '2026-11-22T23:59:61Z', '2016-12-31T23:58:60Z', '2026-11-22T08:00:00']) {
      expect(ajvDateTime(ts), ts).toBe(false);
    }
    for (const ts of accepted) expect(ajvDateTime(ts), ts).toBe(true);
  });
  it('ajv-formats accepts what RFC 3339 does not, and validateEvent rejects it', () => {
    for (const ts of ['2026-11-22 08:00:00Z', '2026-11-22\t08:00:00Z', '2026-11-22T08:00:00+0100', '2026-11-22T08:00:00+01', '2026-06-29T23:59:60Z']) {
      expect(ajvDateTime(ts), ts).toBe(true);
      expect(dateTimeProblem(ts), ts).toBeDefined();
      expect(validateEvent(login({ timestamp: ts })).errors.map((f) => f.code), ts).toEqual(['attribute_value_invalid']);
    }
  });
  it('checks every day of four centuries like the calendar does', () => {
    for (let year = 1800; year <= 2400; year += 1) {
      for (const month of [2, 4, 12]) {
        for (const day of [28, 29, 30, 31]) {
          const ts = `${year}-${String(month).padStart(2, '0')}-${day}T00:00:00Z`;
          const d = new Date(Date.UTC(year, month - 1, day));
          expect(dateTimeProblem(ts) === undefined, ts).toBe(d.getUTCDate() === day);
        }
      }
    }
  });
});

describe('validateEvent: per-category requirements (DESIGN.md §2)', () => {
  const file = full();
  run([
    { name: 'FILE_ACCESS without resource', in: without(file, 'resource'), out: ['category_requirement_missing /resource'] },
    { name: 'FILE_ACCESS with a resource without a name', in: without(file, 'resource.name'), out: ['category_requirement_missing /resource/name'] },
    { name: 'FILE_ACCESS without source', in: without(file, 'source'), out: ['category_requirement_missing /source'] },
    { name: 'FILE_ACCESS without source.ip', in: without(file, 'source.ip'), out: ['category_requirement_missing /source/ip'] },
    { name: 'FILE_ACCESS with nothing of it: both', in: without(without(file, 'resource'), 'source'), out: ['category_requirement_missing /resource', 'category_requirement_missing /source'] },
    { name: 'FILE_ACCESS with resource of the wrong type: one finding', in: full({ resource: 'report.pdf' }), out: ['attribute_wrong_type /resource'] },
    { name: 'API_ACTIVITY with source.ip', in: login({ category: 'API_ACTIVITY', action: 'api.request', source: { ip: '192.0.2.1' } }), out: [] },
    { name: 'API_ACTIVITY without source', in: login({ category: 'API_ACTIVITY', action: 'api.request' }), out: ['category_requirement_missing /source'] },
    { name: 'API_ACTIVITY without source.ip', in: login({ category: 'API_ACTIVITY', action: 'api.request', source: { port: 443 } }), out: ['category_requirement_missing /source/ip'] },
    {
      name: 'GROUP_MANAGEMENT with the group and the member',
      in: login({ category: 'GROUP_MANAGEMENT', action: 'group.member_add', resource: { type: 'group', id: 'grp_1' }, payload: { member: { id: 'usr_2', email: 'bob@example.com' } } }),
      out: [],
    },
    { name: 'GROUP_MANAGEMENT without resource', in: login({ category: 'GROUP_MANAGEMENT', action: 'group.member_add', payload: { member: { id: 'usr_2' } } }), out: ['category_requirement_missing /resource'] },
    { name: 'ACCESS_MANAGEMENT with role', in: login({ category: 'ACCESS_MANAGEMENT', action: 'role.assign', resource: { type: 'user', id: 'usr_2' }, payload: { role: 'admin' } }), out: [] },
    { name: 'ACCESS_MANAGEMENT with privileges', in: login({ category: 'ACCESS_MANAGEMENT', action: 'role.revoke', resource: { type: 'user', id: 'usr_2' }, payload: { privileges: ['files.read'] } }), out: [] },
    { name: 'ACCESS_MANAGEMENT without resource', in: login({ category: 'ACCESS_MANAGEMENT', action: 'role.assign', payload: { role: 'admin' } }), out: ['category_requirement_missing /resource'] },
    { name: 'ACCESS_MANAGEMENT without payload', in: login({ category: 'ACCESS_MANAGEMENT', action: 'role.assign', resource: { type: 'user', id: 'usr_2' } }), out: ['category_requirement_missing /payload'] },
    { name: 'ACCESS_MANAGEMENT with neither role nor privileges: one finding', in: login({ category: 'ACCESS_MANAGEMENT', action: 'role.assign', resource: { type: 'user', id: 'usr_2' }, payload: { reason: 'x' } }), out: ['category_requirement_missing /payload'] },
    { name: 'ACCESS_MANAGEMENT with empty privileges', in: login({ category: 'ACCESS_MANAGEMENT', action: 'role.assign', resource: { type: 'user', id: 'usr_2' }, payload: { privileges: [] } }), out: ['attribute_value_too_short /payload/privileges'] },
    { name: 'ACCESS_MANAGEMENT with a role that is not a string', in: login({ category: 'ACCESS_MANAGEMENT', action: 'role.assign', resource: { type: 'user', id: 'usr_2' }, payload: { role: 7 } }), out: ['attribute_wrong_type /payload/role'] },
    {
      name: 'ACCESS_MANAGEMENT, unregistered action: the rule still types role',
      in: login({ category: 'ACCESS_MANAGEMENT', action: 'acme.access.grant', resource: { type: 'user', id: 'usr_2' }, payload: { role: 7 } }),
      out: ['attribute_wrong_type /payload/role'],
    },
    { name: 'CONFIGURATION without resource', in: login({ category: 'CONFIGURATION', action: 'settings.update' }), out: ['category_requirement_missing /resource'] },
    { name: 'CONFIGURATION with resource', in: login({ category: 'CONFIGURATION', action: 'settings.update', resource: { type: 'setting', id: 'sso.enforced' }, payload: { old_value: false, new_value: true } }), out: [] },
    { name: 'an unregistered FILE_ACCESS action needs the same', in: login({ category: 'FILE_ACCESS', action: 'acme.file.scan' }), out: ['category_requirement_missing /resource', 'category_requirement_missing /source'] },
  ]);
  it('names the category and what it needs', () => {
    expect(validateEvent(without(file, 'source')).errors[0]?.message).toBe('"source" is missing: category FILE_ACCESS needs a "resource" (the file or folder) with a "name", and "source.ip"');
    expect(validateEvent(login({ category: 'ACCESS_MANAGEMENT', action: 'role.assign', resource: { type: 'user', id: 'u' }, payload: {} })).errors[0]?.message).toMatch(/^"payload" has neither "role" nor "privileges"; one of them is required: category ACCESS_MANAGEMENT needs /);
  });
  it('has a rule for each category that needs one, and none for the others', () => {
    expect(CATEGORY_RULES.map((r) => r.category)).toEqual(['FILE_ACCESS', 'API_ACTIVITY', 'GROUP_MANAGEMENT', 'ACCESS_MANAGEMENT', 'CONFIGURATION']);
  });
});

describe('validateEvent: payloads of registered event types', () => {
  run([
    { name: 'file.download: size a string', in: withValue(FULL, 'payload.size', 'big'), out: ['attribute_wrong_type /payload/size'] },
    { name: 'file.download: size negative', in: withValue(FULL, 'payload.size', -1), out: ['attribute_value_exceeds_range /payload/size'] },
    { name: 'file.download: sha256 not hex', in: withValue(FULL, 'payload.sha256', 'xyz'), out: ['attribute_value_invalid /payload/sha256'] },
    { name: 'file.share: shared_with not an array', in: full({ action: 'file.share', payload: { shared_with: 'bob' } }), out: ['attribute_wrong_type /payload/shared_with'] },
    { name: 'file.share: a shared_with item not a string', in: full({ action: 'file.share', payload: { shared_with: ['bob', 2] } }), out: ['attribute_wrong_type /payload/shared_with/1'] },
    { name: 'group.member_add without payload', in: login({ category: 'GROUP_MANAGEMENT', action: 'group.member_add', resource: { type: 'group', id: 'g' } }), out: ['attribute_required_missing /payload'] },
    { name: 'group.member_add without payload.member', in: login({ category: 'GROUP_MANAGEMENT', action: 'group.member_add', resource: { type: 'group', id: 'g' }, payload: {} }), out: ['attribute_required_missing /payload/member'] },
    { name: 'group.member_add: member without id', in: login({ category: 'GROUP_MANAGEMENT', action: 'group.member_add', resource: { type: 'group', id: 'g' }, payload: { member: { email: 'b@example.com' } } }), out: ['attribute_required_missing /payload/member/id'] },
    { name: 'group.member_add: member is closed', in: login({ category: 'GROUP_MANAGEMENT', action: 'group.member_add', resource: { type: 'group', id: 'g' }, payload: { member: { id: 'u', role: 'x' } } }), out: ['attribute_unknown /payload/member/role'] },
    { name: 'group.member_add: member.email invalid', in: login({ category: 'GROUP_MANAGEMENT', action: 'group.member_add', resource: { type: 'group', id: 'g' }, payload: { member: { id: 'u', email: 'nope' } } }), out: ['attribute_value_invalid /payload/member/email'] },
    { name: 'certificate.issue: not_after is not a real instant', in: login({ category: 'CONFIGURATION', action: 'certificate.issue', resource: { type: 'certificate', id: 'c' }, payload: { not_after: '2027-02-29T00:00:00Z' } }), out: ['attribute_value_invalid /payload/not_after'] },
    { name: 'certificate.issue: not_after with a space (the strict date-time rule applies to payloads too)', in: login({ category: 'CONFIGURATION', action: 'certificate.issue', resource: { type: 'certificate', id: 'c' }, payload: { not_after: '2027-01-01 00:00:00Z' } }), out: ['attribute_value_invalid /payload/not_after'] },
    { name: 'siem.delivery.dropped without payload', in: login({ category: 'SECURITY', action: 'siem.delivery.dropped' }), out: ['attribute_required_missing /payload'] },
    { name: 'siem.delivery.dropped without count', in: login({ category: 'SECURITY', action: 'siem.delivery.dropped', payload: { destination: 'splunk' } }), out: ['attribute_required_missing /payload/count'] },
    { name: 'siem.delivery.dropped with count 0', in: login({ category: 'SECURITY', action: 'siem.delivery.dropped', payload: { destination: 'splunk', count: 0 } }), out: ['attribute_value_exceeds_range /payload/count'] },
    { name: 'user.login: mfa a string', in: login({ payload: { mfa: 'yes' } }), out: ['attribute_wrong_type /payload/mfa'] },
  ]);
  it('names the payload field', () => {
    expect(validateEvent(withValue(FULL, 'payload.size', 'big')).errors).toEqual([{ code: 'attribute_wrong_type', path: '/payload/size', message: '"payload.size" has the wrong type: expected integer, got string' }]);
  });
});

describe('validateEvent: an action registered under another category', () => {
  run([
    { name: 'user.login as SECURITY', in: login({ category: 'SECURITY' }), out: ['action_category_mismatch /category'] },
    { name: 'the payload of the other type is not checked then', in: login({ category: 'SECURITY', payload: { mfa: 'yes' } }), out: ['action_category_mismatch /category'] },
    { name: 'with a category that is not one: only that', in: login({ category: 'NOPE' }), out: ['attribute_enum_value_unknown /category'] },
  ]);
  it('says which category the action belongs to', () => {
    expect(validateEvent(login({ category: 'SECURITY' })).errors[0]?.message).toBe('action "user.login" is registered with category AUTHENTICATION, not SECURITY');
  });
});

describe('validateEvent: a registry of the user', () => {
  const exportType = defineEventType({
    action: 'acme.report.export',
    category: 'FILE_ACCESS',
    payload: Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('pdf')]), rows: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
    ocsf: { class: 'file_hosting', activity_id: 2 },
    ecs: { kind: 'event', category: ['file'], type: ['access'] },
    cef: { signature_id: 'acme.report.export', name: 'Report exported' },
  });
  const registry = createRegistry([...BUILT_IN_EVENT_TYPES, exportType]);
  const exported = (payload: unknown): Obj => full({ action: 'acme.report.export', payload });
  run([
    { name: 'a valid payload of the closed type', in: exported({ format: 'csv', rows: 10 }), out: [], registry },
    { name: 'a member the closed type does not have', in: exported({ format: 'csv', sheet: 'x' }), out: ['attribute_unknown /payload/sheet'], registry },
    { name: 'a value outside the union of literals', in: exported({ format: 'xls' }), out: ['attribute_enum_value_unknown /payload/format'], registry },
    { name: 'a value of the wrong type for the union of literals', in: exported({ format: 1 }), out: ['attribute_wrong_type /payload/format'], registry },
    { name: 'a required member missing', in: exported({ rows: 1 }), out: ['attribute_required_missing /payload/format'], registry },
    { name: 'built-in types still apply', in: withValue(FULL, 'payload.size', 'big'), out: ['attribute_wrong_type /payload/size'], registry },
    { name: 'without the user registry the action is unregistered: any payload', in: exported({ sheet: 1 }), out: [] },
  ]);
  it('names the event type of a closed payload', () => {
    expect(validateEvent(exported({ format: 'csv', sheet: 'x' }), { registry }).errors[0]?.message).toBe('"payload.sheet" is not an attribute of the payload of event type "acme.report.export"');
  });
  it('compiles per registry: two registries may type the same action differently', () => {
    const strict = createRegistry([{ ...exportType, payload: Type.Object({ format: Type.Literal('pdf') }, { additionalProperties: false }) }]);
    expect(validateEvent(exported({ format: 'csv' }), { registry }).valid).toBe(true);
    expect(validateEvent(exported({ format: 'csv' }), { registry: strict }).errors.map((f) => `${f.code} ${f.path}`)).toEqual(['attribute_enum_value_unknown /payload/format']);
    expect(validateEvent(exported({ format: 'csv' }), { registry }).valid).toBe(true);
  });
  run([
    {
      name: 'a payload schema that does not compile is a finding, not a throw',
      in: exported({}),
      out: ['payload_schema_invalid /payload'],
      registry: createRegistry([{ ...exportType, payload: Type.Unsafe({ type: 'strin' }) }]),
    },
  ]);
});

describe('validateEvent: hostile input never throws', () => {
  const notObjects: [string, unknown][] = [['null', null], ['undefined', undefined], ['a number', 42], ['a string', 'event'], ['an array', [LOGIN]], ['true', true], ['a function', () => LOGIN]];
  run(notObjects.map(([name, value]) => ({ name, in: value, out: ['attribute_wrong_type '] })));
  it('says what the value is', () => {
    expect(validateEvent([LOGIN]).errors[0]?.message).toBe('a canonical event is a JSON object, got array');
  });
  run([
    {
      name: 'a getter that throws',
      in: Object.defineProperty({ ...LOGIN }, 'tenant_id', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      }),
      out: ['event_unreadable '],
    },
    {
      name: 'a proxy that throws',
      in: new Proxy(LOGIN, {
        get() {
          throw new Error('boom');
        },
      }),
      out: ['event_unreadable '],
    },
    { name: 'a cyclic payload of an unregistered action', in: (() => { const p: Obj = {}; p.self = p; return login({ action: 'acme.x.y', payload: p }); })(), out: [] },
    { name: 'a deeply nested payload', in: login({ action: 'acme.x.y', payload: JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) as Obj }), out: [] },
    { name: 'a huge message', in: login({ message: 'x'.repeat(1_000_000) }), out: [] },
  ]);
});

describe('CANONICAL_FINDING_CODES', () => {
  it('is exactly the codes the cases above produced', () => {
    expect([...seenCodes].sort()).toEqual([...CANONICAL_FINDING_CODES].sort());
  });
});
