// The JSON Schema emitter: attribute and item pieces on a tiny hand-made IR, what those schemas
// accept and reject under Ajv (null handling, constraints, profile gates, type_uid), failures on a
// broken IR, and on the real OCSF 1.1.0 IR: the file set, determinism, and strict compilation.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { defName, emitJsonSchemas, schemaFileName } from '../../../../scripts/gen/ocsf/emit-json-schema.js';
import type { Ir, IrAttribute, IrClass, IrObject } from '../../../../schemas/ocsf/ir.js';
import { loadRepository } from '../../../../scripts/gen/ocsf/load.js';
import { resolve } from '../../../../scripts/gen/ocsf/resolve.js';
import { jsonBanner } from '../../../../scripts/gen/output.js';
import { OCSF_SCHEMA_DIR } from '../../../helpers/paths.js';

type Schema = Record<string, unknown>;

const attr = (type: string, over: Partial<IrAttribute> = {}): IrAttribute => ({ caption: 'Value', type, is_array: false, requirement: 'optional', ...over });
const object = (name: string, attributes: Record<string, IrAttribute>, over: Partial<IrObject> = {}): IrObject => ({ name, caption: `The ${name}`, profiles: [], attributes, ...over });
const values = (...keys: (string | number)[]): Record<string, { caption: string }> => Object.fromEntries(keys.map((k) => [String(k), { caption: `v${k}` }]));

/** A class the way resolve leaves it: classification attributes with their derived enums. */
function cls(name: string, uid: number, attributes: Record<string, IrAttribute> = {}, over: Partial<IrClass> = {}): IrClass {
  return {
    ...object(name, {
      activity_id: attr('integer_t', { requirement: 'required', enum: values(0, 1, 99) }),
      category_uid: attr('integer_t', { requirement: 'required', enum: values(1) }),
      class_uid: attr('integer_t', { requirement: 'required', enum: values(uid) }),
      metadata: attr('object_t', { object_type: 'metadata', requirement: 'required' }),
      type_uid: attr('long_t', { requirement: 'required', enum: values(uid * 100, uid * 100 + 1, uid * 100 + 99) }),
      ...attributes,
    }),
    uid,
    category: 'system',
    category_uid: 1,
    ...over,
  };
}

/** The dictionary types the cases use: subtypes with and without their own limits. */
const TYPES: Ir['types'] = {
  boolean_t: { caption: 'Boolean', values: [false, true] },
  email_t: { caption: 'Email', base: 'string_t', regex: '^[^@]+@[^@]+$' },
  float_t: { caption: 'Float' },
  integer_t: { caption: 'Integer' },
  ip_t: { caption: 'IP Address', base: 'string_t', max_len: 40 },
  json_t: { caption: 'JSON' },
  long_t: { caption: 'Long' },
  port_t: { caption: 'Port', base: 'integer_t', range: [0, 65535] },
  string_t: { caption: 'String', max_len: 100 },
  timestamp_t: { caption: 'Timestamp', base: 'long_t' },
};

function tinyIr(over: { objects?: Record<string, IrObject>; classes?: Record<string, IrClass> } = {}): Ir {
  return {
    version: '0.1.0',
    extensions: {},
    categories: { system: { name: 'system', caption: 'System', uid: 1 } },
    types: TYPES,
    profiles: {
      cloud: { name: 'cloud', caption: 'Cloud', attributes: {} },
      datetime: { name: 'datetime', caption: 'Datetime', attributes: {} },
    },
    objects: {
      metadata: object('metadata', { profiles: attr('string_t', { is_array: true }), version: attr('string_t', { requirement: 'required' }) }),
      object: object('object', {}),
      ...over.objects,
    },
    classes: over.classes ?? { demo: cls('demo', 1001) },
  };
}

/** The parsed schema of one class. */
function schemaOf(ir: Ir, className = 'demo'): Schema {
  const file = emitJsonSchemas(ir, 'out').find((f) => f.path === `out/json-schema/${schemaFileName(className)}`);
  if (file === undefined) throw new Error(`no schema for ${className}`);
  return JSON.parse(file.content) as Schema;
}

const at = (s: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v as Schema | undefined)?.[k], s);

function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv;
}

