import { describe, expect, it } from 'vitest';
import { ECS_FIELD_TYPES } from '../../../generated/ecs/9.4.0/index.js';
import type { EcsDocument, EcsValidateOptions } from '../../../src/validate/ecs.js';
import { ECS_FINDING_CODES, validateEcs } from '../../../src/validate/ecs.js';
import { VALUE_CHECKS } from '../../../src/validate/ecs-values.js';

/** The smallest valid ECS document, plus extra members. */
const doc = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  '@timestamp': '2025-03-14T09:26:53.589Z',
  ecs: { version: '9.4.0' },
  ...extra,
});

interface Case {
  name: string;
  doc: unknown;
  options?: EcsValidateOptions;
  /** Expected findings as `code path`, in order. */
  errors?: string[];
  warnings?: string[];
}

const codes = new Set<string>();

function run(cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const result = validateEcs(c.doc, c.options);
      for (const f of [...result.errors, ...result.warnings]) codes.add(f.code);
      expect(result.errors.map((f) => `${f.code} ${f.path}`)).toEqual(c.errors ?? []);
      expect(result.warnings.map((f) => `${f.code} ${f.path}`)).toEqual(c.warnings ?? []);
      expect(result.valid).toBe((c.errors ?? []).length === 0);
    });
  }
}

describe('validateEcs: shapes Elasticsearch accepts', () => {
  run([
    { name: 'the minimal document', doc: doc() },
    {
      name: 'nested objects',
      doc: doc({ source: { ip: '203.0.113.9', port: 443, geo: { city_name: 'Berlin' } }, user: { name: 'alice' } }),
    },
    {
      name: 'dotted keys',
      doc: { '@timestamp': 1_700_000_000_000, 'ecs.version': '9.4.0', 'source.ip': '2001:db8::1', 'source.geo.city_name': 'Berlin' },
    },
    {
      name: 'dotted and nested keys mixed at every level',
      doc: doc({ source: { 'geo.city_name': 'Berlin', geo: { country_iso_code: 'DE' } }, 'source.port': 443, 'user.group': { name: 'admins' } }),
    },
    { name: 'null and empty arrays as no value', doc: doc({ source: null, user: { name: null, roles: [] }, 'host.ip': [null] }) },
    { name: 'arrays for any field, nested arrays flattened', doc: doc({ 'user.name': ['alice', 'bob'], tags: [['a'], 'b'] }) },
    {
      name: 'arrays of objects below nested and object fields',
      doc: doc({
        threat: { enrichments: [{ indicator: { type: 'file', file: { name: 'x.exe' } }, matched: { atomic: 'x.exe' } }] },
        dns: { answers: [{ data: '203.0.113.1', ttl: 60 }, { data: '203.0.113.2' }] },
      }),
    },
    {
      name: 'object fields with ECS sub-fields, nested and dotted',
      doc: doc({ log: { syslog: { appname: 'sshd', 'facility.code': 4 } }, 'process.io.text': 'ls' }),
    },
    {
      name: 'free keys below open objects and flattened fields',
      doc: doc({
        labels: { env: 'prod', team: ['a', 'b'] },
        'labels.region': 'eu',
        cloud: { entity: { raw: { any: { depth: [1, { x: true }] } } } },
        'dll.pe.imports': [{ name: 'kernel32.dll', type: 'dll' }],
        'log.syslog.structured_data.origin.ip': '10.0.0.1',
      }),
    },
    { name: 'a custom field set', doc: doc({ siemkit: { tenant_id: 't1', x: { y: 1 } }, 'siemkit.actor.type': 'user' }), options: { customFieldSets: ['siemkit'] } },
    {
      name: 'a dotted custom prefix, nested or dotted',
      doc: doc({ acme: { audit: { x: 1 } }, 'acme.audit.y': 2, 'acme.audit': { z: 3 } }),
      options: { customFieldSets: ['acme.audit'] },
    },
    { name: 'custom keys below an ECS field set', doc: doc({ source: { ip: '10.0.0.1', zone: 'dmz' } }), options: { customFieldSets: ['source.zone'] } },
    {
      name: 'every date form',
      doc: doc({ event: { created: '2025-03-14', start: '2025-03-14T09:26', end: '2025-03-14T09:26:53+02:00', ingested: 1_700_000_000_000.5 } }),
    },
    {
      name: 'every geo_point form',
      doc: doc({
        source: { geo: { location: { lat: 52.52, lon: 13.405 } } },
        'destination.geo.location': [13.405, 52.52],
        'client.geo.location': '52.52,13.405',
        'server.geo.location': 'POINT (13.405 52.52)',
        'host.geo.location': { type: 'Point', coordinates: [13.405, 52.52] },
        'observer.geo.location': [{ lat: 1, lon: 2 }, '3,4'],
      }),
    },
    {
      name: 'numbers at the edges of their types',
      doc: doc({ event: { duration: Number.MAX_SAFE_INTEGER, sequence: -(2 ** 63), risk_score: 3.4e38 }, 'gen_ai.usage.input_tokens': 2 ** 31 - 1 }),
    },
    {
      name: 'categorization that ECS expects',
      doc: doc({ event: { kind: 'event', category: ['authentication', 'iam'], type: ['start', 'user'], outcome: 'success' } }),
    },
  ]);
});

