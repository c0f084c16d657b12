/**
 * The validator emitter on a tiny IR: the generated module is written to a scratch folder,
 * imported, and run on `{in, out}` cases, so each rule of the emitted code is tested in isolation.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitValidator } from '../../../../scripts/gen/ocsf/emit-validator.js';
import type { Ir, IrObject } from '../../../../schemas/ocsf/ir.js';
import { REPO_ROOT } from '../../../helpers/paths.js';

const str = { caption: 'S', type: 'string_t', is_array: false, requirement: 'optional' } as const;
const tinyObject: IrObject = {
  name: 'thing',
  caption: 'Thing',
  profiles: [],
  constraints: { at_least_one: ['name', 'uid'] },
  attributes: {
    name: { ...str },
    uid: { ...str, requirement: 'recommended' },
    port: { caption: 'Port', type: 'port_t', is_array: false, requirement: 'optional' },
    tags: { ...str, is_array: true },
    kind_id: { caption: 'Kind', type: 'integer_t', is_array: false, requirement: 'optional', sibling: 'kind', enum: { '1': { caption: 'One' }, '99': { caption: 'Other' } } },
    kind: { ...str },
    email: { caption: 'Email', type: 'email_t', is_array: false, requirement: 'optional' },
    extra: { caption: 'Extra', type: 'integer_t', is_array: false, requirement: 'required', profile: 'more' },
    child: { caption: 'Child', type: 'object_t', object_type: 'thing', is_array: false, requirement: 'optional' },
    old: { ...str, deprecated_since: '1.0.0' },
  },
};
const ir: Ir = {
  version: '0.0.1',
  extensions: {},
  categories: { cat: { name: 'cat', caption: 'Cat', uid: 1 } },
  types: {
    string_t: { caption: 'String', max_len: 5 },
    integer_t: { caption: 'Integer' },
    long_t: { caption: 'Long' },
    port_t: { caption: 'Port', base: 'integer_t', range: [0, 10] },
    email_t: { caption: 'Email', base: 'string_t', regex: '^[^@]+@[^@]+$' },
  },
  profiles: { more: { name: 'more', caption: 'More', attributes: {} } },
  objects: { thing: tinyObject },
  classes: {
    demo: {
      ...tinyObject,
      name: 'demo',
      caption: 'Demo',
      uid: 1001,
      category: 'cat',
      category_uid: 1,
      constraints: { just_one: ['name', 'child.name'] },
      attributes: {
        ...tinyObject.attributes,
        class_uid: { caption: 'Class', type: 'integer_t', is_array: false, requirement: 'required', enum: { '1001': { caption: 'Demo' } } },
        type_uid: { caption: 'Type', type: 'long_t', is_array: false, requirement: 'required', enum: { '100101': { caption: 'Demo: One' } } },
      },
    },
  },
};

type Finding = { code: string; path: string };
type Module = {
  CLASSES: Map<number, { validate: (x: object, p: string, c: unknown) => void; types: Map<number, string> }>;
  PROFILE_BITS: Record<string, number>;
};
// Three folders below the root, like generated/ocsf/<version>/, so the module's import of
// schemas/formats resolves as it does in generated/.
const root = path.join(REPO_ROOT, 'test', `.tmp-validator-${process.pid}`);
const dir = path.join(root, 'ocsf');
let mod: Module;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  const file = emitValidator(ir, 'generated/ocsf/0.0.1');
  writeFileSync(path.join(dir, 'validator.ts'), file.content);
  mod = (await import(path.join(dir, 'validator.ts'))) as Module;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(event: object, options: { profiles?: string[]; recommended?: boolean; nullOk?: boolean } = {}): { errors: string[]; warnings: string[] } {
  const ctx = {
    errors: [] as Finding[],
    warnings: [] as Finding[],
    profiles: (options.profiles ?? []).reduce((bits, p) => bits | (mod.PROFILE_BITS[p] ?? 0), 0),
    recommended: options.recommended ?? false,
    nullSatisfiesConstraints: options.nullOk ?? false,
  };
  mod.CLASSES.get(1001)?.validate({ class_uid: 1001, type_uid: 100101, ...event }, '', ctx);
  return { errors: ctx.errors.map((f) => `${f.code} ${f.path}`), warnings: ctx.warnings.map((f) => `${f.code} ${f.path}`) };
}

describe('emitted validator', () => {
  it('accepts a valid event and names the class and its types', () => {
    expect(run({ name: 'a' })).toEqual({ errors: [], warnings: [] });
    expect(mod.CLASSES.get(1001)?.types.get(100101)).toBe('Demo: One');
  });

  it.each([
    [{ name: 5 }, 'attribute_wrong_type /name'],
    [{ name: 'abcdef' }, 'attribute_value_exceeds_max_len /name'],
    [{ name: 'a', port: 11 }, 'attribute_value_exceeds_range /port'],
    [{ name: 'a', port: 1.5 }, 'attribute_wrong_type /port'],
    [{ name: 'a', tags: 'x' }, 'attribute_wrong_type /tags'],
    [{ name: 'a', tags: ['ok', 7] }, 'attribute_wrong_type /tags/1'],
    [{ name: 'a', kind_id: 2 }, 'attribute_enum_value_unknown /kind_id'],
    [{ name: 'a', nope: 1 }, 'attribute_unknown /nope'],
    [{ name: 'a', 'a/b~c': 1 }, 'attribute_unknown /a~1b~0c'],
    [{ name: 'a', extra: 1 }, 'attribute_unknown /extra'],
    [{ name: 'a', child: [] }, 'attribute_wrong_type /child'],
    [{ name: 'a', child: { uid: 'b', port: -1 } }, 'attribute_value_exceeds_range /child/port'],
    [{ name: 'a', child: { port: 1 } }, 'constraint_failed /child'],
  ])('%j -> %s', (event, finding) => {
    expect(run(event).errors).toEqual([finding]);
  });

  it('counts string length in code points', () => {
    expect(run({ name: '😀😀😀😀😀' }).errors).toEqual([]);
    expect(run({ name: '😀😀😀😀😀😀' }).errors).toEqual(['attribute_value_exceeds_max_len /name']);
  });

  it('treats null as absent: fine when optional, missing when required, not a constraint witness by default', () => {
    expect(run({ name: 'a', port: null }).errors).toEqual([]);
    expect(run({ name: 'a', extra: null }, { profiles: ['more'] }).errors).toEqual(['attribute_required_missing /extra']);
    expect(run({ name: 'a', child: { uid: null } }).errors).toEqual(['constraint_failed /child']);
    expect(run({ name: 'a', child: { uid: null } }, { nullOk: true }).errors).toEqual([]);
  });

  it('gates profile attributes on the declared profiles, and requires them there', () => {
    expect(run({ name: 'a', extra: 1 }, { profiles: ['more'] }).errors).toEqual([]);
    expect(run({ name: 'a' }, { profiles: ['more'] }).errors).toEqual(['attribute_required_missing /extra']);
  });

  it('checks just_one across a dotted path', () => {
    expect(run({ child: { name: 'b' } }).errors).toEqual([]);
    expect(run({ name: 'a', child: { name: 'b' } }).errors).toEqual(['constraint_failed ']);
    expect(run({}).errors).toEqual(['constraint_failed ']);
  });

  it('warns on siblings, regexes, deprecation and, when asked, recommended attributes', () => {
    expect(run({ name: 'a', kind_id: 1, kind: 'Uno' }).warnings).toEqual(['attribute_enum_sibling_incorrect /kind']);
    expect(run({ name: 'a', kind_id: 1, kind: 'One' }).warnings).toEqual([]);
    expect(run({ name: 'a', kind_id: 99, kind: 'Other' }).warnings).toEqual(['attribute_enum_sibling_suspicious_other /kind']);
    expect(run({ name: 'a', email: 'nope' })).toEqual({ errors: [], warnings: ['attribute_value_regex_not_matched /email'] });
    expect(run({ name: 'a', old: 'x' }).warnings).toEqual(['attribute_deprecated /old']);
    expect(run({ name: 'a' }, { recommended: true }).warnings).toEqual(['attribute_recommended_missing /uid']);
  });
});