describe('emitJsonSchemas: one attribute in, its property schema out', () => {
  const cases: { name: string; in: IrAttribute; out: Schema }[] = [
    { name: 'required string: maxLength from string_t', in: attr('string_t', { requirement: 'required' }), out: { type: 'string', maxLength: 100 } },
    { name: 'optional string also admits null', in: attr('string_t'), out: { type: ['string', 'null'], maxLength: 100 } },
    { name: 'subtype with its own max_len', in: attr('ip_t', { requirement: 'required' }), out: { type: 'string', maxLength: 40 } },
    { name: 'subtype without one: its base type max_len; no regex pattern', in: attr('email_t', { requirement: 'required' }), out: { type: 'string', maxLength: 100 } },
    { name: 'integer', in: attr('integer_t', { requirement: 'required' }), out: { type: 'integer' } },
    { name: 'timestamp is an integer', in: attr('timestamp_t', { requirement: 'required' }), out: { type: 'integer' } },
    { name: 'port: range from the type', in: attr('port_t', { requirement: 'required' }), out: { type: 'integer', minimum: 0, maximum: 65535 } },
    { name: 'float', in: attr('float_t', { requirement: 'required' }), out: { type: 'number' } },
    { name: 'boolean', in: attr('boolean_t'), out: { type: ['boolean', 'null'] } },
    { name: 'json is anything', in: attr('json_t', { requirement: 'required' }), out: {} },
    { name: 'optional json is anything too', in: attr('json_t'), out: {} },
    { name: 'integer enum: numbers, numeric order', in: attr('integer_t', { requirement: 'required', enum: values(99, 10, 2, 0) }), out: { type: 'integer', enum: [0, 2, 10, 99] } },
    { name: 'optional integer enum admits null', in: attr('integer_t', { enum: values(1, 2) }), out: { type: ['integer', 'null'], enum: [1, 2, null] } },
    { name: 'string enum: strings', in: attr('string_t', { requirement: 'required', enum: { POST: { caption: 'Post' }, GET: { caption: 'Get' } } }), out: { type: 'string', enum: ['GET', 'POST'] } },
    { name: 'optional array: null array, never null items', in: attr('string_t', { is_array: true }), out: { type: ['array', 'null'], items: { type: 'string', maxLength: 100 } } },
    { name: 'required array of an enum', in: attr('integer_t', { is_array: true, requirement: 'required', enum: values(1, 2) }), out: { type: 'array', items: { type: 'integer', enum: [1, 2] } } },
    { name: 'required object', in: attr('object_t', { object_type: 'peer', requirement: 'required' }), out: { $ref: '#/$defs/peer' } },
    { name: 'optional object', in: attr('object_t', { object_type: 'peer' }), out: { anyOf: [{ $ref: '#/$defs/peer' }, { type: 'null' }] } },
    { name: 'array of extension objects', in: attr('object_t', { object_type: 'win/peer', is_array: true }), out: { type: ['array', 'null'], items: { $ref: '#/$defs/win_peer' } } },
    { name: 'recommended is optional', in: attr('integer_t', { requirement: 'recommended' }), out: { type: ['integer', 'null'] } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ir = tinyIr({
        objects: { peer: object('peer', { id: attr('string_t') }), 'win/peer': object('win/peer', { id: attr('string_t') }) },
        classes: { demo: cls('demo', 1001, { value: c.in }) },
      });
      const schema = schemaOf(ir);
      expect(at(schema, 'properties', 'value')).toEqual(c.out);
      expect(at(schema, 'required')).toEqual(c.in.requirement === 'required' ? ['activity_id', 'category_uid', 'class_uid', 'metadata', 'type_uid', 'value'] : ['activity_id', 'category_uid', 'class_uid', 'metadata', 'type_uid']);
    });
  }
});

