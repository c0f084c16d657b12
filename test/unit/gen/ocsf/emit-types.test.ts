import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declarationsOf, emitTypes, pascalCase } from '../../../../scripts/gen/ocsf/emit-types.js';
import type { Ir, IrAttribute, IrClass, IrObject } from '../../../../schemas/ocsf/ir.js';
import { loadRepository } from '../../../../scripts/gen/ocsf/load.js';
import { resolve } from '../../../../scripts/gen/ocsf/resolve.js';
import { tsBanner } from '../../../../scripts/gen/output.js';

const SCHEMA_DIR = fileURLToPath(new URL('../../../../../shared/schemas/ocsf-1.1.0', import.meta.url));
const BANNER = tsBanner('scripts/gen/ocsf/emit-types.ts', 'OCSF 0.1.0');

const attr = (type: string, over: Partial<IrAttribute> = {}): IrAttribute => ({ caption: 'Value', type, is_array: false, requirement: 'optional', ...over });
const object = (name: string, attributes: Record<string, IrAttribute>, profiles: string[] = []): IrObject => ({ name, caption: pascalCase(name), profiles, attributes });
const one = (uid: number, caption: string): Record<string, { caption: string }> => ({ [String(uid)]: { caption } });

/** A class the way resolve leaves it: classification attributes with their one-value enums. */
function cls(name: string, uid: number, attributes: Record<string, IrAttribute> = {}): IrClass {
  return {
    ...object(name, {
      category_uid: attr('integer_t', { caption: 'Category ID', requirement: 'required', enum: one(3, 'Identity & Access Management') }),
      class_uid: attr('integer_t', { caption: 'Class ID', requirement: 'required', enum: one(uid, pascalCase(name)) }),
      type_uid: attr('long_t', { caption: 'Type ID', requirement: 'required', enum: { [`${uid}00`]: { caption: 'Unknown' }, [`${uid}99`]: { caption: 'Other' } } }),
      ...attributes,
    }),
    uid,
    category: 'iam',
    category_uid: 3,
  };
}

/** A tiny IR: the primitive types, two profiles, the open `object`, and what a case adds. */
function tinyIr(over: { objects?: Record<string, IrObject>; classes?: Record<string, IrClass> } = {}): Ir {
  return {
    version: '0.1.0',
    extensions: {},
    categories: { iam: { name: 'iam', caption: 'Identity & Access Management', uid: 3 } },
    types: {
      boolean_t: { caption: 'Boolean' },
      integer_t: { caption: 'Integer' },
      ip_t: { caption: 'IP Address', base: 'string_t' },
      json_t: { caption: 'JSON' },
      long_t: { caption: 'Long' },
      port_t: { caption: 'Port', base: 'integer_t' },
      string_t: { caption: 'String' },
      timestamp_t: { caption: 'Timestamp', base: 'long_t' },
    },
    profiles: {
      cloud: { name: 'cloud', caption: 'Cloud', attributes: {} },
      container: { name: 'container', caption: 'Container', attributes: {} },
    },
    objects: { object: object('object', {}), ...over.objects },
    classes: over.classes ?? {},
  };
}

/** The declaration of `typeName` in the emitted files. */
function declaration(ir: Ir, typeName: string): string {
  for (const f of emitTypes(ir, 'generated/ocsf/0.1.0')) {
    const found = declarationsOf(f.content).get(typeName);
    if (found !== undefined) return found;
  }
  throw new Error(`no declaration of ${typeName}`);
}

