/**
 * Properties of validateEvent over events generated from the schemas (test/helpers/canonical-arbitrary.ts):
 * generated events are valid, stay valid through JSON, and one broken member (removed, or of the
 * wrong type) gives exactly one finding, at exactly its path.
 *
 * SIEMKIT_PROPERTY_RUNS sets the number of runs (default 1000).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Category } from '../../schemas/canonical/category.js';
import { BUILT_IN_REGISTRY } from '../../src/registry/registry.js';
import { validateEvent } from '../../src/validate/canonical.js';
import { escapeToken } from '../../src/validate/pointer.js';
import type { JsonSchema } from '../helpers/canonical-arbitrary.js';
import { arbitraryCanonicalEvent, effectiveEventSchema } from '../helpers/canonical-arbitrary.js';
import { REPO_ROOT } from '../helpers/paths.js';

const numRuns = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);

type Obj = Record<string, unknown>;
type Tokens = readonly (string | number)[];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointer = (tokens: Tokens): string => tokens.map((t) => `/${escapeToken(t)}`).join('');
const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The schema the event was generated from: its category, and its action if the registry has it with that category. */
function schemaOf(e: Obj): JsonSchema {
  const type = BUILT_IN_REGISTRY.get(e.action as string);
  return effectiveEventSchema(e.category as Category, type?.category === e.category ? (e.action as string) : undefined);
}

interface Spot {
  readonly tokens: Tokens;
  readonly schema: JsonSchema;
}

/** Walks an instance along its schema: every member with a schema, and whether the schema requires it. */
function walk(schema: JsonSchema, value: unknown, tokens: Tokens, visit: (spot: Spot, required: boolean) => void): void {
  if (isObj(value)) {
    const properties = (schema.properties ?? {}) as Readonly<Record<string, JsonSchema>>;
    const additional = isObj(schema.additionalProperties) ? (schema.additionalProperties as JsonSchema) : undefined;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    for (const [key, v] of Object.entries(value)) {
      const s = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : additional;
      if (s === undefined) continue;
      const at = [...tokens, key];
      visit({ tokens: at, schema: s }, required.has(key));
      walk(s, v, at, visit);
    }
  } else if (Array.isArray(value) && isObj(schema.items)) {
    value.forEach((v, i) => {
      const at = [...tokens, i];
      visit({ tokens: at, schema: schema.items as JsonSchema }, false);
      walk(schema.items as JsonSchema, v, at, visit);
    });
  }
}

/** The JSON types a schema allows, when it names them (`type`, `enum`, `const`). */
function allowedTypes(schema: JsonSchema): Set<string> | undefined {
  if ('const' in schema) return new Set([jsonType(schema.const)]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(jsonType));
  if (typeof schema.type === 'string') return new Set(schema.type === 'number' ? ['number', 'integer'] : [schema.type]);
  return undefined;
}

const WRONG_VALUES: readonly unknown[] = ['x', 42, 1.5, true, null, [], {}];

function parentOf(root: Obj, tokens: Tokens): Obj | unknown[] {
  let o: unknown = root;
  for (const t of tokens.slice(0, -1)) o = (o as Obj)[t as string];
  return o as Obj | unknown[];
}

/** Events with one of their spots picked: `pick` indexes the candidates that `select` returns. */
function withSpot(select: (e: Obj) => Spot[]) {
  return fc
    .tuple(arbitraryCanonicalEvent({ actions: 'mixed' }), fc.nat())
    .map(([event, n]) => {
      const e = clone(event) as unknown as Obj;
      const spots = select(e);
      return { e, spot: spots[n % Math.max(1, spots.length)] };
    })
    .filter((x): x is { e: Obj; spot: Spot } => x.spot !== undefined);
}

