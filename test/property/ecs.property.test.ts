/**
 * Properties of validateEcs over documents built from the generated ECS table: every field may be
 * written nested, dotted or anything in between, and carries a random value of its ECS type.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EcsField } from '../../generated/ecs/9.4.0/index.js';
import { ECS_FIELDS } from '../../generated/ecs/9.4.0/index.js';
import { validateEcs } from '../../src/validate/ecs.js';
import { childPointer } from '../../src/validate/pointer.js';

/** 1,000 runs per property in CI; `scripts/property-100k.ts` sets 100,000 for a local soak. */
const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);

const REQUIRED = Object.keys(ECS_FIELDS).filter((name) => ECS_FIELDS[name]?.required === true);

/** Fields a document sets directly: values and open objects; groups of sub-fields come from their children. */
const CANDIDATES = Object.entries(ECS_FIELDS)
  .filter(([name, f]) => !REQUIRED.includes(name) && (f.open === true || !['object', 'nested', 'flattened'].includes(f.type)))
  .map(([name]) => name);

const text = fc.string({ maxLength: 12 });
const isoDate = fc
  .date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('2100-01-01T00:00:00.000Z'), noInvalidDate: true })
  .chain((d) => {
    const iso = d.toISOString();
    return fc.constantFrom(iso, iso.slice(0, 10), iso.slice(0, 16), iso.slice(0, 19), iso.replace('Z', '+00:00'), iso.replace('Z', '-0530'));
  });
const latitude = fc.double({ min: -90, max: 90, noNaN: true });
const longitude = fc.double({ min: -180, max: 180, noNaN: true });
const geoPoint = fc.oneof(
  fc.record({ lat: latitude, lon: longitude }),
  fc.tuple(longitude, latitude),
  fc.tuple(latitude, longitude).map(([lat, lon]) => `${lat},${lon}`),
);
const freeKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);

/** One valid value of an ECS field, honouring its allowed and expected values and its pattern. */
function scalar(field: EcsField): fc.Arbitrary<unknown> {
  if (field.allowed) return fc.constantFrom(...field.allowed);
  if (field.expected) return fc.constantFrom(...field.expected);
  if (field.pattern !== undefined) return fc.stringMatching(new RegExp(field.pattern));
  switch (field.type) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
    case 'match_only_text':
      return text;
    case 'long':
      return fc.maxSafeInteger();
    case 'integer':
      return fc.integer();
    case 'float':
      return fc.float({ noNaN: true, noDefaultInfinity: true });
    case 'double':
    case 'scaled_float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.oneof(isoDate, fc.integer({ min: 0, max: 4_102_444_800_000 }));
    case 'ip':
      return fc.oneof(fc.ipV4(), fc.ipV6());
    case 'geo_point':
      return geoPoint;
    case 'object':
    case 'nested':
    case 'flattened':
      return field.objectType === 'keyword'
        ? fc.dictionary(freeKey, text, { maxKeys: 3 })
        : fc.dictionary(freeKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
  }
}

/** A value, as an array when ECS normalizes the field to one (no warnings either way matter here). */
function value(field: EcsField): fc.Arbitrary<unknown> {
  const one = scalar(field);
  if (field.open === true) return field.array === true ? fc.array(one, { minLength: 1, maxLength: 2 }) : one;
  return field.array === true ? fc.array(one, { minLength: 1, maxLength: 3 }) : fc.oneof(one, fc.array(one, { maxLength: 2 }));
}