describe('validateEcs: attribute_unknown', () => {
  run([
    { name: 'an unknown top-level key', doc: doc({ foo: 1 }), errors: ['attribute_unknown /foo'] },
    { name: 'an unknown key in a field set, nested', doc: doc({ source: { zone: 'dmz' } }), errors: ['attribute_unknown /source/zone'] },
    { name: 'an unknown key in a field set, dotted', doc: doc({ 'source.zone': 'dmz' }), errors: ['attribute_unknown /source.zone'] },
    { name: 'a dotted key through a value', doc: doc({ 'source.ip.v4': '10.0.0.1' }), errors: ['attribute_unknown /source.ip.v4'] },
    { name: 'a multi-field written as a document field', doc: doc({ 'host.name.text': 'x' }), errors: ['attribute_unknown /host.name.text'] },
    { name: 'an unknown key below an object with ECS sub-fields', doc: doc({ dns: { answers: [{ data: 'x', extra: 1 }] } }), errors: ['attribute_unknown /dns/answers/0/extra'] },
    { name: 'a key outside a dotted custom prefix', doc: doc({ acme: { other: 1 } }), options: { customFieldSets: ['acme.audit'] }, errors: ['attribute_unknown /acme/other'] },
    { name: 'a key that is unknown even when null', doc: doc({ foo: null }), errors: ['attribute_unknown /foo'] },
    { name: 'empty dotted segments', doc: doc({ 'source..ip': '10.0.0.1' }), errors: ['attribute_unknown /source..ip'] },
    { name: 'a pointer escapes / and ~', doc: doc({ 'a/b~c': 1 }), errors: ['attribute_unknown /a~1b~0c'] },
  ]);
});

