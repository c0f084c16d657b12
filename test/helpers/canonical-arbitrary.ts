/**
 * fast-check arbitraries of canonical events (contract v1, DESIGN.md §2), DERIVED from the schemas:
 * `arbitraryFromSchema` walks a JSON Schema (objects, required and optional members, enums,
 * consts, strings with length, pattern and format, integers and numbers with ranges, arrays,
 * records, `anyOf`/`allOf`), and the event arbitrary feeds it the TypeBox event schema narrowed to
 * one category and action: the action's payload schema from the registry, and the category's rule
 * from `CATEGORY_RULES` merged in. So every generated event is valid, and a new field in the
 * schema is generated without a change here.
 *
 * Free text (any string without a format, pattern or enum) is hostile by default: `|`, `=`, `\`,
 * `"`, `]`, CR, LF, tab, NUL and other controls, U+2028/9, BOM, bidi overrides, combining marks,
 * emoji (ZWJ sequences too), 4-byte UTF-8, and now and then values of a few KB. Label keys and
 * the extra members of open payloads are hostile as well, `__proto__` and `constructor` included
 * (as own properties, as `JSON.parse` makes them).
 *
 * The two rules beyond JSON Schema are honoured by the generators themselves: `date-time` values
 * are strict RFC 3339 instants (lower-case `t`/`z`, offsets up to ±23:59, fractions, leap seconds
 * at the end of a month), and `source.geo.country` is an assigned ISO 3166-1 alpha-2 code.
 *
 * Stable API for other tests (mapper round trips import it):
 *   arbitraryCanonicalEvent(options?)             events, valid for validateEvent with options.registry
 *   effectiveEventSchema(category, action?, reg?) the JSON Schema an event of that category and action satisfies
 *   arbitraryFromSchema(schema, options?)         values of any JSON Schema of the kinds above
 *   hostileText(constraints?)                     hostile free-text strings
 *   arbitraryDateTime()                           strict RFC 3339 date-times
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import type { TSchema } from 'typebox';
import type { Category } from '../../schemas/canonical/category.js';
import { CATEGORIES } from '../../schemas/canonical/category.js';
import { CATEGORY_RULES } from '../../schemas/canonical/category-rules.js';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { CanonicalEventSchema, PayloadSchema } from '../../schemas/canonical/event.js';
import { ISO_3166_1_ALPHA_2 } from '../../schemas/canonical/iso3166.js';
import { ACTION_PATTERN } from '../../schemas/canonical/strings.js';
import type { EventTypeRegistry } from '../../src/registry/registry.js';
import { BUILT_IN_REGISTRY } from '../../src/registry/registry.js';
import type { JsonSchema } from '../../scripts/gen/canonical/json-schema.js';
import { plain } from '../../scripts/gen/canonical/json-schema.js';

export type { JsonSchema };

export interface SchemaArbitraryOptions {
  /** Free text with hostile characters and occasional long values (default true); false: printable ASCII. */
  readonly hostile?: boolean;
  /** The longest free-text value, in code points, unless the schema says less (default 4096). */
  readonly maxTextLength?: number;
  /** Let free text hold lone surrogates: valid in JSON strings (`"\ud800"`), not encodable in UTF-8 (default false). */
  readonly loneSurrogates?: boolean;
  /** Add members the schema does not name to objects that allow them, e.g. built-in payloads (default true). */
  readonly extraMembers?: boolean;
  /** Arbitraries for given places, by JSON pointer from the root (`/timestamp`, `/payload/size`); they win over the schema. */
  readonly overrides?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
}

export interface CanonicalArbitraryOptions extends SchemaArbitraryOptions {
  /** Categories to draw from (default: all eight). */
  readonly categories?: readonly Category[];
  /**
   * `registered` (default): actions of the registry's types of the category, with payloads valid
   * for the type; `unregistered`: actions no type has (`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`), with
   * any payload the category's rule allows; `mixed`: either. A category without registered types
   * always gets unregistered actions.
   */
  readonly actions?: 'registered' | 'unregistered' | 'mixed';
  /** The registry whose types apply (default: the built-in registry). */
  readonly registry?: EventTypeRegistry;
}

// ---------------------------------------------------------------------------------------------
// Schemas as plain data, and merging one schema into another.


const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

