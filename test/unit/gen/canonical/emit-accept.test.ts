/**
 * scripts/gen/canonical/emit-accept.ts, keyword by keyword: small schemas using each keyword the
 * emitter knows (with and without `type`, so the type-conditional rules are met), emitted as a
 * module in a temporary folder two levels under the repository (so its imports of
 * `schemas/formats/` resolve as they do from `generated/canonical/`), against Ajv compiled as
 * emit-validator.ts compiles (draft 2020-12, the same formats). On JSON values the two must give
 * the same answer; the canonical event schema itself is covered by
 * test/property/canonical-accept.property.test.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANONICAL_FORMATS } from '../../../../schemas/formats/index.js';
import { acceptSource } from '../../../../scripts/gen/canonical/emit-accept.js';
import type { JsonSchema } from '../../../../scripts/gen/canonical/json-schema.js';
import { REPO_ROOT } from '../../../helpers/paths.js';

const SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  numbers: {
    type: 'object',
    properties: {
      int: { type: 'integer', minimum: -2, maximum: 5 },
      open: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      untyped: { minimum: 3 },
    },
    additionalProperties: false,
  },
  strings: {
    type: 'object',
    properties: {
      short: { type: 'string', minLength: 2, maxLength: 3 },
      pattern: { type: 'string', pattern: '^[a-c]+$' },
      untypedLength: { maxLength: 2 },
      time: { type: 'string', format: 'date-time' },
      mail: { type: 'string', format: 'email' },
      ip: { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] },
    },
    additionalProperties: false,
  },
  values: {
    type: 'object',
    required: ['kind'],
    properties: {
      kind: { enum: ['a', 'b', 1, true, null] },
      fixed: { const: 'x' },
      nothing: { type: 'null' },
      flag: { type: 'boolean' },
    },
    additionalProperties: { type: 'string' },
  },
  arrays: {
    type: 'object',
    properties: {
      list: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, maxItems: 2 },
      untypedItems: { items: { type: 'integer' }, maxItems: 1 },
    },
  },
  conditions: {
    type: 'object',
    properties: { kind: { type: 'string' }, a: { type: 'string' }, b: { type: 'integer' } },
    allOf: [
      { if: { properties: { kind: { const: 'one' } }, required: ['kind'] }, then: { required: ['a'] }, else: { required: ['b'] } },
      { anyOf: [{ required: ['a'] }, { required: ['b'] }, { properties: { kind: { const: 'none' } }, required: ['kind'] }] },
    ],
  },
  nested: {
    type: 'object',
    required: ['inner'],
    properties: { inner: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 }, tags: { type: 'object', additionalProperties: false } }, additionalProperties: false } },
    additionalProperties: false,
  },
};

/** Values near each schema's edges, and any JSON. */
const NEAR: readonly unknown[] = [-3, -2, 0, 0.5, 1, 2.5, 3, 5, 6, '', 'a', 'ab', 'abc', 'abcd', 'd', '😀', 'a😀', '😀😀', '😀😀😀', '😀😀😀😀', 'x', 'one', 'none', '2024-05-14T09:21:07Z', '2024-02-30T00:00:00Z', 'a@b.example', 'a@', '10.0.0.1', '::1', '1.2.3', true, false, null, [], ['a'], ['a', 'b', 'c'], [''], [1], [1.5], {}, { id: 'i' }, { id: '' }, { id: 'i', tags: {} }, { id: 'i', tags: { t: 1 } }];
const value: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NEAR) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });

/** Member names a schema's instances are drawn with: its own (at any depth), and two it does not name. */
function keysOf(schema: unknown, out = new Set<string>(['extra', '__proto__'])): string[] {
  if (typeof schema === 'object' && schema !== null) {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties') for (const name of Object.keys(v as object)) out.add(name);
      keysOf(v, out);
    }
  }
  return [...out];
}

/** Valid instances of the schemas with required members, to change a little. */
const SEEDS: readonly object[] = [{ kind: 'a' }, { kind: null, fixed: 'x', nothing: null, flag: true, other: 'o' }, { inner: { id: 'i' } }, { inner: { id: 'i', tags: {} } }];

function instanceOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const keys = fc.constantFrom(...keysOf(schema));
  return fc.oneof(
    { weight: 6, arbitrary: fc.dictionary(keys, value, { maxKeys: 4 }) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...SEEDS), fc.dictionary(keys, value, { maxKeys: 1 })).map(([seed, more]) => ({ ...seed, ...more })) },
    { weight: 1, arbitrary: value },
  );
}

const dir = path.join(REPO_ROOT, 'test', `.tmp-accept-${process.pid}`);
const accepts = new Map<string, (v: unknown) => boolean>();
const ajvs = new Map<string, ValidateFunction>();

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
  for (const name of Object.keys(CANONICAL_FORMATS) as (keyof typeof CANONICAL_FORMATS)[]) ajv.addFormat(name, CANONICAL_FORMATS[name]);
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const file = path.join(dir, `${name}.ts`);
    writeFileSync(file, acceptSource(schema, 'test', name));
    const mod = (await import(file)) as { acceptsCanonicalEventSchema: (v: unknown) => boolean };
    accepts.set(name, mod.acceptsCanonicalEventSchema);
    ajvs.set(name, ajv.compile(schema));
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emit-accept against Ajv, keyword by keyword', () => {
  for (const name of Object.keys(SCHEMAS)) {
    it(`gives Ajv's answer on JSON values: ${name}`, () => {
      const accept = accepts.get(name) as (v: unknown) => boolean;
      const validate = ajvs.get(name) as ValidateFunction;
      let valid = 0;
      let invalid = 0;
      fc.assert(
        fc.property(instanceOf(SCHEMAS[name] as JsonSchema), (v) => {
          const json = JSON.parse(JSON.stringify(v) ?? 'null') as unknown;
          const expected = validate(json);
          if (expected) valid++;
          else invalid++;
          expect(accept(json)).toBe(expected);
        }),
        { numRuns: 3000 },
      );
      // Both answers occur, so the comparison means something for this schema.
      expect(valid).toBeGreaterThan(20);
      expect(invalid).toBeGreaterThan(20);
    });
  }

  it('leaves to Ajv what it does not read the same way: a member whose value is undefined', () => {
    const accept = accepts.get('nested') as (v: unknown) => boolean;
    expect(accept({ inner: { id: 'i', tags: undefined } })).toBe(false);
    expect(ajvs.get('nested')?.({ inner: { id: 'i', tags: undefined } })).toBe(true);
  });
});