describe('validateEcs: attribute_wrong_type', () => {
  run([
    { name: 'not an object: null', doc: null, errors: ['attribute_wrong_type '] },
    { name: 'not an object: an array', doc: [doc()], errors: ['attribute_wrong_type '] },
    { name: 'not an object: a string', doc: '{}', errors: ['attribute_wrong_type '] },
    { name: 'not an object: a number', doc: 42, errors: ['attribute_wrong_type '] },
    { name: 'keyword: a number', doc: doc({ user: { name: 42 } }), errors: ['attribute_wrong_type /user/name'] },
    { name: 'keyword: an object (a multi-field written nested)', doc: doc({ host: { name: { text: 'x' } } }), errors: ['attribute_wrong_type /host/name'] },
    { name: 'long: a fraction', doc: doc({ 'source.port': 1.5 }), errors: ['attribute_wrong_type /source.port'] },
    { name: 'long: a numeric string', doc: doc({ 'source.port': '443' }), errors: ['attribute_wrong_type /source.port'] },
    { name: 'long: 2^63', doc: doc({ event: { sequence: 2 ** 63 } }), errors: ['attribute_wrong_type /event/sequence'] },
    { name: 'integer: 2^31', doc: doc({ 'gen_ai.usage.input_tokens': 2 ** 31 }), errors: ['attribute_wrong_type /gen_ai.usage.input_tokens'] },
    { name: 'float: beyond 32 bits', doc: doc({ 'event.risk_score': 1e39 }), errors: ['attribute_wrong_type /event.risk_score'] },
    { name: 'double: not finite', doc: doc({ 'gen_ai.request.temperature': Number.NaN }), errors: ['attribute_wrong_type /gen_ai.request.temperature'] },
    { name: 'boolean: a string', doc: doc({ 'threat.enrichments.indicator.file.code_signature.exists': 'true' }), errors: ['attribute_wrong_type /threat.enrichments.indicator.file.code_signature.exists'] },
    { name: 'date: free text', doc: doc({ 'event.created': 'yesterday' }), errors: ['attribute_wrong_type /event.created'] },
    { name: 'date: not a calendar day', doc: doc({ 'event.created': '2023-02-29T00:00:00Z' }), errors: ['attribute_wrong_type /event.created'] },
    { name: 'date: epoch millis as a string', doc: doc({ 'event.created': '1700000000000' }), errors: ['attribute_wrong_type /event.created'] },
    { name: 'ip: three octets', doc: doc({ source: { ip: '10.0.0' } }), errors: ['attribute_wrong_type /source/ip'] },
    { name: 'ip: a number', doc: doc({ 'source.ip': 167772161 }), errors: ['attribute_wrong_type /source.ip'] },
    { name: 'geo_point: latitude out of range', doc: doc({ 'source.geo.location': { lat: 91, lon: 0 } }), errors: ['attribute_wrong_type /source.geo.location'] },
    { name: 'geo_point: [lat, lon] swapped beyond range', doc: doc({ 'source.geo.location': [10, 100] }), errors: ['attribute_wrong_type /source.geo.location'] },
    { name: 'geo_point: one bad point in a list', doc: doc({ 'source.geo.location': [[1, 2], [1, 200]] }), errors: ['attribute_wrong_type /source.geo.location/1'] },
    { name: 'a field set given a value', doc: doc({ source: '10.0.0.1' }), errors: ['attribute_wrong_type /source'] },
    { name: 'an object field given a value', doc: doc({ 'log.syslog': 'x' }), errors: ['attribute_wrong_type /log.syslog'] },
    {
      name: 'a flattened field given a value',
      doc: doc({ dll: { pe: { imports: 'kernel32' } } }),
      errors: ['attribute_wrong_type /dll/pe/imports'],
      warnings: ['ecs_array_expected /dll/pe/imports'],
    },
    { name: 'an array element', doc: doc({ tags: ['a', 1, 'c'] }), errors: ['attribute_wrong_type /tags/1'] },
    { name: 'an element of a nested array', doc: doc({ tags: ['a', ['b', false]] }), errors: ['attribute_wrong_type /tags/1/1'] },
    { name: 'an element of an array of objects', doc: doc({ dns: { answers: [{ data: 'x' }, 'y'] } }), errors: ['attribute_wrong_type /dns/answers/1'] },
    { name: 'labels: a number', doc: doc({ labels: { n: 1 } }), errors: ['attribute_wrong_type /labels/n'] },
    { name: 'labels: an array element', doc: doc({ 'labels.n': ['a', 2] }), errors: ['attribute_wrong_type /labels.n/1'] },
    { name: 'labels: a nested object', doc: doc({ labels: { a: { b: 'x' } } }), errors: ['attribute_wrong_type /labels/a'] },
    { name: 'labels: a dotted sub-key, at the top', doc: doc({ 'labels.a.b': 'x' }), errors: ['attribute_wrong_type /labels.a.b'] },
    { name: 'labels: a dotted sub-key, inside', doc: doc({ labels: { 'a.b': 'x' } }), errors: ['attribute_wrong_type /labels/a.b'] },
    {
      name: 'an ECS field under a custom prefix keeps its type',
      doc: doc({ source: { ip: 'x', zone: 'dmz' } }),
      options: { customFieldSets: ['source'] },
      errors: ['attribute_wrong_type /source/ip'],
    },
    { name: 'an ancestor of a custom prefix given a value', doc: doc({ acme: 'x' }), options: { customFieldSets: ['acme.audit'] }, errors: ['attribute_wrong_type /acme'] },
  ]);
});