const schemaMap = (v: unknown): Readonly<Record<string, JsonSchema>> => (isSchema(v) ? (v as Record<string, JsonSchema>) : {});

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * A schema that a value satisfies only if it satisfies both (`allOf: [a, b]`), written out:
 * `required` joined, `properties` merged member by member, a second `anyOf` kept under `allOf`,
 * other keywords of `b` added where `a` has none. Enough for the contract's fragments.
 */
export function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k === 'required') out.required = [...new Set([...stringList(a.required), ...stringList(v)])];
    else if (k === 'properties') {
      const merged: Record<string, JsonSchema> = { ...schemaMap(a.properties) };
      for (const [name, s] of Object.entries(schemaMap(v))) merged[name] = merged[name] ? mergeSchemas(merged[name], s) : s;
      out.properties = merged;
    } else if (k === 'anyOf' && a.anyOf !== undefined) out.allOf = [...(Array.isArray(a.allOf) ? a.allOf : []), { anyOf: v }];
    else if (k === 'allOf') out.allOf = [...(Array.isArray(a.allOf) ? a.allOf : []), ...(Array.isArray(v) ? v : [])];
    else if (!(k in a)) out[k] = v;
  }
  return out;
}

/** Whether `{}` satisfies an object schema: nothing required, no alternatives that require. */
function acceptsEmptyObject(schema: JsonSchema): boolean {
  return stringList(schema.required).length === 0 && schema.anyOf === undefined && schema.oneOf === undefined && schema.allOf === undefined;
}

// ---------------------------------------------------------------------------------------------
// Strings.

/** Characters that break naive encoders, one code point or short sequence each. */
export const HOSTILE_PIECES: readonly string[] = [
  '|', '=', '\\', '"', ']', '[', '\r', '\n', '\t', '\r\n', ' ', ',', ';', ':', '#', '%', '&', '<', '>', "'", '{', '}', '$', '`',
  '\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200b', '\u202e', '\ufffd',
  'é', 'e\u0301', 'ß', 'Ω', '中', '語', 'ا', 'א',
  '😀', '🔥', '𝔘', '𠜎', '👩‍💻', '👍🏽', '🇩🇪',
];
const LONE_SURROGATES: readonly string[] = ['\ud800', '\udbff', '\udc00', '\udfff'];

const codePoints = (s: string): string[] => Array.from(s);

/** `s` cut or padded (with `x`) to between min and max code points. */
function fit(s: string, min: number, max: number): string {
  const cps = codePoints(s);
  if (cps.length > max) return cps.slice(0, max).join('');
  return cps.length < min ? s + 'x'.repeat(min - cps.length) : s;
}

export interface TextConstraints {
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** Free text: hostile pieces mixed with any code point, short mostly, a few KB now and then. */
export function hostileText(constraints: TextConstraints = {}, options: SchemaArbitraryOptions = {}): fc.Arbitrary<string> {
  const min = constraints.minLength ?? 0;
  const max = Math.max(min, Math.min(constraints.maxLength ?? Number.POSITIVE_INFINITY, options.maxTextLength ?? 4096));
  if (options.hostile === false) return fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: Math.min(max, 40) }).map((s) => fit(s, min, max));
  const pieces = options.loneSurrogates ? [...HOSTILE_PIECES, ...LONE_SURROGATES] : HOSTILE_PIECES;
  const unit = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...pieces) }, { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }, { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) });
  const short = fc.array(unit, { minLength: 0, maxLength: 24 }).map((parts) => parts.join(''));
  const arbitraries: fc.WeightedArbitrary<string>[] = [{ weight: 12, arbitrary: short }];
  if (max >= 256) {
    // A long value: a hostile chunk repeated to a few KB (cheap to make, still every piece).
    arbitraries.push({ weight: 1, arbitrary: fc.tuple(fc.array(unit, { minLength: 1, maxLength: 16 }), fc.integer({ min: 256, max })).map(([parts, n]) => parts.join('').repeat(Math.ceil(n / parts.length))) });
  }
  return fc.oneof(...arbitraries).map((s) => fit(s, min, max));
}

/** Keys of records and extra members: hostile text, sometimes a key that is dangerous in JavaScript. */
function hostileKey(options: SchemaArbitraryOptions): fc.Arbitrary<string> {
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '') }, { weight: 8, arbitrary: hostileText({ maxLength: 32 }, options) });
}

