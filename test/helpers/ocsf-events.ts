/**
 * OCSF 1.1.0 events built from the committed IR, for the validator's conformance and property
 * tests: `minimalEvent` (the smallest valid event of a class) and `arbitraryEvent` (fast-check
 * events with random optional attributes). Both are derived from the IR only, so they cover every
 * class, object, profile and type without a hand-written field, and they are an oracle independent
 * of the generated validator: they read the IR's facts, never the validator's code.
 *
 * What "valid" means here is the siemkit validator's contract (src/validate/ocsf.ts): no error
 * finding. Warnings other than the unavoidable ones (missing recommended attributes, deprecations)
 * are avoided too: values match their type's regex, enum siblings carry their caption.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Ir, IrAttribute, IrClass, IrObject } from '../../schemas/ocsf/ir.js';
import { REPO_ROOT } from './paths.js';

export type Json = Record<string, unknown>;

export const OCSF_IR_FILE = path.join(REPO_ROOT, 'generated', 'ocsf', '1.1.0', 'ir.json');
/** The version every built event declares in metadata.version. */
export const OCSF_EVENT_VERSION = '1.1.0';

/** The committed IR, without its `$comment` banner. */
export function loadIr(file: string = OCSF_IR_FILE): Ir {
  const { $comment: _banner, ...ir } = JSON.parse(readFileSync(file, 'utf8')) as Ir & { $comment?: string };
  return ir;
}

export function classOf(ir: Ir, className: string): IrClass {
  const cls = ir.classes[className];
  if (cls === undefined) throw new Error(`no OCSF class ${className}`);
  return cls;
}

export function objectOf(ir: Ir, name: string): IrObject {
  const item = ir.objects[name];
  if (item === undefined) throw new Error(`no OCSF object ${name}`);
  return item;
}

export const isJsonObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object without attributes (`object`) is open: it accepts any member (OCSF server). */
export const isOpen = (item: IrObject): boolean => Object.keys(item.attributes).length === 0;

/** The attributes an event with these declared profiles may carry in `item`. */
export function allowedAttributes(item: IrObject, profiles: ReadonlySet<string>): [string, IrAttribute][] {
  return Object.entries(item.attributes).filter(([, a]) => a.profile === undefined || profiles.has(a.profile));
}

// ---------------------------------------------------------------------------------------------
// Types

/** A dictionary type reduced to its primitive, with the limits that apply to it. */
export interface ScalarType {
  readonly name: string;
  /** `string_t`, `integer_t`, `long_t`, `float_t`, `boolean_t` or `json_t`. */
  readonly primitive: string;
  /** The type's own max_len, or else its base type's. */
  readonly maxLen?: number;
  readonly regex?: RegExp;
  readonly range?: readonly [number, number];
}

export function scalarType(ir: Ir, name: string): ScalarType {
  const type = ir.types[name];
  if (type === undefined) throw new Error(`no OCSF type ${name}`);
  const base = type.base === undefined ? undefined : ir.types[type.base];
  if (type.base !== undefined && base === undefined) throw new Error(`type ${name} has an unknown base ${type.base}`);
  const maxLen = type.max_len ?? base?.max_len;
  const range = type.range ?? base?.range;
  return {
    name,
    primitive: type.base ?? name,
    ...(maxLen === undefined ? {} : { maxLen }),
    ...(type.regex === undefined ? {} : { regex: new RegExp(type.regex) }),
    ...(range === undefined ? {} : { range }),
  };
}

/** Length in Unicode code points, as OCSF counts characters for max_len. */
export const codePoints = (s: string): number => [...s].length;

const EPOCH_MS_MAX = 4_102_444_800_000; // 2100-01-01T00:00:00Z