describe('validateEvent over generated events', () => {
  for (const actions of ['registered', 'unregistered', 'mixed'] as const) {
    it(`accepts every generated event (${actions} actions)`, () => {
      fc.assert(
        fc.property(arbitraryCanonicalEvent({ actions }), (e) => {
          expect(validateEvent(e).errors).toEqual([]);
        }),
        { numRuns },
      );
    });
  }

  it('accepts every generated event after JSON.parse(JSON.stringify(e))', () => {
    fc.assert(
      fc.property(arbitraryCanonicalEvent({ actions: 'mixed', loneSurrogates: true }), (e) => {
        const back: unknown = JSON.parse(JSON.stringify(e));
        expect(back).toEqual(e);
        expect(validateEvent(back).errors).toEqual([]);
      }),
      { numRuns },
    );
  });

  it('reports a removed required member with one finding at exactly its path', () => {
    const requiredSpots = (e: Obj): Spot[] => {
      const spots: Spot[] = [];
      walk(schemaOf(e), e, [], (spot, required) => required && spots.push(spot));
      return spots;
    };
    fc.assert(
      fc.property(withSpot(requiredSpots), ({ e, spot }) => {
        const parent = parentOf(e, spot.tokens) as Obj;
        delete parent[spot.tokens.at(-1) as string];
        const errors = validateEvent(e).errors;
        expect(errors.map((f) => f.path)).toEqual([pointer(spot.tokens)]);
        expect(['attribute_required_missing', 'category_requirement_missing']).toContain(errors[0]?.code);
      }),
      { numRuns },
    );
  });

  it('reports a value of the wrong JSON type with one finding at exactly its path', () => {
    const typedSpots = (e: Obj): Spot[] => {
      const spots: Spot[] = [];
      walk(schemaOf(e), e, [], (spot) => allowedTypes(spot.schema) !== undefined && spots.push(spot));
      return spots;
    };
    fc.assert(
      fc.property(withSpot(typedSpots), fc.nat(), ({ e, spot }, n) => {
        const allowed = allowedTypes(spot.schema) as Set<string>;
        const wrong = WRONG_VALUES.filter((v) => !allowed.has(jsonType(v)) && !(allowed.has('number') && typeof v === 'number'));
        const value = wrong[n % wrong.length];
        const parent = parentOf(e, spot.tokens);
        Object.defineProperty(parent, spot.tokens.at(-1) as string, { value, enumerable: true, writable: true, configurable: true });
        const errors = validateEvent(e).errors;
        expect(errors.map((f) => `${f.code} ${f.path}`)).toEqual([`attribute_wrong_type ${pointer(spot.tokens)}`]);
      }),
      { numRuns },
    );
  });

  it('never throws, whatever the value, and points into the value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), arbitraryCanonicalEvent().map((e) => ({ ...e, extra: 1 }))), (v) => {
        const r = validateEvent(v);
        expect(r.valid).toBe(r.errors.length === 0);
        for (const f of r.errors) expect(f.path === '' || f.path.startsWith('/')).toBe(true);
      }),
      { numRuns },
    );
  });

  it('the committed JSON Schemas, read by a JSON Schema tool, accept every generated event and payload', () => {
    const dir = path.join(REPO_ROOT, 'generated', 'canonical');
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    addFormats.default(ajv);
    const read = (file: string): object => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as object;
    const event = ajv.compile(read('event.schema.json'));
    const payloads = new Map<string, ValidateFunction>(BUILT_IN_REGISTRY.types.map((t) => [t.action, ajv.compile(read(`payloads/${t.action}.schema.json`))]));
    fc.assert(
      fc.property(arbitraryCanonicalEvent({ actions: 'mixed' }), (e) => {
        expect(event(e), JSON.stringify(event.errors)).toBe(true);
        const payload = BUILT_IN_REGISTRY.get(e.action)?.category === e.category ? payloads.get(e.action) : undefined;
        if (payload !== undefined) expect(payload(e.payload ?? {}), JSON.stringify(payload.errors)).toBe(true);
      }),
      { numRuns },
    );
  });
});