// ---------------------------------------------------------------------------------------------
// Formats.

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const fraction = fc.option(fc.stringMatching(/^\.[0-9]{1,9}$/), { nil: '' });

/** An offset in minutes, east positive, as RFC 3339 writes it (`Z`, `z`, `+05:30`, `-00:00`). */
function zoneText(minutes: number, zulu: boolean, lower: boolean): string {
  if (minutes === 0 && zulu) return lower ? 'z' : 'Z';
  const m = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** Offsets: the real extremes (+14:00, -12:00), quarter hours, and anything RFC 3339 allows (±23:59). */
const offsetMinutes = fc.oneof(fc.constant(0), fc.constantFrom(14 * 60, -12 * 60, 5 * 60 + 30, 5 * 60 + 45, -(9 * 60 + 30), 60, -60), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }));

/** A local date-time that names a UTC instant shifted by `offset` minutes, as RFC 3339 text. */
function localText(utc: Date, offset: number, second: string, frac: string, t: string, zulu: boolean, lower: boolean): string {
  const local = new Date(utc.getTime() + offset * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  return `${date}${t}${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${second}${frac}${zoneText(offset, zulu, lower)}`;
}

/**
 * Strict RFC 3339 date-times naming real instants: years 0000-9999 (mostly 1970-2100), leap days,
 * `T` or `t`, `Z`, `z` or an offset, 0-9 fraction digits, and leap seconds (23:59:60 UTC on the last
 * day of a month, written in any offset).
 */
export function arbitraryDateTime(): fc.Arbitrary<string> {
  const year = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1970, max: 2100 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }) });
  const ordinary = fc
    .record({ year, month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), second: fc.integer({ min: 0, max: 59 }), frac: fraction, t: fc.constantFrom('T', 'T', 't'), offset: offsetMinutes, zulu: fc.boolean(), lower: fc.boolean() })
    .map((r) => {
      const day = Math.min(r.day, daysInMonth(r.year, r.month));
      return `${pad(r.year, 4)}-${pad(r.month)}-${pad(day)}${r.t}${pad(r.hour)}:${pad(r.minute)}:${pad(r.second)}${r.frac}${zoneText(r.offset, r.zulu, r.lower)}`;
    });
  const leapSecond = fc
    .record({ year: fc.integer({ min: 1972, max: 9998 }), month: fc.integer({ min: 1, max: 12 }), frac: fraction, t: fc.constantFrom('T', 't'), offset: offsetMinutes, zulu: fc.boolean(), lower: fc.boolean() })
    .map((r) => {
      const utc = new Date(0);
      utc.setUTCFullYear(r.year, r.month - 1, daysInMonth(r.year, r.month));
      utc.setUTCHours(23, 59, 0, 0);
      return localText(utc, r.offset, '60', r.frac, r.t, r.zulu, r.lower);
    });
  return fc.oneof({ weight: 30, arbitrary: ordinary }, { weight: 1, arbitrary: leapSecond });
}

const matches = (format: keyof typeof fullFormats) => {
  const f = fullFormats[format] as RegExp | { validate: RegExp | ((s: string) => boolean) };
  const test = f instanceof RegExp ? f : f.validate;
  return (s: string): boolean => (test instanceof RegExp ? test.test(s) : test(s));
};

/** Values of the formats the contract uses, each as ajv-formats accepts it. */
const FORMAT_ARBITRARIES: Readonly<Record<string, () => fc.Arbitrary<string>>> = {
  'date-time': arbitraryDateTime,
  email: () => fc.emailAddress().filter(matches('email')),
  ipv4: () => fc.ipV4().filter(matches('ipv4')),
  ipv6: () => fc.ipV6().filter(matches('ipv6')),
};

// ---------------------------------------------------------------------------------------------
// The walk.

/** JSON values for `{}` schemas, as JSON would carry them (no `-0`, own `__proto__` keys). */
const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** Sets a member as `JSON.parse` would: an own property even for `__proto__`. */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Numbers are JSON numbers: `-0` becomes `0`. */
const noNegativeZero = (x: number): number => x + 0;