describe('validateEcs: inputs that are not JSON', () => {
  const cyclic: unknown[] = ['a'];
  cyclic.push(cyclic);
  const selfOnly: unknown[] = [];
  selfOnly.push(selfOnly);
  const deep = (depth: number): unknown => (depth === 0 ? 'x' : [deep(depth - 1)]);
  run([
    { name: 'a cyclic array', doc: doc({ tags: cyclic }), errors: [`attribute_wrong_type /tags${'/1'.repeat(32)}`] },
    { name: 'arrays nested 32 deep are flattened', doc: doc({ tags: deep(32) }) },
    { name: 'arrays nested 33 deep', doc: doc({ tags: deep(33) }), errors: [`attribute_wrong_type /tags${'/0'.repeat(32)}`] },
    { name: 'a cyclic array of objects', doc: doc({ 'dns.answers': selfOnly }), errors: [`attribute_wrong_type /dns.answers${'/0'.repeat(32)}`] },
    { name: 'a bigint', doc: doc({ 'source.port': 443n }), errors: ['attribute_wrong_type /source.port'] },
  ]);
});

describe('validateEcs: attribute_enum_value_unknown', () => {
  run([
    { name: 'event.kind', doc: doc({ event: { kind: 'Alert' } }), errors: ['attribute_enum_value_unknown /event/kind'] },
    { name: 'event.category, one element', doc: doc({ event: { category: ['iam', 'identity'] } }), errors: ['attribute_enum_value_unknown /event/category/1'] },
    { name: 'event.type, dotted', doc: doc({ 'event.type': ['login'] }), errors: ['attribute_enum_value_unknown /event.type/0'] },
    { name: 'event.outcome', doc: doc({ 'event.outcome': 'denied' }), errors: ['attribute_enum_value_unknown /event.outcome'] },
    { name: 'entity.type, also closed by allowed_values', doc: doc({ 'entity.type': ['k8s_pod'] }), errors: ['attribute_enum_value_unknown /entity.type/0'] },
  ]);
});

describe('validateEcs: attribute_required_missing', () => {
  run([
    { name: '@timestamp missing', doc: { ecs: { version: '9.4.0' } }, errors: ['attribute_required_missing /@timestamp'] },
    { name: 'ecs.version missing', doc: { '@timestamp': '2025-03-14T09:26:53Z' }, errors: ['attribute_required_missing /ecs/version'] },
    { name: 'both missing from an empty object', doc: {}, errors: ['attribute_required_missing /@timestamp', 'attribute_required_missing /ecs/version'] },
    { name: '@timestamp null', doc: doc({ '@timestamp': null }), errors: ['attribute_required_missing /@timestamp'] },
    { name: '@timestamp an empty array', doc: doc({ '@timestamp': [] }), errors: ['attribute_required_missing /@timestamp'] },
    {
      name: '@timestamp of the wrong type counts as missing too',
      doc: doc({ '@timestamp': true }),
      errors: ['attribute_wrong_type /@timestamp', 'attribute_required_missing /@timestamp'],
    },
  ]);
});

