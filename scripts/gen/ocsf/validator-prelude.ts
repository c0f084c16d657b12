/**
 * The fixed part of the generated OCSF validator: the helpers that every generated class and
 * object function calls. It is emitted verbatim (as source text) at the top of
 * `generated/ocsf/<version>/validator.ts`, which depends on nothing but the shared string
 * length of `schemas/formats/code-points.ts` (its one import, added by the emitter).
 *
 * Finding codes and severities follow the OCSF server's validator (`lib/schema/validator2.ex`):
 * regex mismatches and enum-sibling mismatches are warnings there, and so here.
 */
export const VALIDATOR_PRELUDE = String.raw`
export interface OcsfFinding {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/** What one validation run collects and the switches it honours. */
export interface OcsfContext {
  readonly errors: OcsfFinding[];
  readonly warnings: OcsfFinding[];
  /** Bit set (PROFILE_BITS) of the profiles the event declares in metadata.profiles. */
  readonly profiles: number;
  /** Report recommended attributes that are missing, as warnings. */
  readonly recommended: boolean;
  /** Count a key whose value is null as present for at_least_one / just_one constraints. */
  readonly nullSatisfiesConstraints: boolean;
  /** How many objects deep the check is now; start at 0. */
  depth: number;
}

/**
 * Objects nested deeper than this are reported, not followed: JSON.parse accepts any depth, and
 * a recursive check of a 10,000-deep process lineage would overflow the stack. Real events stay
 * far below it (the deepest OCSF paths are about a dozen objects).
 */
export const MAX_DEPTH = 256;

type Obj = Record<string, unknown>;

/** RFC 6901 reference token. */
function esc(k: string): string {
  return k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k;
}

/** The JSON type of a value, for messages. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function err(c: OcsfContext, code: string, path: string, message: string): void {
  c.errors.push({ code, path, message });
}
function warn(c: OcsfContext, code: string, path: string, message: string): void {
  c.warnings.push({ code, path, message });
}

function wrongType(c: OcsfContext, p: string, k: string, v: unknown, expected: string): false {
  err(c, 'attribute_wrong_type', p + '/' + k, '"' + k + '" has the wrong type: expected ' + expected + ', got ' + jsonType(v));
  return false;
}

function unknownAttr(c: OcsfContext, p: string, k: string, owner: string): void {
  err(c, 'attribute_unknown', p + '/' + esc(k), '"' + k + '" is not an attribute of ' + owner);
}

function profileAttr(c: OcsfContext, p: string, k: string, owner: string, profile: string): void {
  err(c, 'attribute_unknown', p + '/' + k, '"' + k + '" of ' + owner + ' belongs to the "' + profile + '" profile, which metadata.profiles does not declare');
}

function missing(c: OcsfContext, p: string, k: string): void {
  err(c, 'attribute_required_missing', p + '/' + k, 'required attribute "' + k + '" is missing');
}

function missingRecommended(c: OcsfContext, p: string, k: string): void {
  warn(c, 'attribute_recommended_missing', p + '/' + k, 'recommended attribute "' + k + '" is missing');
}

function deprecatedAttr(c: OcsfContext, p: string, k: string, since: string): void {
  warn(c, 'attribute_deprecated', p + '/' + k, '"' + k + '" is deprecated since OCSF ' + since);
}

function deprecatedObject(c: OcsfContext, p: string, name: string, since: string): void {
  warn(c, 'object_deprecated', p, 'object "' + name + '" is deprecated since OCSF ' + since);
}

function present(c: OcsfContext, x: Obj, path: readonly string[]): boolean {
  let v: unknown = x;
  for (const k of path) {
    if (!isObj(v)) return false;
    v = v[k];
  }
  return c.nullSatisfiesConstraints ? v !== undefined : v !== undefined && v !== null;
}

function has(c: OcsfContext, v: unknown): boolean {
  return c.nullSatisfiesConstraints ? v !== undefined : v !== undefined && v !== null;
}

function constraintFailed(c: OcsfContext, x: Obj, p: string, owner: string, kind: 'at_least_one' | 'just_one', names: readonly string[], paths: readonly (readonly string[])[]): void {
  if (kind === 'at_least_one') atLeastOne(c, x, p, owner, names, paths);
  else justOne(c, x, p, owner, names, paths);
}

function atLeastOne(c: OcsfContext, x: Obj, p: string, owner: string, names: readonly string[], paths: readonly (readonly string[])[]): void {
  for (const path of paths) if (present(c, x, path)) return;
  err(c, 'constraint_failed', p, owner + ': constraint at_least_one of [' + names.join(', ') + '] failed: none is present');
}

function justOne(c: OcsfContext, x: Obj, p: string, owner: string, names: readonly string[], paths: readonly (readonly string[])[]): void {
  let n = 0;
  for (const path of paths) if (present(c, x, path)) n++;
  if (n !== 1) err(c, 'constraint_failed', p, owner + ': constraint just_one of [' + names.join(', ') + '] failed: ' + n + ' are present');
}

const MIN_INT = -9223372036854775808;
const MAX_INT = 9223372036854775807;
const MAX_LONG = 1.7014118346046923e38;

function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= MIN_INT && v <= MAX_INT;
}
function isLong(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -MAX_LONG && v <= MAX_LONG;
}

/** Checks a string value against a type's max_len (own, or its base type's) and regex. */
function str(c: OcsfContext, v: unknown, p: string, k: string, type: string, maxLen: number, maxLenIsBase: boolean, re: RegExp | undefined): boolean {
  if (typeof v !== 'string') return wrongType(c, p, k, v, type);
  if (maxLen > 0 && v.length > maxLen) {
    const n = codePointLength(v);
    if (n > maxLen) {
      err(
        c,
        maxLenIsBase ? 'attribute_value_exceeds_super_type_max_len' : 'attribute_value_exceeds_max_len',
        p + '/' + k,
        '"' + k + '" is ' + n + ' characters long, over the ' + maxLen + ' that ' + type + ' allows',
      );
    }
  }
  if (re !== undefined && !re.test(v)) {
    warn(c, 'attribute_value_regex_not_matched', p + '/' + k, '"' + k + '" does not match the pattern of ' + type);
  }
  return true;
}

function int(c: OcsfContext, v: unknown, p: string, k: string, type: string, lo: number, hi: number): boolean {
  if (!isInteger(v)) return wrongType(c, p, k, v, type);
  if (v < lo || v > hi) err(c, 'attribute_value_exceeds_range', p + '/' + k, '"' + k + '" is ' + v + ', outside the range ' + lo + ' to ' + hi + ' of ' + type);
  return true;
}

function integer(c: OcsfContext, v: unknown, p: string, k: string, type: string): boolean {
  return isInteger(v) ? true : wrongType(c, p, k, v, type);
}

function long(c: OcsfContext, v: unknown, p: string, k: string, type: string): boolean {
  return isLong(v) ? true : wrongType(c, p, k, v, type);
}

function float(c: OcsfContext, v: unknown, p: string, k: string, type: string): boolean {
  return typeof v === 'number' && Number.isFinite(v) ? true : wrongType(c, p, k, v, type);
}

function bool(c: OcsfContext, v: unknown, p: string, k: string, type: string): boolean {
  return typeof v === 'boolean' ? true : wrongType(c, p, k, v, type);
}

/** Checks an enum value, its caption sibling (a warning, as in the OCSF server) and deprecation. */
function enumValue(c: OcsfContext, x: Obj, v: unknown, p: string, k: string, values: ReadonlyMap<unknown, string>, sibling: string | undefined, deprecated: ReadonlyMap<unknown, string> | undefined): void {
  const caption = values.get(v);
  if (caption === undefined) {
    err(c, 'attribute_enum_value_unknown', p + '/' + k, '"' + k + '" has the value ' + JSON.stringify(v) + ', which its enum does not define');
    return;
  }
  if (sibling !== undefined) {
    const s = x[sibling];
    if (s !== undefined && s !== null) {
      if (v === 99) {
        if (s === caption) warn(c, 'attribute_enum_sibling_suspicious_other', p + '/' + sibling, '"' + sibling + '" is "' + caption + '" while "' + k + '" is 99: give the source value instead');
      } else if (s !== caption) {
        warn(c, 'attribute_enum_sibling_incorrect', p + '/' + sibling, '"' + sibling + '" is ' + JSON.stringify(s) + ' but the caption of "' + k + '" ' + JSON.stringify(v) + ' is "' + caption + '"');
      }
    }
  }
  const since = deprecated?.get(v);
  if (since !== undefined) warn(c, 'attribute_enum_value_deprecated', p + '/' + k, '"' + k + '" value ' + JSON.stringify(v) + ' is deprecated since OCSF ' + since);
}

/** Checks an array attribute element by element. */
function each(c: OcsfContext, v: unknown, p: string, k: string, type: string, check: (c: OcsfContext, v: unknown, p: string, k: string) => void): void {
  if (!Array.isArray(v)) {
    wrongType(c, p, k, v, 'array of ' + type);
    return;
  }
  const base = p + '/' + k;
  for (let i = 0; i < v.length; i++) check(c, v[i], base, String(i));
}

/** Checks an object attribute: the value must be a JSON object, then its own function runs. */
function obj(c: OcsfContext, v: unknown, p: string, k: string, name: string, check: (x: Obj, p: string, c: OcsfContext) => void): void {
  if (!isObj(v)) {
    wrongType(c, p, k, v, name + ' (object)');
    return;
  }
  if (c.depth >= MAX_DEPTH) {
    err(c, 'attribute_nesting_too_deep', p + '/' + k, '"' + k + '" is nested more than ' + MAX_DEPTH + ' objects deep; it was not checked');
    return;
  }
  c.depth++;
  check(v, p + '/' + k, c);
  c.depth--;
}
`;