/** ISO 8601 date-times in the shapes datetime_t's regex accepts (RFC 3339 §5.6). */
const isoDateTime = fc.date({ min: new Date(0), max: new Date(EPOCH_MS_MAX), noInvalidDate: true }).chain((d) => {
  const iso = d.toISOString();
  return fc.constantFrom(iso, iso.replace(/\.\d+Z$/, 'Z'), iso.replace('Z', '+00:00'), iso.replace('Z', '-05:30'), iso.slice(0, 19));
});

/** Strings that match the type's own regex, from the IR. */
const matching = (t: ScalarType): fc.Arbitrary<string> => fc.stringMatching(t.regex as RegExp);

/**
 * String subtypes with a value of their own: a sample for `minimalEvent` and, for every type with
 * a regex, an arbitrary whose values match it (checked again in `stringArbitrary`). A type with a
 * regex that is missing here fails loudly; `typeRegistryGaps` lists such types for a test.
 */
const STRING_TYPES: Readonly<Record<string, { readonly sample: string; readonly arbitrary?: (t: ScalarType) => fc.Arbitrary<string> }>> = {
  bytestring_t: { sample: 'AAEC' },
  datetime_t: { sample: '2024-01-02T03:04:05.678Z', arbitrary: () => isoDateTime },
  email_t: { sample: 'a@example.com', arbitrary: matching },
  file_hash_t: { sample: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  file_name_t: { sample: 'report.pdf' },
  hostname_t: { sample: 'host.example.com', arbitrary: () => fc.domain() },
  // fast-check's IPv6 addresses with an embedded IPv4 part can exceed ip_t's max_len: filtered below.
  ip_t: { sample: '192.0.2.1', arbitrary: () => fc.oneof(fc.ipV4(), fc.ipV6()) },
  mac_t: { sample: '00:00:5e:00:53:01', arbitrary: matching },
  process_name_t: { sample: 'sshd' },
  resource_uid_t: { sample: 'r-0001' },
  string_t: { sample: 'x' },
  subnet_t: { sample: '192.0.2.0/24' },
  url_t: { sample: 'https://example.com/' },
  username_t: { sample: 'alice' },
  uuid_t: { sample: '00000000-0000-4000-8000-000000000000', arbitrary: () => fc.uuid() },
};

/** String types of the IR whose regex no entry of STRING_TYPES generates: must be empty. */
export function typeRegistryGaps(ir: Ir): string[] {
  return Object.keys(ir.types).filter((t) => {
    const st = scalarType(ir, t);
    return st.primitive === 'string_t' && st.regex !== undefined && STRING_TYPES[t]?.arbitrary === undefined;
  });
}

/** One valid value of a scalar type. */
export function sampleValue(ir: Ir, typeName: string): unknown {
  const t = scalarType(ir, typeName);
  switch (t.primitive) {
    case 'string_t': {
      const sample = STRING_TYPES[typeName]?.sample ?? 'x';
      if ((t.regex !== undefined && !t.regex.test(sample)) || codePoints(sample) > (t.maxLen ?? Infinity)) {
        throw new Error(`no valid sample for ${typeName}: add one to STRING_TYPES`);
      }
      return sample;
    }
    case 'integer_t':
      return t.range === undefined ? 1 : Math.min(Math.max(443, t.range[0]), t.range[1]);
    case 'long_t':
      return typeName === 'timestamp_t' ? 1_700_000_000_000 : 1;
    case 'float_t':
      return 1.5;
    case 'boolean_t':
      return true;
    case 'json_t':
      return {};
    default:
      throw new Error(`type ${typeName} reduces to an unsupported primitive ${t.primitive}`);
  }
}

/** Any code point but lone surrogates, now and then a lone surrogate: JSON can carry both. */
const codePoint = fc.oneof(
  { weight: 19, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
);

function stringArbitrary(t: ScalarType): fc.Arbitrary<string> {
  const max = t.maxLen ?? Infinity;
  const own = STRING_TYPES[t.name]?.arbitrary?.(t);
  if (t.regex !== undefined) {
    if (own === undefined) throw new Error(`no arbitrary generates ${t.name}'s regex: add one to STRING_TYPES`);
    const re = t.regex;
    return own.filter((s) => re.test(s) && codePoints(s) <= max);
  }
  if (own !== undefined) return own.filter((s) => codePoints(s) <= max);
  // Free text: any Unicode, short; for a small max_len also exactly at the limit, where UTF-16
  // length and code point count part (an emoji is two code units and one character).
  const short = fc.string({ unit: codePoint, maxLength: Math.min(max, 16) });
  return max > 64 ? short : fc.oneof(short, fc.string({ unit: codePoint, minLength: max, maxLength: max }));
}

/** Random valid values of a scalar type. */
export function scalarArbitrary(ir: Ir, typeName: string): fc.Arbitrary<unknown> {
  const t = scalarType(ir, typeName);
  switch (t.primitive) {
    case 'string_t':
      return stringArbitrary(t);
    case 'integer_t':
      return t.range === undefined ? fc.oneof(fc.integer(), fc.maxSafeInteger()) : fc.integer({ min: t.range[0], max: t.range[1] });
    case 'long_t':
      return typeName === 'timestamp_t' ? fc.integer({ min: 0, max: EPOCH_MS_MAX }) : fc.maxSafeInteger();
    case 'float_t':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean_t':
      return fc.boolean();
    case 'json_t':
      // Any JSON value, but a top-level null is an absent value, which a required json_t must not be.
      return fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== null);
    default:
      throw new Error(`type ${typeName} reduces to an unsupported primitive ${t.primitive}`);
  }
}

/** Enum values as JSON values (the IR keys them as strings), numeric ones ascending. */
export function enumValues(ir: Ir, a: IrAttribute): unknown[] {
  const numeric = a.type !== 'object_t' && scalarType(ir, a.type).primitive !== 'string_t';
  const keys = Object.keys(a.enum ?? {}).filter((k) => a.enum?.[k]?.deprecated_since === undefined);
  return numeric ? keys.map(Number).sort((x, y) => x - y) : keys.sort();
}

/** The enum value a minimal event uses: the first that is neither Unknown (0) nor Other (99). */
export function firstEnumValue(ir: Ir, a: IrAttribute): unknown {
  const values = enumValues(ir, a);
  const value = values.find((v) => v !== 0 && v !== 99) ?? values[0];
  if (value === undefined) throw new Error(`enum attribute ${a.caption} has no usable value`);
  return value;
}

/**
 * Gives every enum's caption sibling (`activity_name` of `activity_id`) the caption of its value
 * where both are present; the OCSF server warns when they differ, and when a sibling of 99
 * (Other) repeats the caption "Other" instead of the source's own value.
 */
function syncSiblings(item: IrObject, x: Json): Json {
  for (const [name, a] of Object.entries(item.attributes)) {
    if (a.sibling === undefined || a.is_array || a.enum === undefined) continue;
    const v = x[name];
    const s = x[a.sibling];
    const caption = a.enum[String(v)]?.caption;
    if (caption === undefined || s === undefined || s === null) continue;
    // OCSF 1.1.0 types incident_finding.priority, the sibling of priority_id, as integer_t: no
    // value of it is both of the right type and the caption, so it is left out but beside 99.
    if (typeof s !== 'string') {
      if (v !== 99) delete x[a.sibling];
    } else if (v !== 99) x[a.sibling] = caption;
    else if (s === caption) x[a.sibling] = `${caption} (source value)`;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Constraints

/** A constraint as attribute paths (`device.os.version` -> `['device', 'os', 'version']`). */
export interface Constraint {
  readonly kind: 'at_least_one' | 'just_one';
  readonly names: readonly string[];
  readonly paths: readonly (readonly string[])[];
}

export function constraintsOf(item: IrObject): Constraint[] {
  const out: Constraint[] = [];
  for (const kind of ['at_least_one', 'just_one'] as const) {
    const names = item.constraints?.[kind];
    if (names !== undefined && names.length > 0) out.push({ kind, names, paths: names.map((n) => n.split('.')) });
  }
  return out;
}

/** Whether a constraint path has a value: null counts as absent unless `nullSatisfies`, as in the validator's option. */
export function pathPresent(x: Json, path: readonly string[], nullSatisfies = false): boolean {
  let v: unknown = x;
  for (const k of path) {
    if (!isJsonObject(v)) return false;
    v = v[k];
  }
  return nullSatisfies ? v !== undefined : v !== undefined && v !== null;
}

export function constraintHolds(c: Constraint, x: Json, nullSatisfies = false): boolean {
  const n = c.paths.filter((p) => pathPresent(x, p, nullSatisfies)).length;
  return c.kind === 'at_least_one' ? n >= 1 : n === 1;
}

/** The options of a constraint an event with these profiles may use, each checked to name a non-array attribute path. */
function usableOptions(ir: Ir, item: IrObject, c: Constraint, profiles: ReadonlySet<string>): (readonly string[])[] {
  return c.paths.filter((p) => {
    let owner: IrObject = item;
    for (let i = 0; i < p.length; i++) {
      const a = owner.attributes[p[i] as string];
      if (a === undefined) throw new Error(`constraint of ${item.name} names ${p.join('.')}, which is no attribute path`);
      if (a.profile !== undefined && !profiles.has(a.profile)) return false;
      if (i === p.length - 1) return true;
      // The validator's constraint paths walk objects only: through an array it is never satisfied.
      if (a.type !== 'object_t' || a.is_array) throw new Error(`constraint of ${item.name} runs through ${p[i]}, which is not a single object`);
      owner = objectOf(ir, a.object_type as string);
    }
    return false;
  });
}

/** Paths that must be present grouped by their first name: `[['device','os','v']]` -> `device -> [['os','v']]`. */
function groupPaths(paths: readonly (readonly string[])[]): Map<string, (readonly string[])[]> {
  const out = new Map<string, (readonly string[])[]>();
  for (const [head, ...rest] of paths) {
    if (head === undefined) continue;
    const tails = out.get(head) ?? [];
    if (rest.length > 0) tails.push(rest);
    out.set(head, tails);
  }
  return out;
}

const pathKey = (paths: readonly (readonly string[])[]): string =>
  paths
    .map((p) => p.join('.'))
    .sort()
    .join(',');

// ---------------------------------------------------------------------------------------------
// Whole-event attributes

/** Sets what the runtime checks against the whole event: ids, type_uid, metadata.version and profiles. */
function finishEvent(cls: IrClass, event: Json, profiles: readonly string[]): Json {
  if (!isJsonObject(event.metadata)) throw new Error(`class ${cls.name} has no required metadata object`);
  event.class_uid = cls.uid;
  event.category_uid = cls.category_uid;
  if (Number.isInteger(event.activity_id)) event.type_uid = cls.uid * 100 + (event.activity_id as number);
  const metadata = event.metadata;
  metadata.version = OCSF_EVENT_VERSION;
  if (profiles.length > 0) metadata.profiles = [...profiles];
  else delete metadata.profiles;
  syncSiblings(cls, event);
  // The runtime checks these siblings with no exception for 99 (base_event's type_uid is 99).
  for (const name of RUNTIME_CHECKED) {
    const a = cls.attributes[name];
    const caption = a?.enum?.[String(event[name])]?.caption;
    if (a?.sibling !== undefined && caption !== undefined && typeof event[a.sibling] === 'string') event[a.sibling] = caption;
  }
  return event;
}

/** Class attributes that src/validate/ocsf.ts checks against the whole event. */
const RUNTIME_CHECKED = ['class_uid', 'category_uid', 'type_uid'] as const;

/**
 * Every attribute path of a class that an observable may name (`actor.user.name`), down to
 * `depth` names, honouring the declared profiles; arrays also as `name[]`.
 */
export function observablePaths(ir: Ir, cls: IrClass, profiles: ReadonlySet<string>, depth = 2): string[] {
  const out: string[] = [];
  const walk = (item: IrObject, prefix: string, left: number): void => {
    for (const [name, a] of allowedAttributes(item, profiles)) {
      const names = a.is_array ? [name, `${name}[]`] : [name];
      for (const n of names) {
        out.push(prefix + n);
        if (left > 1 && a.type === 'object_t') walk(objectOf(ir, a.object_type as string), `${prefix}${n}.`, left - 1);
      }
    }
  };
  walk(cls, '', depth);
  return out;
}

// ---------------------------------------------------------------------------------------------
// minimalEvent

/**
 * The smallest event of a class that validates with no error: every required attribute (with the
 * required attributes of the declared profiles), recursively into required objects, one element
 * in each required array, the first usable option of every at_least_one / just_one constraint,
 * consistent class_uid / category_uid / activity_id / type_uid, metadata.version and, when
 * profiles are given, metadata.profiles. Throws on a cycle of required attributes.
 */
export function minimalEvent(ir: Ir, className: string, profiles: readonly string[] = []): Json {
  const cls = classOf(ir, className);
  const declared = new Set(profiles);
  const event = minimalObject(ir, cls, declared, [], [cls.name]);
  const activity = cls.attributes.activity_id;
  event.activity_id = activity?.enum === undefined ? 0 : firstEnumValue(ir, activity);
  return finishEvent(cls, event, profiles);
}

function minimalObject(ir: Ir, item: IrObject, profiles: ReadonlySet<string>, forced: readonly (readonly string[])[], stack: readonly string[]): Json {
  const allowed = new Map(allowedAttributes(item, profiles));
  const paths: (readonly string[])[] = [...forced];
  for (const [name, a] of allowed) if (a.requirement === 'required') paths.push([name]);
  for (const c of constraintsOf(item)) {
    if (c.paths.some((p) => paths.some((q) => p.join('.') === q.join('.')))) continue;
    const first = usableOptions(ir, item, c, profiles)[0];
    if (first === undefined) throw new Error(`no option of ${item.name}'s ${c.kind} constraint is allowed with profiles [${[...profiles].join(', ')}]`);
    paths.push(first);
  }
  const x: Json = {};
  for (const [name, tails] of groupPaths(paths)) {
    const a = allowed.get(name);
    if (a === undefined) throw new Error(`${item.name}.${name} is required but not allowed`);
    x[name] = minimalValue(ir, a, profiles, tails, stack);
  }
  return syncSiblings(item, x);
}

function minimalValue(ir: Ir, a: IrAttribute, profiles: ReadonlySet<string>, tails: readonly (readonly string[])[], stack: readonly string[]): unknown {
  let one: unknown;
  if (a.type === 'object_t') {
    const name = a.object_type as string;
    if (stack.includes(name)) throw new Error(`required attributes form a cycle: ${[...stack, name].join(' -> ')}`);
    const target = objectOf(ir, name);
    one = isOpen(target) ? {} : minimalObject(ir, target, profiles, tails, [...stack, name]);
  } else {
    one = a.enum === undefined ? sampleValue(ir, a.type) : firstEnumValue(ir, a);
  }
  return a.is_array ? [one] : one;
}

// ---------------------------------------------------------------------------------------------
// arbitraryEvent

export interface ArbitraryEventOptions {
  /** Profiles declared in metadata.profiles. Default none. */
  readonly profiles?: readonly string[];
  /** Levels of optional objects below the event; required objects are always built. Default 2. */
  readonly depth?: number;
  /** At most this many optional or recommended attributes per object. Default 4. */
  readonly maxOptional?: number;
  /** At most this many elements per array. Default 3. */
  readonly maxArray?: number;
}

/**
 * Valid events of a class (no error finding) with a random subset of the optional and recommended
 * attributes at every level, random valid values (any Unicode in free text, strings up to their
 * max_len in code points, values matching their type's regex), random constraint options, some
 * optional attributes set to null, and observables naming real attribute paths.
 */
export function arbitraryEvent(ir: Ir, className: string, options: ArbitraryEventOptions = {}): fc.Arbitrary<Json> {
  const profiles = [...(options.profiles ?? [])].sort();
  const key = JSON.stringify([profiles, options.depth, options.maxOptional, options.maxArray]);
  let perIr = generators.get(ir);
  if (perIr === undefined) generators.set(ir, (perIr = new Map()));
  let generator = perIr.get(key);
  if (generator === undefined) perIr.set(key, (generator = new EventGenerator(ir, profiles, options)));
  return generator.event(classOf(ir, className));
}

/** Generators by IR and options, so that every run and class reuses the arbitraries built for them. */
const generators = new WeakMap<Ir, Map<string, EventGenerator>>();

/** An arbitrary built on first use: optional objects are only built when a run picks them. */
function lazy<T>(build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let arb: fc.Arbitrary<T> | undefined;
  return fc.constant(null).chain(() => (arb ??= build()));
}

class EventGenerator {
  private readonly declared: ReadonlySet<string>;
  private readonly depth: number;
  private readonly maxOptional: number;
  private readonly maxArray: number;
  /** Per class: attribute values of the class that the whole event constrains (observables). */
  private readonly overrides = new Map<IrObject, Map<string, fc.Arbitrary<unknown>>>();
  /** Arbitraries by class or object, depth and forced paths: built once, reused by every run. */
  private readonly cache = new Map<string, fc.Arbitrary<Json>>();
  private readonly scalars = new Map<IrAttribute, fc.Arbitrary<unknown>>();

  constructor(
    private readonly ir: Ir,
    private readonly profiles: readonly string[],
    options: ArbitraryEventOptions,
  ) {
    this.declared = new Set(profiles);
    this.depth = options.depth ?? 2;
    this.maxOptional = options.maxOptional ?? 4;
    this.maxArray = options.maxArray ?? 3;
  }

  event(cls: IrClass): fc.Arbitrary<Json> {
    return this.cached(`event ${cls.name}`, () => {
      const observables = cls.attributes.observables;
      const overrides = new Map<string, fc.Arbitrary<unknown>>();
      if (observables?.object_type === 'observable' && (observables.profile === undefined || this.declared.has(observables.profile))) {
        // Observable names must name an attribute path of the class (checked against the whole event).
        const names = fc.constantFrom(...observablePaths(this.ir, cls, this.declared));
        const one = fc.tuple(this.object(objectOf(this.ir, 'observable'), Math.max(this.depth - 1, 0), [], []), names).map(([o, name]) => ({ ...o, name }));
        overrides.set('observables', fc.array(one, { maxLength: this.maxArray }));
      }
      this.overrides.set(cls, overrides);
      return this.object(cls, this.depth, [], [cls.name]).map((e) => finishEvent(cls, e, this.profiles));
    });
  }

  /**
   * An object with its required attributes, the paths in `forced` (constraint options chosen by a
   * parent), one random option per constraint, and up to maxOptional others; optional objects only
   * while `depth` > 0. `chain` lists the objects entered since depth reached 0, to catch cycles.
   */
  private object(item: IrObject, depth: number, forced: readonly (readonly string[])[], chain: readonly string[]): fc.Arbitrary<Json> {
    if (isOpen(item)) return fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
    return this.cached(`${this.kind(item)} ${item.name}|${depth}|${pathKey(forced)}`, () => {
      const constraints = constraintsOf(item).map((c) => ({ c, options: usableOptions(this.ir, item, c, this.declared) }));
      for (const { c, options } of constraints) {
        if (options.length === 0) throw new Error(`no option of ${item.name}'s ${c.kind} constraint is allowed with profiles [${this.profiles.join(', ')}]`);
        if (c.kind === 'just_one' && options.some((p) => p.length > 1)) throw new Error(`${item.name}: just_one over dotted paths is not supported here`);
      }
      if (constraints.length === 0) return this.withOptions(item, depth, forced, [], chain);
      return fc.tuple(...constraints.map(({ options }) => fc.constantFrom(...options))).chain((chosen) => {
        // just_one: the options not chosen stay absent.
        const excluded = constraints.flatMap(({ c, options }, i) => (c.kind === 'just_one' ? options.filter((o) => o.join('.') !== chosen[i]?.join('.')).map((o) => o[0] as string) : []));
        return this.withOptions(item, depth, [...forced, ...chosen], excluded, chain);
      });
    });
  }

  private withOptions(item: IrObject, depth: number, forced: readonly (readonly string[])[], excluded: readonly string[], chain: readonly string[]): fc.Arbitrary<Json> {
    return this.cached(`${this.kind(item)} ${item.name}|${depth}|${pathKey(forced)}|-${excluded.join(',')}`, () => {
      const allowed = new Map(allowedAttributes(item, this.declared));
      const overrides = this.overrides.get(item);
      const mustPaths: (readonly string[])[] = [...forced];
      for (const [name, a] of allowed) if (a.requirement === 'required') mustPaths.push([name]);
      const must = groupPaths(mustPaths);
      const childDepth = Math.max(depth - 1, 0);
      const value = (name: string, tails: readonly (readonly string[])[], required: boolean): fc.Arbitrary<unknown> => {
        const a = allowed.get(name);
        if (a === undefined) throw new Error(`${item.name}.${name} is required but not allowed`);
        if (required && excluded.includes(name)) throw new Error(`${item.name}.${name} is both required and excluded by just_one`);
        return overrides?.get(name) ?? this.value(a, childDepth, tails, required, chain);
      };
      const mustRecord: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, tails] of must) mustRecord[name] = value(name, tails, true);
      const pool = [...allowed].filter(([name, a]) => !must.has(name) && !excluded.includes(name) && (a.type !== 'object_t' || depth > 0)).map(([name]) => name);
      // An optional attribute set to null is absent (src/validate/ocsf.ts): valid too.
      const optionalValues = new Map(pool.map((name) => [name, fc.oneof({ weight: 9, arbitrary: lazy(() => value(name, [], false)) }, { weight: 1, arbitrary: fc.constant(null) })]));
      const optional = fc.subarray(pool, { maxLength: Math.min(this.maxOptional, pool.length) }).chain((names) => fc.record(Object.fromEntries(names.map((n) => [n, optionalValues.get(n) as fc.Arbitrary<unknown>]))));
      return fc.tuple(fc.record(mustRecord), optional).map(([m, o]) => syncSiblings(item, { ...o, ...m }));
    });
  }

  private value(a: IrAttribute, depth: number, tails: readonly (readonly string[])[], required: boolean, chain: readonly string[]): fc.Arbitrary<unknown> {
    let one: fc.Arbitrary<unknown>;
    if (a.type === 'object_t') {
      const name = a.object_type as string;
      if (depth === 0 && chain.includes(name)) throw new Error(`required attributes form a cycle: ${[...chain, name].join(' -> ')}`);
      one = this.object(objectOf(this.ir, name), depth, tails, depth === 0 ? [...chain, name] : []);
    } else {
      let scalar = this.scalars.get(a);
      if (scalar === undefined) {
        scalar = a.enum === undefined ? scalarArbitrary(this.ir, a.type) : fc.constantFrom(...enumValues(this.ir, a));
        this.scalars.set(a, scalar);
      }
      one = scalar;
    }
    return a.is_array ? fc.array(one, { minLength: required ? 1 : 0, maxLength: this.maxArray }) : one;
  }

  private kind(item: IrObject): string {
    return this.ir.classes[item.name] === item ? 'class' : 'object';
  }

  private cached(key: string, build: () => fc.Arbitrary<Json>): fc.Arbitrary<Json> {
    let arb = this.cache.get(key);
    if (arb === undefined) {
      arb = build();
      this.cache.set(key, arb);
    }
    return arb;
  }
}