function stringArbitrary(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<string> {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const inLength = (s: string): boolean => {
    const n = codePoints(s).length;
    return n >= min && n <= max;
  };
  if (typeof schema.format === 'string') {
    const make = FORMAT_ARBITRARIES[schema.format];
    if (make === undefined) throw new Error(`arbitraryFromSchema: no arbitrary for format "${schema.format}"`);
    return make().filter(inLength);
  }
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter(inLength);
  return hostileText({ minLength: min, maxLength: max }, options);
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : undefined;
  const hi = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (integer ? 1 : Number.EPSILON) : undefined;
  if (integer) return fc.integer({ min: lo ?? Number.MIN_SAFE_INTEGER, max: hi ?? Number.MAX_SAFE_INTEGER }).map(noNegativeZero);
  return fc.double({ min: lo ?? -1e12, max: hi ?? 1e12, noNaN: true, noDefaultInfinity: true }).map(noNegativeZero);
}

function objectArbitrary(schema: JsonSchema, path: string, options: SchemaArbitraryOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = schemaMap(schema.properties);
  const required = new Set(stringList(schema.required));
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, s] of Object.entries(properties)) model[name] = valueArbitrary(s, `${path}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, options);
  // Plain objects, as JSON.parse makes them (fast-check would sometimes make null-prototype ones).
  const known = fc.record(model, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)), noNullPrototype: true });

  // Members the schema does not name: a record's values, or any JSON in an open object.
  const extra: { key: fc.Arbitrary<string>; value: fc.Arbitrary<unknown> }[] = [];
  if (isSchema(schema.additionalProperties)) extra.push({ key: hostileKey(options), value: valueArbitrary(schema.additionalProperties, `${path}/*`, options) });
  else if (schema.additionalProperties === undefined && schema.patternProperties === undefined && options.extraMembers !== false) extra.push({ key: hostileKey(options), value: anyJson });
  for (const [pattern, s] of Object.entries(schemaMap(schema.patternProperties))) {
    extra.push({ key: pattern === '^.*$' ? hostileText({ maxLength: 32 }, options).filter((k) => !/[\n\r\u2028\u2029]/.test(k)) : fc.stringMatching(new RegExp(pattern, 'u')), value: valueArbitrary(s, `${path}/*`, options) });
  }
  if (extra.length === 0) return known;
  const entries = fc.array(fc.oneof(...extra.map((e) => fc.tuple(e.key, e.value))), { maxLength: isSchema(schema.additionalProperties) ? 6 : 3 });
  return fc.tuple(known, entries).map(([obj, more]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) put(out, k, v);
    for (const [k, v] of more) if (!(k in properties) && !Object.prototype.hasOwnProperty.call(out, k)) put(out, k, v);
    return out;
  });
}

/** Picks one alternative of every `anyOf` (and of the `anyOf`s under `allOf`), merged into the rest. */
function concrete(schema: JsonSchema): fc.Arbitrary<JsonSchema> {
  const { anyOf, oneOf, allOf, ...rest } = schema;
  let arb: fc.Arbitrary<JsonSchema> = fc.constant(rest);
  for (const part of Array.isArray(allOf) ? allOf.filter(isSchema) : []) arb = arb.chain((s) => concrete(mergeSchemas(s, part)));
  const alternatives = (Array.isArray(anyOf) ? anyOf : Array.isArray(oneOf) ? oneOf : []).filter(isSchema);
  if (alternatives.length > 0) arb = arb.chain((s) => fc.constantFrom(...alternatives).chain((alt) => concrete(mergeSchemas(s, alt))));
  return arb;
}

function valueArbitrary(schema: JsonSchema, path: string, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const override = options.overrides?.[path];
  if (override !== undefined) return override;
  if (schema.anyOf !== undefined || schema.oneOf !== undefined || schema.allOf !== undefined) return concrete(schema).chain((s) => valueArbitrary(s, path, options));
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const type = schema.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => valueArbitrary({ ...schema, type: t }, path, options)));
  switch (type) {
    case 'string':
      return stringArbitrary(schema, options);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = isSchema(schema.items) ? schema.items : {};
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.max(minLength, typeof schema.maxItems === 'number' ? Math.min(schema.maxItems, minLength + 4) : minLength + 4);
      return fc.array(valueArbitrary(items, `${path}/*`, options), { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, path, options);
    case undefined:
      if (schema.properties !== undefined || schema.required !== undefined) return objectArbitrary(schema, path, options);
      return anyJson;
    default:
      throw new Error(`arbitraryFromSchema: unsupported type ${JSON.stringify(type)} at ${path || '/'}`);
  }
}