/** A wrong-typed value for a field: never acceptable, whatever its type. */
function wrong(field: EcsField): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
    case 'match_only_text':
      return fc.oneof(fc.integer(), fc.boolean(), fc.constant({ nested: 'x' }));
    case 'long':
    case 'integer':
      return fc.oneof(fc.string(), fc.boolean(), fc.constant(0.5), fc.constant({}));
    case 'float':
    case 'double':
    case 'scaled_float':
      return fc.oneof(fc.string(), fc.boolean(), fc.constant({}));
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false'), fc.integer(), fc.constant({}));
    case 'date':
      return fc.oneof(fc.boolean(), fc.constantFrom('yesterday', '2023-02-29', '1700000000000'), fc.constant({}));
    case 'ip':
      return fc.oneof(fc.integer(), fc.constantFrom('10.0.0', '300.0.0.1', 'localhost', '::1::'), fc.constant({}));
    case 'geo_point':
      return fc.oneof(fc.boolean(), fc.constantFrom('north', '91,0'), fc.constant({ lat: 100, lon: 0 }));
    case 'object':
    case 'nested':
    case 'flattened':
      return fc.oneof(fc.string(), fc.integer(), fc.boolean());
  }
}

interface Placed {
  readonly name: string;
  /** How many leading segments are nested objects; the rest form one dotted key. */
  readonly nestedDepth: number;
  readonly value: unknown;
}

const placed = (pick: (field: EcsField) => fc.Arbitrary<unknown>, names: readonly string[]): fc.Arbitrary<Placed> =>
  fc.constantFrom(...names).chain((name) => {
    const segments = name.split('.').length;
    return fc.record({ name: fc.constant(name), nestedDepth: fc.nat({ max: segments - 1 }), value: pick(ECS_FIELDS[name] as EcsField) });
  });

/** Puts each field into a document at its shape and returns the JSON pointer of each. */
function build(fields: readonly Placed[]): { doc: Record<string, unknown>; pointers: Map<string, string> } {
  const doc: Record<string, unknown> = {};
  const pointers = new Map<string, string>();
  for (const f of fields) {
    const segments = f.name.split('.');
    let target = doc;
    let pointer = '';
    for (const segment of segments.slice(0, f.nestedDepth)) {
      target = (target[segment] ??= {}) as Record<string, unknown>;
      pointer = childPointer(pointer, segment);
    }
    const key = segments.slice(f.nestedDepth).join('.');
    target[key] = f.value;
    pointers.set(f.name, childPointer(pointer, key));
  }
  return { doc, pointers };
}

/** A required field needs a value: [] and [null] count as missing. */
const present = (field: EcsField): fc.Arbitrary<unknown> => fc.oneof(scalar(field), fc.array(scalar(field), { minLength: 1, maxLength: 2 }));
const requiredFields = fc.tuple(placed(present, ['@timestamp']), placed(present, ['ecs.version']));
const documents = fc
  .tuple(requiredFields, fc.uniqueArray(placed(value, CANDIDATES), { selector: (f) => f.name, maxLength: 25 }))
  .map(([required, rest]) => [...required, ...rest]);

describe('validateEcs properties', () => {
  it('accepts documents of random ECS fields with random valid values, in any nested/dotted shape', () => {
    fc.assert(
      fc.property(documents, (fields) => {
        const { doc } = build(fields);
        const result = validateEcs(doc);
        expect(result.errors).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('reports a field whose value has the wrong type, at that field, and nothing else', () => {
    const cases = fc.tuple(documents, placed(wrong, CANDIDATES)).filter(([fields, bad]) => !fields.some((f) => f.name === bad.name));
    fc.assert(
      fc.property(cases, ([fields, bad]) => {
        const { doc, pointers } = build([...fields, bad]);
        const pointer = pointers.get(bad.name);
        const result = validateEcs(doc);
        expect(result.errors.length).toBeGreaterThan(0);
        for (const e of result.errors) expect({ code: e.code, path: e.path }).toEqual({ code: 'attribute_wrong_type', path: pointer });
        expect(result.errors[0]?.message.startsWith(`${bad.name}:`)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.object({ key: fc.constantFrom('source', 'labels', 'event.type', 'dns.answers', '@timestamp', 'x.y') })), (doc) => {
        const result = validateEcs(doc);
        expect(result.valid).toBe(result.errors.length === 0);
      }),
      { numRuns: RUNS },
    );
  });
});
