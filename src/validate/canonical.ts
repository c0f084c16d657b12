/**
 * `validateEvent`: checks a canonical event (contract v1, DESIGN.md §2), with the finding codes of
 * the OCSF validator where they mean the same thing.
 *
 * The bulk is `generated/canonical/validator.ts`: `event.schema.json` (shape, types, enums,
 * patterns, formats, lengths, ranges, unknown members, the per-category rules) compiled ahead of
 * time by Ajv. This module turns Ajv's errors into one finding per problem, then adds what JSON
 * Schema cannot say:
 *   - `timestamp` is a real instant in RFC 3339's own syntax (stricter than ajv-formats, below);
 *   - `source.geo.country` is an assigned ISO 3166-1 alpha-2 code;
 *   - a registered action is used with its own category, and its payload matches the type's
 *     payload schema (compiled once per registry, on first use).
 *
 * docs/canonical.md lists every rule and code, and the choices behind them.
 */
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { acceptsCanonicalEventSchema } from '../../generated/canonical/accept.js';
import { validateCanonicalEventSchema } from '../../generated/canonical/validator.js';
import type { Category } from '../../schemas/canonical/category.js';
import { CATEGORIES } from '../../schemas/canonical/category.js';
import type { CategoryRule } from '../../schemas/canonical/category-rules.js';
import { CATEGORY_RULES } from '../../schemas/canonical/category-rules.js';
import { CanonicalEventSchema } from '../../schemas/canonical/event.js';
import { ISO_3166_1_ALPHA_2 } from '../../schemas/canonical/iso3166.js';
import { CountryCodeSchema } from '../../schemas/canonical/source.js';
import { ACTION_PATTERN, EventIdSchema } from '../../schemas/canonical/strings.js';
import type { EventType } from '../registry/event-type.js';
import type { EventTypeRegistry } from '../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../registry/registry.js';
import type { Finding, ValidationResult } from './finding.js';
import { escapeToken } from './pointer.js';
import { codePointLength } from '../../schemas/formats/code-points.js';
import { CANONICAL_FORMATS } from '../../schemas/formats/index.js';
import { dateTimeProblem } from '../../schemas/formats/rfc3339.js';

export interface CanonicalValidateOptions {
  /** The event types whose payload schemas and categories apply. Default: the built-in registry. */
  readonly registry?: EventTypeRegistry;
}