/** Values that satisfy `schema` (the kinds of JSON Schema the contract uses; see the top of this file). */
export function arbitraryFromSchema(schema: TSchema | JsonSchema, options: SchemaArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return valueArbitrary(plain(schema), '', options);
}

// ---------------------------------------------------------------------------------------------
// Events.

const EVENT_SCHEMA = plain(CanonicalEventSchema);
const ANY_PAYLOAD = plain(PayloadSchema);

/**
 * The JSON Schema that an event of `category` and `action` satisfies: the event schema with both
 * fixed, `payload` typed by the action's registered type (if it is registered with that category)
 * and required when that type or the category rule needs members, and the category's rule merged
 * in. Without an action: any action that no type of the registry has (the `action` pattern stays;
 * the payload is any object the category rule allows).
 */
export function effectiveEventSchema(category: Category, action?: string, registry: EventTypeRegistry = BUILT_IN_REGISTRY): JsonSchema {
  const type = action === undefined ? undefined : registry.get(action);
  const properties = schemaMap(EVENT_SCHEMA.properties);
  let schema: JsonSchema = {
    ...EVENT_SCHEMA,
    properties: {
      ...properties,
      category: { const: category },
      action: action === undefined ? properties.action : { const: action },
      payload: type !== undefined && type.category === category ? plain(type.payload) : ANY_PAYLOAD,
    },
  };
  const rule = CATEGORY_RULES.find((r) => r.category === category);
  if (rule !== undefined) schema = mergeSchemas(schema, plain(rule.schema));
  const payload = schemaMap(schema.properties).payload;
  if (payload !== undefined && !acceptsEmptyObject(payload)) schema = mergeSchemas(schema, { required: ['payload'] });
  return schema;
}

/** Actions no type of the registry has. */
function unregisteredAction(registry: EventTypeRegistry): fc.Arbitrary<string> {
  return fc.stringMatching(new RegExp(ACTION_PATTERN)).filter((a) => a.length <= 64 && registry.get(a) === undefined);
}

/** Canonical events, valid for `validateEvent(e, { registry })`. See the options for what varies. */
export function arbitraryCanonicalEvent(options: CanonicalArbitraryOptions = {}): fc.Arbitrary<CanonicalEvent> {
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const categories = options.categories ?? CATEGORIES;
  if (categories.length === 0) throw new Error('arbitraryCanonicalEvent: no categories to draw from');
  const overrides: Record<string, fc.Arbitrary<unknown>> = { '/source/geo/country': fc.constantFrom(...ISO_3166_1_ALPHA_2), ...options.overrides };
  // One arbitrary per category and registered action, and one per category for unregistered actions, built on first use.
  const built = new Map<string, fc.Arbitrary<unknown>>();
  const eventOf = (category: Category, action: string | undefined): fc.Arbitrary<unknown> => {
    const key = `${category} ${action ?? '*'}`;
    let arb = built.get(key);
    if (arb === undefined) {
      const actionOverride: Record<string, fc.Arbitrary<unknown>> = action === undefined && !('/action' in overrides) ? { '/action': unregisteredAction(registry) } : {};
      arb = valueArbitrary(effectiveEventSchema(category, action, registry), '', { ...options, overrides: { ...overrides, ...actionOverride } });
      built.set(key, arb);
    }
    return arb;
  };
  const eventsOf = (category: Category): fc.Arbitrary<unknown> => {
    const registered = registry.types.filter((t) => t.category === category).map((t) => t.action);
    const mode = registered.length === 0 ? 'unregistered' : (options.actions ?? 'registered');
    const unregistered = (): fc.Arbitrary<unknown> => eventOf(category, undefined);
    const known = (): fc.Arbitrary<unknown> => fc.constantFrom(...registered).chain((action) => eventOf(category, action));
    if (mode === 'unregistered') return unregistered();
    if (mode === 'registered') return known();
    return fc.oneof(known(), unregistered());
  };
  return fc
    .constantFrom(...categories)
    .chain(eventsOf)
    .map((e) => e as CanonicalEvent);
}