describe('validateEcs: warnings', () => {
  run([
    {
      name: 'ecs_event_type_unexpected',
      doc: doc({ event: { category: ['iam'], type: ['change', 'start'] } }),
      warnings: ['ecs_event_type_unexpected /event/type/1'],
    },
    { name: 'no expectation without event.category', doc: doc({ event: { type: ['start'] } }) },
    {
      name: 'ecs_array_expected',
      doc: doc({ event: { category: 'authentication', type: 'start' } }),
      warnings: ['ecs_array_expected /event/category', 'ecs_array_expected /event/type'],
    },
    { name: 'ecs_array_expected for an array of objects', doc: doc({ 'dns.answers': { data: 'x' } }), warnings: ['ecs_array_expected /dns.answers'] },
    { name: 'ecs_value_unexpected', doc: doc({ network: { direction: 'up' } }), warnings: ['ecs_value_unexpected /network/direction'] },
    { name: 'ecs_pattern_mismatch', doc: doc({ host: { mac: ['00-00-5E-00-53-23', 'aa:bb:cc:dd:ee:ff'] } }), warnings: ['ecs_pattern_mismatch /host/mac/1'] },
  ]);
});

describe('validateEcs: messages', () => {
  const message = (d: unknown, options?: EcsValidateOptions): string => {
    const r = validateEcs(d, options);
    return [...r.errors, ...r.warnings].map((f) => f.message).join('\n');
  };
  const cases: { doc: unknown; says: RegExp }[] = [
    { doc: doc({ 'source.zone': 1 }), says: /^source\.zone: not an ECS 9\.4\.0 field.*customFieldSets/ },
    { doc: doc({ 'source.ip.v4': 1 }), says: /^source\.ip\.v4: .*source\.ip is a value of ECS type ip/ },
    { doc: doc({ 'source.ip': '10.0.0' }), says: /^source\.ip: expected an IPv4 or IPv6 address string \(ECS type ip\), got the string "10\.0\.0"$/ },
    { doc: doc({ source: 1 }), says: /^source: expected an object holding the source\.\* fields, got the number 1$/ },
    { doc: doc({ 'event.kind': 'Alert' }), says: /^event\.kind: the string "Alert" is not an allowed value \(allowed: alert, /ms },
    { doc: doc({ labels: { n: 1 } }), says: /^labels\.n: expected a string \(labels holds keyword values\), got the number 1$/ },
    { doc: { ecs: { version: '9.4.0' } }, says: /^@timestamp: required by ECS but missing$/ },
    { doc: doc({ event: { category: ['iam'], type: ['start'] } }), says: /^event\.type: the string "start" is not expected with event\.category iam \(expected: admin, /m },
    { doc: doc({ 'event.category': 'iam' }), says: /^event\.category: ECS normalizes this field to an array/ },
    { doc: doc({ 'network.direction': 'up' }), says: /^network\.direction: .*"up".*ingress/ },
    { doc: doc({ 'source.mac': 'aa' }), says: /^source\.mac: the string "aa" does not match the ECS pattern \^\[A-F0-9\]/ },
    { doc: [], says: /^document: expected an ECS document \(a JSON object\), got an array$/ },
    { doc: doc({ message: 1, 'event.original': 'x'.repeat(1000) }), says: /^message: expected a string \(ECS type match_only_text\), got the number 1$/ },
  ];
  for (const c of cases) {
    it(String(c.says), () => {
      expect(message(c.doc)).toMatch(c.says);
    });
  }

  it('shortens long strings in messages', () => {
    expect(message(doc({ 'source.ip': 'y'.repeat(1000) })).length).toBeLessThan(200);
  });
});

describe('validateEcs registries', () => {
  it('reports every finding code somewhere above', () => {
    expect([...codes].sort()).toEqual([...ECS_FINDING_CODES].sort());
  });

  it('has a value check for every field type the ECS table uses', () => {
    for (const type of ECS_FIELD_TYPES) expect(VALUE_CHECKS, type).toHaveProperty(type);
  });

  it('accepts documents typed with the @elastic/ecs types', () => {
    const typed: EcsDocument = { '@timestamp': '2025-03-14T09:26:53Z', ecs: { version: '9.4.0' }, event: { category: ['session'], type: ['end'] } };
    expect(validateEcs(typed)).toEqual({ valid: true, errors: [], warnings: [] });
  });
});