/** Every code `validateEvent` reports (all are errors; it reports no warnings). */
export const CANONICAL_FINDING_CODES = [
  // shared with the OCSF and ECS validators
  'attribute_required_missing',
  'attribute_unknown',
  'attribute_wrong_type',
  'attribute_enum_value_unknown',
  // shared with the OCSF validator
  'attribute_value_invalid',
  'attribute_value_exceeds_max_len',
  'attribute_value_too_short',
  'attribute_value_exceeds_range',
  // canonical only
  'category_requirement_missing',
  'action_category_mismatch',
  'payload_schema_invalid',
  'event_unreadable',
] as const;
export type CanonicalFindingCode = (typeof CANONICAL_FINDING_CODES)[number];

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON type of a value, as findings name it. */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** A value for a message: JSON, cut at 60 characters. Never throws (BigInt, cycles, getters). */
function show(v: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch {
    text = undefined;
  }
  if (text === undefined) text = `a ${jsonType(v)}`;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `/source/geo/country` -> `"source.geo.country"`; `''` -> `the event`. JSON-quoted, so a key with a line break stays on one line. */
function fieldName(pointer: string): string {
  if (pointer === '') return 'the event';
  const dotted = pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  return JSON.stringify(dotted);
}

// ---------------------------------------------------------------------------------------------
// Ajv errors -> findings.

/** The `pattern` of a string schema (TypeBox's `TString` does not declare it). */
const patternOf = (schema: object): string => (schema as { readonly pattern: string }).pattern;

/** Patterns of the contract, by their text, with what they mean in words. */
const PATTERN_MEANINGS: ReadonlyMap<string, string> = new Map([
  [patternOf(EventIdSchema), 'may hold only A-Z, a-z, 0-9, "_", ".", ":" and "-"'],
  [ACTION_PATTERN, 'is not a dotted lower-case object.verb such as user.login'],
  [patternOf(CountryCodeSchema), 'is not an ISO 3166-1 alpha-2 code (two capital letters, such as DE)'],
]);

const FORMAT_MEANINGS: Readonly<Record<string, string>> = {
  email: 'is not a valid e-mail address',
  ipv4: 'is not an IPv4 address',
  ipv6: 'is not an IPv6 address',
};

/** `anyOf` of formats, by their names joined with `|`. */
const FORMAT_ALTERNATIVES: ReadonlyMap<string, string> = new Map([['ipv4|ipv6', 'is not a valid IPv4 or IPv6 address']]);

/** Where the errors come from, for messages. */
interface Origin {
  /** Prepended to Ajv's instance paths: `''` for the event, `/payload` for a payload. */
  readonly prefix: string;
  /** What unknown members are not part of: `the canonical event (contract v1)`, `the payload of event type "x"`. */
  readonly owner: string;
}

const EVENT_ORIGIN: Origin = { prefix: '', owner: 'the canonical event (contract v1)' };

/** The category rule an error of the event schema belongs to (`#/allOf/N/then/...`), if any. */
function ruleOf(e: ErrorObject, origin: Origin): CategoryRule | undefined {
  if (origin !== EVENT_ORIGIN || !e.schemaPath.startsWith('#/allOf/')) return undefined;
  const n = Number.parseInt(e.schemaPath.slice('#/allOf/'.length), 10);
  return CATEGORY_RULES[n];
}

/**
 * A missing member: `attribute_required_missing`, or `category_requirement_missing` when a
 * category rule asks for it. `fact` says what is missing (`"source" is missing`).
 */
function requiredFinding(path: string, rule: CategoryRule | undefined, fact: string): Finding {
  if (rule !== undefined) return { code: 'category_requirement_missing', path, message: `${fact}: category ${rule.category} needs ${rule.needs}` };
  return { code: 'attribute_required_missing', path, message: fact };
}

function rangeText(e: ErrorObject): string {
  const limit = String(e.params.limit);
  switch (e.keyword) {
    case 'minimum':
      return `at least ${limit}`;
    case 'maximum':
      return `at most ${limit}`;
    case 'exclusiveMinimum':
      return `more than ${limit}`;
    default:
      return `less than ${limit}`;
  }
}

/** Code points, as JSON Schema counts string lengths. */
/** A value outside a list: of the wrong type if no listed value has its JSON type, else unknown. */
function enumFinding(path: string, allowed: readonly unknown[], value: unknown): Finding {
  const list = allowed.map((v) => (typeof v === 'string' ? v : show(v))).join(', ');
  if (!allowed.some((v) => jsonType(v) === jsonType(value))) {
    return { code: 'attribute_wrong_type', path, message: `${fieldName(path)} has the wrong type: expected one of ${list}, got ${jsonType(value)}` };
  }
  return { code: 'attribute_enum_value_unknown', path, message: `${fieldName(path)} ${show(value)} is not one of ${list}` };
}

/** The alternatives of a failed `anyOf`/`oneOf`, summarised as one finding. */
function alternativesFinding(e: ErrorObject, path: string, rule: CategoryRule | undefined): Finding {
  const name = fieldName(path);
  const alternatives = Array.isArray(e.schema) ? (e.schema as unknown[]).filter(isObj) : [];
  const formats = alternatives.map((a) => (Object.keys(a).length === 1 && typeof a.format === 'string' ? a.format : undefined));
  if (alternatives.length > 0 && formats.every((f) => f !== undefined)) {
    const meaning = FORMAT_ALTERNATIVES.get(formats.join('|')) ?? `is not a valid ${formats.join(' or ')}`;
    return { code: 'attribute_value_invalid', path, message: `${name} ${show(e.data)} ${meaning}` };
  }
  // `Type.Union([Type.Literal('a'), Type.Literal('b')])`: an enum written as alternatives.
  if (alternatives.length > 0 && alternatives.every((a) => 'const' in a)) return enumFinding(path, alternatives.map((a) => a.const), e.data);
  const members = alternatives.map((a) => (Object.keys(a).length === 1 && Array.isArray(a.required) && a.required.length === 1 ? String(a.required[0]) : undefined));
  if (alternatives.length > 0 && members.every((m) => m !== undefined)) {
    const list = members.map((m) => JSON.stringify(m));
    const none = list.length === 2 ? `neither ${list[0]} nor ${list[1]}` : `none of ${list.join(', ')}`;
    return requiredFinding(path, rule, `${name} has ${none}; one of them is required`);
  }
  return { code: 'attribute_value_invalid', path, message: `${name} ${show(e.data)} matches none of the allowed shapes` };
}

/** One Ajv error as a finding. */
function findingOf(e: ErrorObject, origin: Origin): Finding {
  const at = origin.prefix + e.instancePath;
  const rule = ruleOf(e, origin);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const path = `${at}/${escapeToken(String(p.missingProperty))}`;
      return requiredFinding(path, rule, rule === undefined ? `required attribute ${fieldName(path)} is missing` : `${fieldName(path)} is missing`);
    }
    case 'additionalProperties': {
      const path = `${at}/${escapeToken(String(p.additionalProperty))}`;
      return { code: 'attribute_unknown', path, message: `${fieldName(path)} is not an attribute of ${origin.owner}` };
    }
    case 'type':
      return { code: 'attribute_wrong_type', path: at, message: `${fieldName(at)} has the wrong type: expected ${String(p.type)}, got ${jsonType(e.data)}` };
    case 'enum':
      return enumFinding(at, p.allowedValues as unknown[], e.data);
    case 'const':
      return enumFinding(at, [p.allowedValue], e.data);
    case 'pattern': {
      const meaning = PATTERN_MEANINGS.get(String(p.pattern)) ?? `does not match ${String(p.pattern)}`;
      return { code: 'attribute_value_invalid', path: at, message: `${fieldName(at)} ${show(e.data)} ${meaning}` };
    }
    case 'format': {
      const format = String(p.format);
      const meaning =
        format === 'date-time' ? (typeof e.data === 'string' ? dateTimeProblem(e.data) : undefined) ?? 'is not an RFC 3339 date-time' : FORMAT_MEANINGS[format] ?? `is not a valid ${format}`;
      return { code: 'attribute_value_invalid', path: at, message: `${fieldName(at)} ${show(e.data)} ${meaning}` };
    }
    case 'maxLength':
      return { code: 'attribute_value_exceeds_max_len', path: at, message: `${fieldName(at)} is ${typeof e.data === 'string' ? codePointLength(e.data) : '?'} characters long, more than ${String(p.limit)}` };
    case 'minLength':
      return {
        code: 'attribute_value_too_short',
        path: at,
        message: e.data === '' ? `${fieldName(at)} is empty: it needs at least ${String(p.limit)} character${p.limit === 1 ? '' : 's'}` : `${fieldName(at)} is shorter than ${String(p.limit)} characters`,
      };
    case 'maxItems':
      return { code: 'attribute_value_exceeds_max_len', path: at, message: `${fieldName(at)} has more than ${String(p.limit)} items` };
    case 'minItems':
      return { code: 'attribute_value_too_short', path: at, message: `${fieldName(at)} has fewer than ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { code: 'attribute_value_exceeds_range', path: at, message: `${fieldName(at)} ${show(e.data)} is out of range: it must be ${rangeText(e)}` };
    case 'anyOf':
    case 'oneOf':
      return alternativesFinding(e, at, rule);
    default:
      return { code: 'attribute_value_invalid', path: at, message: `${fieldName(at)} ${e.message ?? 'is invalid'} (${e.keyword})` };
  }
}

/**
 * Ajv's errors as findings, one per problem: the errors inside a failed `anyOf`/`oneOf` are folded
 * into it, and `if` (which only says that its `then` failed) is dropped.
 */
function findingsOf(errors: readonly ErrorObject[], origin: Origin, out: Finding[]): void {
  const folded: string[] = [];
  for (const e of errors) if (e.keyword === 'anyOf' || e.keyword === 'oneOf') folded.push(`${e.schemaPath}/`);
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (folded.some((prefix) => e.schemaPath.startsWith(prefix))) continue;
    out.push(findingOf(e, origin));
  }
}

// ---------------------------------------------------------------------------------------------
// Payloads of registered event types: compiled once per registry, on first use of each action.

interface PayloadCheck {
  readonly validate?: ValidateFunction;
  /** Why the schema did not compile. */
  readonly problem?: string;
}

interface RegistryCache {
  readonly ajv: Ajv2020;
  readonly checks: Map<string, PayloadCheck>;
}

/** Per registry (so a dropped registry frees its compiled code): one Ajv and the compiled payload schemas. */
const registryCaches = new WeakMap<EventTypeRegistry, RegistryCache>();

function newPayloadAjv(): Ajv2020 {
  // strict: false because a user's payload schema may carry keywords of its own (`x-...`,
  // `examples` in draft-07 style); addUsedSchema: false so two types may share a `$id`.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false, addUsedSchema: false });
  addFormats.default(ajv);
  // The event's own formats win (RFC 3339 date-time, a real instant; the fast IP parsers).
  for (const [name, format] of Object.entries(CANONICAL_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

function payloadCheck(registry: EventTypeRegistry, type: EventType): PayloadCheck {
  let cache = registryCaches.get(registry);
  if (cache === undefined) {
    cache = { ajv: newPayloadAjv(), checks: new Map() };
    registryCaches.set(registry, cache);
  }
  let check = cache.checks.get(type.action);
  if (check === undefined) {
    try {
      check = { validate: cache.ajv.compile(type.payload as AnySchemaObject) };
    } catch (err) {
      check = { problem: err instanceof Error ? err.message : String(err) };
    }
    cache.checks.set(type.action, check);
  }
  return check;
}

function checkPayload(event: Obj, type: EventType, registry: EventTypeRegistry, out: Finding[]): void {
  const check = payloadCheck(registry, type);
  if (check.validate === undefined) {
    out.push({ code: 'payload_schema_invalid', path: '/payload', message: `the payload schema of event type "${type.action}" does not compile: ${check.problem ?? 'unknown error'}` });
    return;
  }
  const payload = event.payload;
  if (payload === undefined) {
    // An absent payload is an empty one; if the type needs members, the payload itself is missing.
    if (!check.validate({})) out.push({ code: 'attribute_required_missing', path: '/payload', message: `required attribute "payload" is missing: event type "${type.action}" requires one` });
    return;
  }
  if (!isObj(payload)) return; // the event schema reports the wrong type
  if (!check.validate(payload)) findingsOf(check.validate.errors ?? [], { prefix: '/payload', owner: `the payload of event type "${type.action}"` }, out);
}

// ---------------------------------------------------------------------------------------------
// The rules beyond JSON Schema.

const COUNTRIES: ReadonlySet<string> = new Set(ISO_3166_1_ALPHA_2);
const COUNTRY_SHAPE = new RegExp(patternOf(CountryCodeSchema));
const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

function checkCountry(event: Obj, out: Finding[]): void {
  const source = event.source;
  const geo = isObj(source) ? source.geo : undefined;
  const country = isObj(geo) ? geo.country : undefined;
  // The set first: an assigned code (nearly every event's) needs no look at its shape.
  if (typeof country === 'string' && !COUNTRIES.has(country) && COUNTRY_SHAPE.test(country)) {
    out.push({ code: 'attribute_enum_value_unknown', path: '/source/geo/country', message: `"source.geo.country" ${show(country)} is not an assigned ISO 3166-1 alpha-2 code` });
  }
}

function checkRegistered(event: Obj, registry: EventTypeRegistry, out: Finding[]): void {
  const { category, action } = event;
  if (typeof action !== 'string' || typeof category !== 'string' || !CATEGORY_SET.has(category)) return;
  const type = registry.get(action);
  if (type === undefined) return; // unregistered: the payload is any object
  if (type.category !== (category as Category)) {
    out.push({ code: 'action_category_mismatch', path: '/category', message: `action "${action}" is registered with category ${type.category}, not ${category}` });
    return;
  }
  checkPayload(event, type, registry, out);
}

// ---------------------------------------------------------------------------------------------

/** Top-level members in contract order, so findings come out in the order of the document. */
const MEMBER_ORDER: ReadonlyMap<string, number> = new Map(Object.keys(CanonicalEventSchema.properties).map((k, i) => [k, i]));

function memberRank(path: string): number {
  if (path === '') return -1;
  const end = path.indexOf('/', 1);
  const member = path.slice(1, end === -1 ? undefined : end);
  return MEMBER_ORDER.get(member) ?? MEMBER_ORDER.size;
}

/** At most one finding per path (the first), in the order of the event's members. */
function tidy(findings: Finding[]): Finding[] {
  // A valid event, the common case, has nothing to tidy.
  if (findings.length === 0) return findings;
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    out.push(f);
  }
  return out.sort((a, b) => memberRank(a.path) - memberRank(b.path));
}

/**
 * Validates one canonical event. Never throws: anything that is not a valid event, including
 * values that are not objects, is described by error findings. There are no warnings.
 */
export function validateEvent(event: unknown, options: CanonicalValidateOptions = {}): ValidationResult {
  const found: Finding[] = [];
  try {
    // The generated check settles a valid event at a third of Ajv's cost; Ajv has the last word
    // on everything else, and writes the findings.
    const errors = acceptsCanonicalEventSchema(event) ? null : validateCanonicalEventSchema(event);
    if (errors !== null) {
      if (!isObj(event)) {
        return { valid: false, errors: [{ code: 'attribute_wrong_type', path: '', message: `a canonical event is a JSON object, got ${jsonType(event)}` }], warnings: [] };
      }
      findingsOf(errors, EVENT_ORIGIN, found);
    }
    const obj = event as Obj;
    checkCountry(obj, found);
    checkRegistered(obj, options.registry ?? BUILT_IN_REGISTRY, found);
  } catch (err) {
    // A getter or proxy that throws: JSON input never gets here.
    found.push({ code: 'event_unreadable', path: '', message: `the event could not be read: ${err instanceof Error ? err.message : String(err)}` });
  }
  const errors = tidy(found);
  return { valid: errors.length === 0, errors, warnings: [] };
}