describe('emitJsonSchemas: items', () => {
  const ir = tinyIr({
    objects: {
      peer: object('peer', { name: attr('string_t'), uid: attr('string_t'), zone: attr('string_t', { requirement: 'required', profile: 'cloud' }), box: attr('object_t', { object_type: 'win/box' }) }, { constraints: { at_least_one: ['name', 'uid'] } }),
      pair: object('pair', { a: attr('integer_t'), b: attr('object_t', { object_type: 'object' }) }, { constraints: { just_one: ['a', 'b'] } }),
      'win/box': object('win/box', { size: attr('integer_t', { requirement: 'required' }) }),
      unused: object('unused', { x: attr('string_t') }),
    },
    classes: {
      demo: cls('demo', 1001, {
        peer: attr('object_t', { object_type: 'peer', requirement: 'required' }),
        pair: attr('object_t', { object_type: 'pair' }),
        email: attr('email_t'),
        cloud: attr('object_t', { object_type: 'object', requirement: 'required', profile: 'cloud' }),
        region: attr('string_t', { profile: 'cloud' }),
        time_dt: attr('string_t', { profile: 'datetime' }),
      }, { constraints: { at_least_one: ['email', 'peer.name'] } }),
      'win/demo': cls('win/demo', 201001),
    },
  });
  const schema = schemaOf(ir);

  it('starts with the banner, $schema, $id and title, then the sorted root, then $defs', () => {
    expect(Object.keys(schema)).toEqual(['$comment', '$schema', '$id', 'title', 'additionalProperties', 'allOf', 'anyOf', 'properties', 'required', 'type', '$defs']);
    expect(schema.$comment).toBe(jsonBanner('scripts/gen/ocsf/emit-json-schema.ts', 'OCSF 0.1.0').$comment);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://siemkit.dev/schemas/ocsf/0.1.0/demo.schema.json');
    expect(schema.title).toBe('The demo');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
  });

  it('names extension files and definitions without a slash', () => {
    expect(schemaFileName('win/demo')).toBe('win-demo.schema.json');
    expect(defName('win/reg_key')).toBe('win_reg_key');
    expect(schemaOf(ir, 'win/demo').$id).toBe('https://siemkit.dev/schemas/ocsf/0.1.0/win-demo.schema.json');
  });

  it('makes class_uid and category_uid constants and type_uid an enum', () => {
    expect(at(schema, 'properties', 'class_uid')).toEqual({ type: 'integer', const: 1001 });
    expect(at(schema, 'properties', 'category_uid')).toEqual({ type: 'integer', const: 1 });
    expect(at(schema, 'properties', 'type_uid')).toEqual({ type: 'integer', enum: [100100, 100101, 100199] });
  });

  it('holds every object the class reaches, transitively, and nothing else', () => {
    expect(Object.keys(schema.$defs as Schema)).toEqual(['metadata', 'object', 'pair', 'peer', 'win_box']);
    expect(at(schema, '$defs', 'object')).toEqual({ type: 'object' });
    expect(at(schema, '$defs', 'win_box')).toEqual({ title: 'The win/box', type: 'object', additionalProperties: false, properties: { size: { type: 'integer' } }, required: ['size'] });
  });

  it('turns at_least_one into anyOf and just_one into oneOf, each branch present and not null', () => {
    expect(at(schema, '$defs', 'peer', 'anyOf')).toEqual([
      { required: ['name'], properties: { name: { type: 'string' } } },
      { required: ['uid'], properties: { uid: { type: 'string' } } },
    ]);
    expect(at(schema, '$defs', 'pair', 'oneOf')).toEqual([
      { required: ['a'], properties: { a: { type: 'integer' } } },
      { required: ['b'], properties: { b: { type: 'object' } } },
    ]);
  });

  it('nests a dotted constraint path', () => {
    expect(schema.anyOf).toEqual([
      { required: ['email'], properties: { email: { type: 'string' } } },
      { required: ['peer'], properties: { peer: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
    ]);
  });

  it('allows a profile attribute of an object without its profile, and never requires it', () => {
    expect(at(schema, '$defs', 'peer', 'properties', 'zone')).toEqual({ type: ['string', 'null'], maxLength: 100 });
    expect(at(schema, '$defs', 'peer', 'required')).toBeUndefined();
  });

  it('gates the profile attributes of the class, one if/then/else per profile', () => {
    const declares = (profile: string): Schema => ({
      properties: { metadata: { type: 'object', properties: { profiles: { type: 'array', contains: { const: profile } } }, required: ['profiles'] } },
      required: ['metadata'],
    });
    const allOf = schema.allOf as Schema[];
    expect(allOf.slice(-2)).toEqual([
      { if: declares('cloud'), then: { required: ['cloud'], properties: { cloud: { type: 'object' } } }, else: { properties: { cloud: false, region: false } } },
      { if: declares('datetime'), else: { properties: { time_dt: false } } },
    ]);
    expect(at(schema, 'properties', 'cloud')).toEqual({ anyOf: [{ $ref: '#/$defs/object' }, { type: 'null' }] });
    expect(schema.required).not.toContain('cloud');
  });

  it('ties type_uid to activity_id and lists the known profiles', () => {
    const allOf = schema.allOf as Schema[];
    expect(allOf[0]).toEqual({ properties: { metadata: { type: 'object', properties: { profiles: { type: ['array', 'null'], items: { enum: ['cloud', 'datetime'] } } } } } });
    expect(allOf.slice(1, 4)).toEqual(
      [0, 1, 99].map((id) => ({ if: { properties: { activity_id: { const: id } }, required: ['activity_id'] }, then: { properties: { type_uid: { const: 100100 + id } } } })),
    );
  });
});

describe('emitJsonSchemas: what the tiny schema accepts', () => {
  const ir = tinyIr({
    objects: {
      peer: object('peer', { name: attr('string_t'), uid: attr('string_t'), port: attr('port_t') }, { constraints: { at_least_one: ['name', 'uid'] } }),
      pair: object('pair', { a: attr('integer_t'), b: attr('integer_t') }, { constraints: { just_one: ['a', 'b'] } }),
    },
    classes: {
      demo: cls('demo', 1001, {
        peer: attr('object_t', { object_type: 'peer', requirement: 'required' }),
        pair: attr('object_t', { object_type: 'pair' }),
        tags: attr('string_t', { is_array: true }),
        note: attr('string_t'),
        cloud: attr('object_t', { object_type: 'object', requirement: 'required', profile: 'cloud' }),
        region: attr('string_t', { profile: 'cloud' }),
      }),
    },
  });
  const validate: ValidateFunction = strictAjv().compile(schemaOf(ir));
  const base = { activity_id: 1, category_uid: 1, class_uid: 1001, type_uid: 100101, metadata: { version: '0.1.0' }, peer: { name: 'p' } };
  const cloudy = { ...base, metadata: { version: '0.1.0', profiles: ['cloud'] }, cloud: {} };

  // Each case: an event, and the instancePath of the one error that matters (null: valid).
  const cases: { name: string; in: Schema; out: string | null }[] = [
    { name: 'the base event', in: base, out: null },
    { name: 'an optional attribute that is null', in: { ...base, note: null, tags: null, pair: null }, out: null },
    { name: 'a required attribute that is null', in: { ...base, activity_id: null }, out: '/activity_id' },
    { name: 'a required attribute that is missing', in: { ...base, peer: undefined }, out: '' },
    { name: 'an unknown key, even null', in: { ...base, extra: null }, out: '' },
    { name: 'a null array item', in: { ...base, tags: ['a', null] }, out: '/tags/1' },
    { name: 'a string over max_len', in: { ...base, note: 'x'.repeat(101) }, out: '/note' },
    { name: 'a port out of range', in: { ...base, peer: { name: 'p', port: 65536 } }, out: '/peer/port' },
    { name: 'an unknown enum value', in: { ...base, activity_id: 2, type_uid: 100102 }, out: '/activity_id' },
    { name: 'a type_uid of another activity', in: { ...base, type_uid: 100199 }, out: '/type_uid' },
    { name: 'at_least_one with one present', in: { ...base, peer: { uid: 'u' } }, out: null },
    { name: 'at_least_one with none', in: { ...base, peer: {} }, out: '/peer' },
    { name: 'at_least_one with a key present as null (siemkit default)', in: { ...base, peer: { name: null } }, out: '/peer' },
    { name: 'just_one with one', in: { ...base, pair: { a: 1, b: null } }, out: null },
    { name: 'just_one with two', in: { ...base, pair: { a: 1, b: 2 } }, out: '/pair' },
    { name: 'just_one with none', in: { ...base, pair: {} }, out: '/pair' },
    { name: 'profile declared, its required attribute present', in: cloudy, out: null },
    { name: 'profile declared, its optional attribute present', in: { ...cloudy, region: 'eu' }, out: null },
    { name: 'profile declared, its required attribute missing', in: { ...cloudy, cloud: undefined }, out: '' },
    { name: 'profile declared, its required attribute null', in: { ...cloudy, cloud: null }, out: '/cloud' },
    { name: 'profile not declared, its attribute present', in: { ...base, region: 'eu' }, out: '/region' },
    { name: 'profile not declared, its attribute present as null', in: { ...base, cloud: null }, out: '/cloud' },
    { name: 'profiles null: none declared', in: { ...base, metadata: { version: '0.1.0', profiles: null }, cloud: {} }, out: '/cloud' },
    { name: 'an unknown profile name', in: { ...base, metadata: { version: '0.1.0', profiles: ['nope'] } }, out: '/metadata/profiles/0' },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.out === null ? 'valid' : `error at '${c.out}'`}`, () => {
      const event = JSON.parse(JSON.stringify(c.in)) as unknown; // drops the undefined members
      const ok = validate(event);
      expect(ok, JSON.stringify(validate.errors)).toBe(c.out === null);
      if (c.out !== null) expect(validate.errors?.map((e) => e.instancePath)).toContain(c.out);
    });
  }
});

describe('emitJsonSchemas: failures', () => {
  const demo = (attributes: Record<string, IrAttribute>, over: Partial<IrClass> = {}): Ir => tinyIr({ classes: { demo: cls('demo', 1001, attributes, over) } });
  it.each([
    ['an unknown object', demo({ x: attr('object_t', { object_type: 'nowhere' }) }), /object 'nowhere' is referenced but not defined/],
    ['an unknown type', demo({ x: attr('weird_t') }), /'weird_t' does not resolve to a primitive type/],
    ['an unknown profile', demo({ x: attr('string_t', { profile: 'mystery' }) }), /unknown profile 'mystery'/],
    ['a non-numeric integer enum', demo({ x: attr('integer_t', { enum: { x: { caption: 'X' } } }) }), /not a number/],
    ['a class_uid enum that disagrees with the uid', demo({}, { uid: 1005 }), /class_uid enum \[1001\], expected exactly \[1005\]/],
    ['a constraint on no attribute', demo({}, { constraints: { at_least_one: ['ghost'] } }), /constraint path 'ghost' names no attribute 'ghost'/],
    ['a constraint path through a scalar', demo({ s: attr('string_t') }, { constraints: { at_least_one: ['s.x'] } }), /goes through 's', which is not a single object/],
    ['two objects with one $defs key', tinyIr({ objects: { 'a/b': object('a/b', {}), a_b: object('a_b', {}) } }), /'a\/b' and 'a_b' both map to the \$defs key 'a_b'/],
  ])('%s', (_name, ir, message) => {
    expect(() => emitJsonSchemas(ir, 'out')).toThrow(message);
  });
});

describe('emitJsonSchemas on OCSF 1.1.0', () => {
  const ir = resolve(loadRepository(OCSF_SCHEMA_DIR));
  const files = emitJsonSchemas(ir, 'generated/ocsf/1.1.0');

  it('writes one schema per class, extension classes included', () => {
    expect(files).toHaveLength(Object.keys(ir.classes).length);
    expect(files).toHaveLength(50);
    const paths = files.map((f) => f.path);
    expect(paths).toContain('generated/ocsf/1.1.0/json-schema/base_event.schema.json');
    expect(paths).toContain('generated/ocsf/1.1.0/json-schema/authentication.schema.json');
    expect(paths.filter((p) => p.includes('/json-schema/win-'))).toHaveLength(6);
  });

  it('is deterministic: two runs, and a run over a reordered IR, are byte-identical', () => {
    const again = emitJsonSchemas(resolve(loadRepository(OCSF_SCHEMA_DIR)), 'generated/ocsf/1.1.0');
    expect(again).toEqual(files);
    const reverse = <T>(r: Readonly<Record<string, T>>, f: (v: T) => T = (v) => v): Record<string, T> => Object.fromEntries(Object.entries(r).reverse().map(([k, v]) => [k, f(v)]));
    const reordered: Ir = {
      ...ir,
      objects: reverse(ir.objects, (o) => ({ ...o, attributes: reverse(o.attributes) })),
      classes: reverse(ir.classes, (c) => ({ ...c, attributes: reverse(c.attributes) })),
    };
    const sorted = (fs: readonly { path: string; content: string }[]): typeof fs => [...fs].sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(sorted(emitJsonSchemas(reordered, 'generated/ocsf/1.1.0'))).toEqual(sorted(files));
  });

  describe('every schema compiles with Ajv 2020 in strict mode', () => {
    const ajv = strictAjv();
    it.each(files.map((f) => [f.path.replace(/^.*\//, ''), f.content]))('%s', (_name, content) => {
      expect(() => ajv.compile(JSON.parse(content) as Schema)).not.toThrow();
    });
  });
});