describe('emitTypes: one attribute in, its member out', () => {
  const cases: { name: string; in: IrAttribute; out: string }[] = [
    { name: 'required string', in: attr('string_t', { caption: 'Name', requirement: 'required' }), out: '  /** Name · string_t · required */\n  value: string;' },
    { name: 'recommended string subtype', in: attr('ip_t', { caption: 'IP', requirement: 'recommended' }), out: '  /** IP · ip_t · recommended */\n  value?: string;' },
    { name: 'optional timestamp', in: attr('timestamp_t', { caption: 'Time' }), out: '  /** Time · timestamp_t · optional */\n  value?: number;' },
    { name: 'port', in: attr('port_t'), out: '  value?: number;' },
    { name: 'boolean', in: attr('boolean_t'), out: '  value?: boolean;' },
    { name: 'json', in: attr('json_t'), out: '  value?: unknown;' },
    { name: 'array', in: attr('string_t', { caption: 'Tags', is_array: true }), out: '  /** Tags · string_t[] · optional */\n  value?: string[];' },
    {
      name: 'integer enum, numeric order',
      in: attr('integer_t', { caption: 'Kind ID', requirement: 'required', enum: { '99': { caption: 'Other' }, '0': { caption: 'Unknown' }, '10': { caption: 'Big' }, '2': { caption: 'Small' } } }),
      out: '  /** Kind ID · integer_t · required · enum: 0 Unknown, 2 Small, 10 Big, 99 Other */\n  value: 0 | 2 | 10 | 99;',
    },
    { name: 'string enum', in: attr('string_t', { enum: { POST: { caption: 'Post' }, GET: { caption: 'Get' } } }), out: "  value?: 'GET' | 'POST';" },
    { name: 'array of an enum', in: attr('integer_t', { is_array: true, enum: { '1': { caption: 'A' }, '2': { caption: 'B' } } }), out: '  value?: (1 | 2)[];' },
    { name: 'object', in: attr('object_t', { caption: 'Peer', object_type: 'peer' }), out: '  /** Peer · object_t peer · optional */\n  value?: Peer<P>;' },
    { name: 'open object', in: attr('object_t', { object_type: 'object' }), out: '  value?: Record<string, unknown>;' },
    { name: 'array of objects', in: attr('object_t', { object_type: 'peer', is_array: true }), out: '  value?: Peer<P>[];' },
    { name: 'deprecated', in: attr('string_t', { caption: 'Old', deprecated_since: '1.1.0' }), out: '  /** @deprecated since 1.1.0 · Old · string_t · optional */\n  value?: string;' },
    { name: 'a comment terminator in a caption', in: attr('string_t', { caption: 'a */ b\nc' }), out: '  /** a *\\/ b c · string_t · optional */' },
    {
      name: 'required profile attribute: required inside its block only',
      in: attr('integer_t', { caption: 'Pod', requirement: 'required', profile: 'container' }),
      out: "export type Thing<P extends OcsfProfile = never> = object & ('container' extends P ? {\n  /** Pod · integer_t · required · profile: container */\n  value: number;\n} : unknown);",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ir = tinyIr({ objects: { peer: object('peer', { id: attr('string_t') }), thing: object('thing', { value: c.in }) } });
      expect(declaration(ir, 'Thing')).toContain(c.out);
    });
  }
});

describe('emitTypes: declarations', () => {
  it('prints always-present members first, then one conditional block per profile in name order', () => {
    const ir = tinyIr({
      objects: {
        widget: object(
          'widget',
          {
            name: attr('string_t', { caption: 'Name', requirement: 'required' }),
            parent: attr('object_t', { caption: 'Parent', object_type: 'widget' }),
            pod: attr('integer_t', { caption: 'Pod', profile: 'container' }),
            region: attr('string_t', { caption: 'Region', requirement: 'required', profile: 'cloud' }),
          },
          ['cloud', 'container'],
        ),
      },
    });
    expect(declaration(ir, 'Widget')).toBe(
      [
        '/** Widget · object widget · profiles: cloud, container */',
        'export type Widget<P extends OcsfProfile = never> = {',
        '  /** Name · string_t · required */',
        '  name: string;',
        '  /** Parent · object_t widget · optional */',
        '  parent?: Widget<P>;',
        "} & ('cloud' extends P ? {",
        '  /** Region · string_t · required · profile: cloud */',
        '  region: string;',
        "} : unknown) & ('container' extends P ? {",
        '  /** Pod · integer_t · optional · profile: container */',
        '  pod?: number;',
        '} : unknown);',
      ].join('\n'),
    );
  });

  it('gives a class its classification literals and suffixes a name an object already has', () => {
    const ir = tinyIr({
      objects: { widget: object('widget', { id: attr('string_t') }) },
      classes: { widget: cls('widget', 3099, { widget: attr('object_t', { caption: 'Widget', object_type: 'widget', requirement: 'required' }) }) },
    });
    expect(declaration(ir, 'WidgetEvent')).toBe(
      [
        '/** Widget · class widget · class_uid 3099 · category iam 3 */',
        'export type WidgetEvent<P extends OcsfProfile = never> = {',
        '  /** Category ID · integer_t · required · enum: 3 Identity & Access Management */',
        '  category_uid: 3;',
        '  /** Class ID · integer_t · required · enum: 3099 Widget */',
        '  class_uid: 3099;',
        '  /** Type ID · long_t · required · enum: 309900 Unknown, 309999 Other */',
        '  type_uid: 309900 | 309999;',
        '  /** Widget · object_t widget · required */',
        '  widget: Widget<P>;',
        '};',
      ].join('\n'),
    );
    expect(declaration(ir, 'Widget')).toContain('export type Widget<P extends OcsfProfile = never> = {');
  });

  it('names extension items and quotes their keys in the class maps', () => {
    const ir = tinyIr({ objects: { 'win/reg_key': object('win/reg_key', { path: attr('string_t') }) }, classes: { 'win/registry_key_activity': cls('win/registry_key_activity', 201001) } });
    expect(declaration(ir, 'WinRegKey')).toContain('export type WinRegKey<P');
    expect(declaration(ir, 'OcsfClassByName')).toContain("  'win/registry_key_activity': WinRegistryKeyActivity<P>;");
    expect(declaration(ir, 'OcsfClassByUid')).toContain('  201001: WinRegistryKeyActivity<P>;');
    expect(declaration(ir, 'OcsfClassUid')).toContain('export type OcsfClassUid = 201001;');
  });

  it('names the open object OcsfObject, not Object', () => {
    expect(declaration(tinyIr(), 'OcsfObject')).toBe('/** Object · object object */\nexport type OcsfObject<P extends OcsfProfile = never> = Record<string, unknown>;');
  });
});

describe('emitTypes: files', () => {
  const ir = tinyIr({ classes: { b_event: cls('b_event', 3002), a_event: cls('a_event', 3001) } });
  const files = emitTypes(ir, 'generated/ocsf/0.1.0/');

  it('writes five banner-led files under <outDir>/types, sorted by path', () => {
    expect(files.map((f) => f.path)).toEqual(['classes', 'events', 'index', 'objects', 'profiles'].map((n) => `generated/ocsf/0.1.0/types/${n}.ts`));
    for (const f of files) expect(f.content.startsWith(BANNER)).toBe(true);
  });

  it('lists every profile and every class, sorted', () => {
    const text = files.map((f) => f.content).join('\n');
    expect(text).toContain("export type OcsfProfile = 'cloud' | 'container';");
    expect(text).toContain('export type OcsfClassUid = 3001 | 3002;');
    expect(text).toContain('  a_event: AEvent<P>;\n  b_event: BEvent<P>;\n');
    expect(text).toContain('export type OcsfEvent<P extends OcsfProfile = never> = OcsfClassByName<P>[OcsfClassName];');
    expect(text).toContain("export type * from './classes.js';\nexport type * from './events.js';\nexport type * from './objects.js';\nexport type * from './profiles.js';");
  });
});

describe('emitTypes: failures', () => {
  const thing = (a: IrAttribute): Ir => tinyIr({ objects: { thing: object('thing', { value: a }) } });
  it.each([
    ['two IR names with one type name', tinyIr({ objects: { 'win/reg_key': object('win/reg_key', {}), win_reg_key: object('win_reg_key', {}) } }), /both want the type name 'WinRegKey'/],
    ['a class that still clashes after the Event suffix', tinyIr({ objects: { a: object('a', {}), a_event: object('a_event', {}) }, classes: { a: cls('a', 3001) } }), /both want the type name 'AEvent'/],
    ['an item named like a helper', tinyIr({ objects: { ocsf_event: object('ocsf_event', {}) } }), /the helper type OcsfEvent/],
    ['an unknown object', thing(attr('object_t', { object_type: 'nowhere' })), /unknown object 'nowhere'/],
    ['an unknown type', thing(attr('weird_t')), /'weird_t', which does not lead to a primitive type/],
    ['an unknown profile', thing(attr('string_t', { profile: 'mystery' })), /unknown profile 'mystery'/],
    ['a non-numeric integer enum', thing(attr('integer_t', { enum: { x: { caption: 'X' } } })), /not a number/],
    ['a class_uid enum that disagrees with the uid', tinyIr({ classes: { a: { ...cls('a', 3001), uid: 3005 } } }), /class_uid enum \[3001\], expected exactly \[3005\]/],
    ['two classes with one class_uid', tinyIr({ classes: { a: cls('a', 3001), b: cls('b', 3001) } }), /share class_uid 3001/],
  ])('fails loudly on %s', (_name, ir, message) => {
    expect(() => emitTypes(ir, 'out')).toThrow(message);
  });
});

describe('emitTypes on OCSF 1.1.0', () => {
  const ir = resolve(loadRepository(SCHEMA_DIR));

  it('is deterministic: two runs, and a run on the IR with every key order reversed, are byte-identical', () => {
    const first = emitTypes(ir, 'generated/ocsf/1.1.0');
    expect(emitTypes(ir, 'generated/ocsf/1.1.0')).toEqual(first);
    expect(emitTypes(reverseKeys(ir), 'generated/ocsf/1.1.0')).toEqual(first);
  });

  it('declares every object and class once, with the expected names', () => {
    const names = new Map<string, string>();
    for (const f of emitTypes(ir, 'generated/ocsf/1.1.0')) for (const [name, text] of declarationsOf(f.content)) names.set(name, text);
    expect(names.size).toBe(Object.keys(ir.objects).length + Object.keys(ir.classes).length + 6);
    for (const n of ['Authentication', 'BaseEvent', 'WinRegistryKeyActivity', 'NetworkEndpoint', 'WinRegKey', 'Process', 'OcsfEvent']) expect(names.has(n), n).toBe(true);
    expect(names.get('Process')).toContain("('container' extends P ? {\n  /** Container · object_t container · recommended · profile: container */\n  container?: Container<P>;");
  });

  it('carries no description prose: no upstream description shows up in the output', () => {
    const text = emitTypes(ir, 'generated/ocsf/1.1.0')
      .map((f) => f.content)
      .join('\n');
    const descriptions = descriptionsIn([...loadRepository(SCHEMA_DIR).values()]).filter((d) => d.length >= 40);
    expect(descriptions.length).toBeGreaterThan(500);
    for (const d of descriptions) expect(text.includes(d.slice(0, 40)), d).toBe(false);
  });
});

/** Every `description` string in raw schema JSON. */
function descriptionsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) descriptionsIn(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'description' && typeof v === 'string') out.push(v);
      else descriptionsIn(v, out);
    }
  }
  return out;
}

/** A deep copy with every object's keys in reverse order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => reverseKeys(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) as T;
  }
  return value;
}
