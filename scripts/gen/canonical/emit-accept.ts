/**
 * The canonical event schema -> `acceptsCanonicalEventSchema(value): boolean`, a straight-line
 * check that says yes only to values Ajv's validator (emit-validator.ts) finds valid. It is the
 * fast path of `validateEvent`: a valid event, the common case, is settled without Ajv's error
 * bookkeeping; any other answer ("no", or "not sure") sends the event to Ajv for its findings.
 *
 * So the check may say no where Ajv says yes (an odd but valid value then costs one Ajv run
 * more), and must never say yes where Ajv says no. It follows Ajv's semantics keyword by keyword
 * (a keyword for another JSON type passes; `required` is `!== undefined`; lengths count code
 * points; patterns carry the `u` flag; formats are the same CANONICAL_FORMATS), and a keyword it
 * does not know is an error here, at generation, rather than a check quietly skipped.
 *
 * The shape of the code: an object with `additionalProperties` is read once with `for...in` and
 * a `switch` on the member name (one pass, as Ajv's own additional-properties loop); the other
 * objects are read by member. `anyOf` and `if` run small helper functions.
 */
import { CANONICAL_FORMATS } from '../../../schemas/formats/index.js';
import type { GeneratedFile } from '../output.js';
import { tsBanner } from '../output.js';
import type { JsonSchema } from './json-schema.js';

/** Keywords that annotate and never fail a value. */
const ANNOTATIONS = new Set(['$comment', '$schema', '$id', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
const OBJECT_KEYWORDS = ['required', 'properties', 'additionalProperties'] as const;
const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format'] as const;
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;
const ARRAY_KEYWORDS = ['items', 'minItems', 'maxItems'] as const;
const KNOWN = new Set<string>([...ANNOTATIONS, 'type', 'enum', 'const', 'anyOf', 'allOf', 'if', 'then', 'else', ...OBJECT_KEYWORDS, ...STRING_KEYWORDS, ...NUMBER_KEYWORDS, ...ARRAY_KEYWORDS]);

/** A JSON type's test, as Ajv writes it (numbers are finite; an integer has no fraction). */
const TYPE_TESTS: Readonly<Record<string, (v: string) => string>> = {
  object: (v) => `typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v})`,
  array: (v) => `Array.isArray(${v})`,
  string: (v) => `typeof ${v} === "string"`,
  number: (v) => `typeof ${v} === "number" && isFinite(${v})`,
  integer: (v) => `typeof ${v} === "number" && Number.isInteger(${v})`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  null: (v) => `${v} === null`,
};

type Schema = JsonSchema | boolean;

class AcceptEmitter {
  private names = 0;
  readonly helpers: string[] = [];
  readonly patterns = new Map<string, string>();
  readonly formats = new Set<string>();

  private fresh(prefix: string): string {
    return `${prefix}${this.names++}`;
  }

  /** A helper `function hN(v): boolean` for `schema`, and its name. */
  helper(schema: Schema, at: string): string {
    const name = this.fresh('h');
    const body: string[] = [];
    this.check(schema, 'v', body, '  ', at);
    this.helpers.push([`function ${name}(v: any): boolean {`, ...body, '  return true;', '}'].join('\n'));
    return name;
  }

  /** Statements that `return false` unless `v` satisfies `schema`. */
  check(schema: Schema, v: string, out: string[], indent: string, at: string): void {
    if (schema === true) return;
    if (schema === false) {
      out.push(`${indent}return false;`);
      return;
    }
    for (const key of Object.keys(schema)) {
      if (!KNOWN.has(key)) throw new Error(`emit-accept: keyword "${key}" at ${at || '/'} is not supported: teach scripts/gen/canonical/emit-accept.ts its semantics`);
    }
    const s = schema as Record<string, unknown>;
    let typed: string | undefined;
    if (s.type !== undefined) {
      if (typeof s.type !== 'string' || TYPE_TESTS[s.type] === undefined) throw new Error(`emit-accept: type ${JSON.stringify(s.type)} at ${at || '/'} is not supported`);
      typed = s.type;
      out.push(`${indent}if (!(${(TYPE_TESTS[typed] as (v: string) => string)(v)})) return false;`);
    }
    if (s.const !== undefined) out.push(`${indent}if (${v} !== ${primitive(s.const, at)}) return false;`);
    if (s.enum !== undefined) {
      const values = (s.enum as unknown[]).map((e) => `${v} === ${primitive(e, at)}`);
      out.push(`${indent}if (!(${values.join(' || ')})) return false;`);
    }
    this.group(s, STRING_KEYWORDS, 'string', typed, v, out, indent, (inner, innerIndent) => this.stringKeywords(s, v, inner, innerIndent, at));
    this.group(s, NUMBER_KEYWORDS, 'number', typed === 'integer' ? 'number' : typed, v, out, indent, (inner, innerIndent) => this.numberKeywords(s, v, inner, innerIndent));
    this.group(s, ARRAY_KEYWORDS, 'array', typed, v, out, indent, (inner, innerIndent) => this.arrayKeywords(s, v, inner, innerIndent, at));
    this.group(s, OBJECT_KEYWORDS, 'object', typed, v, out, indent, (inner, innerIndent) => this.objectKeywords(s, v, inner, innerIndent, at));
    if (s.anyOf !== undefined) {
      const names = (s.anyOf as Schema[]).map((sub, i) => this.helper(sub, `${at}/anyOf/${i}`));
      out.push(`${indent}if (!(${names.map((n) => `${n}(${v})`).join(' || ')})) return false;`);
    }
    if (s.allOf !== undefined) (s.allOf as Schema[]).forEach((sub, i) => this.check(sub, v, out, indent, `${at}/allOf/${i}`));
    if (s.if !== undefined) {
      const condition = this.helper(s.if as Schema, `${at}/if`);
      const then: string[] = [];
      const otherwise: string[] = [];
      if (s.then !== undefined) this.check(s.then as Schema, v, then, `${indent}  `, `${at}/then`);
      if (s.else !== undefined) this.check(s.else as Schema, v, otherwise, `${indent}  `, `${at}/else`);
      if (then.length > 0 || otherwise.length > 0) {
        out.push(`${indent}if (${condition}(${v})) {`, ...then, ...(otherwise.length > 0 ? [`${indent}} else {`, ...otherwise] : []), `${indent}}`);
      }
    }
  }

  /**
   * Keywords of one JSON type, written by `emit` at the indent it is given: as they are when the
   * schema fixes the type, else inside that type's test.
   */
  private group(s: Record<string, unknown>, keywords: readonly string[], kind: string, typed: string | undefined, v: string, out: string[], indent: string, emit: (out: string[], indent: string) => void): void {
    if (!keywords.some((k) => s[k] !== undefined)) return;
    if (typed !== undefined && typed !== kind) throw new Error(`emit-accept: ${kind} keywords on a schema of type ${typed}`);
    if (typed === kind) {
      emit(out, indent);
      return;
    }
    const inner: string[] = [];
    emit(inner, `${indent}  `);
    out.push(`${indent}if (${(TYPE_TESTS[kind] as (v: string) => string)(v)}) {`, ...inner, `${indent}}`);
  }

  private stringKeywords(s: Record<string, unknown>, v: string, out: string[], indent: string, at: string): void {
    // Code points lie between half the UTF-16 length and the length: most strings are decided without counting.
    if (s.minLength !== undefined) out.push(`${indent}if (${v}.length < ${2 * count(s.minLength, at)} && codePointLength(${v}) < ${count(s.minLength, at)}) return false;`);
    if (s.maxLength !== undefined) out.push(`${indent}if (${v}.length > ${count(s.maxLength, at)} && codePointLength(${v}) > ${count(s.maxLength, at)}) return false;`);
    if (s.pattern !== undefined) {
      const source = s.pattern as string;
      let name = this.patterns.get(source);
      if (name === undefined) this.patterns.set(source, (name = `pattern${this.patterns.size}`));
      out.push(`${indent}if (!${name}.test(${v})) return false;`);
    }
    if (s.format !== undefined) {
      const format = s.format as string;
      const definition = (CANONICAL_FORMATS as Record<string, { validate: RegExp | ((v: string) => boolean) }>)[format];
      if (definition === undefined) throw new Error(`emit-accept: format "${format}" at ${at || '/'} is not one of CANONICAL_FORMATS`);
      this.formats.add(format);
      const call = definition.validate instanceof RegExp ? `${formatConst(format)}.test(${v})` : `${formatConst(format)}(${v})`;
      out.push(`${indent}if (!${call}) return false;`);
    }
  }

  private numberKeywords(s: Record<string, unknown>, v: string, out: string[], indent: string): void {
    if (s.minimum !== undefined) out.push(`${indent}if (${v} < ${Number(s.minimum)}) return false;`);
    if (s.maximum !== undefined) out.push(`${indent}if (${v} > ${Number(s.maximum)}) return false;`);
    if (s.exclusiveMinimum !== undefined) out.push(`${indent}if (${v} <= ${Number(s.exclusiveMinimum)}) return false;`);
    if (s.exclusiveMaximum !== undefined) out.push(`${indent}if (${v} >= ${Number(s.exclusiveMaximum)}) return false;`);
  }

  private arrayKeywords(s: Record<string, unknown>, v: string, out: string[], indent: string, at: string): void {
    if (s.minItems !== undefined) out.push(`${indent}if (${v}.length < ${count(s.minItems, at)}) return false;`);
    if (s.maxItems !== undefined) out.push(`${indent}if (${v}.length > ${count(s.maxItems, at)}) return false;`);
    if (s.items !== undefined) {
      if (typeof s.items !== 'object' || Array.isArray(s.items)) throw new Error(`emit-accept: items at ${at || '/'} must be one schema`);
      const i = this.fresh('i');
      const item = this.fresh('x');
      const body: string[] = [];
      this.check(s.items as Schema, item, body, `${indent}  `, `${at}/items`);
      out.push(`${indent}for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, `${indent}  const ${item} = ${v}[${i}];`, ...body, `${indent}}`);
    }
  }

  private objectKeywords(s: Record<string, unknown>, v: string, out: string[], indent: string, at: string): void {
    for (const name of (s.required as string[] | undefined) ?? []) out.push(`${indent}if (${v}[${JSON.stringify(name)}] === undefined) return false;`);
    const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
    const additional = s.additionalProperties as Schema | undefined;
    if (additional === undefined) {
      // Open object: each named member that is present.
      for (const [name, sub] of Object.entries(properties)) {
        const body: string[] = [];
        const x = this.fresh('x');
        this.check(sub, x, body, `${indent}  `, `${at}/properties/${name}`);
        if (body.length > 0) out.push(`${indent}{`, `${indent}  const ${x} = ${v}[${JSON.stringify(name)}];`, `${indent}  if (${x} !== undefined) {`, ...body.map((l) => `  ${l}`), `${indent}  }`, `${indent}}`);
      }
      return;
    }
    // Closed (or typed) object: every member once, by name. A named member whose value is
    // undefined meets its schema's checks (Ajv would skip it): at worst a "no" that Ajv settles.
    const key = this.fresh('k');
    const cases: string[] = [];
    for (const [name, sub] of Object.entries(properties)) {
      const body: string[] = [];
      const x = this.fresh('x');
      this.check(sub, x, body, `${indent}      `, `${at}/properties/${name}`);
      cases.push(`${indent}    case ${JSON.stringify(name)}: {`, `${indent}      const ${x} = ${v}[${key}];`, ...body, `${indent}      break;`, `${indent}    }`);
    }
    const other: string[] = [];
    if (additional === false) other.push(`${indent}      return false;`);
    else {
      const x = this.fresh('x');
      other.push(`${indent}      const ${x} = ${v}[${key}];`);
      this.check(additional, x, other, `${indent}      `, `${at}/additionalProperties`);
    }
    out.push(`${indent}for (const ${key} in ${v}) {`, `${indent}  switch (${key}) {`, ...cases, `${indent}    default: {`, ...other, `${indent}    }`, `${indent}  }`, `${indent}}`);
  }
}

function primitive(value: unknown, at: string): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return JSON.stringify(value);
  throw new Error(`emit-accept: const/enum value ${JSON.stringify(value)} at ${at || '/'} is not a primitive`);
}

function count(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Error(`emit-accept: ${JSON.stringify(value)} at ${at || '/'} is not a count`);
  return value;
}

const formatConst = (format: string): string => `format_${format.replace(/[^A-Za-z0-9]/g, '_')}`;

/** The module text of `acceptsCanonicalEventSchema` for `schema`. */
export function acceptSource(schema: JsonSchema, script: string, input: string): string {
  const emitter = new AcceptEmitter();
  const body: string[] = [];
  emitter.check(schema, 'value', body, '  ', '');
  const lines = [
    tsBanner(script, input).trimEnd(),
    '',
    "import { codePointLength } from '../../schemas/formats/code-points.js';",
    "import { CANONICAL_FORMATS } from '../../schemas/formats/index.js';",
    '',
    ...[...emitter.patterns].map(([source, name]) => `const ${name} = new RegExp(${JSON.stringify(source)}, 'u');`),
    ...[...emitter.formats].sort().map((f) => `const ${formatConst(f)} = CANONICAL_FORMATS[${JSON.stringify(f)}].validate;`),
    '',
    ...emitter.helpers.flatMap((h) => [h, '']),
    '/**',
    ' * Whether `value` is a canonical event by `event.schema.json`: true only where',
    " * `validateCanonicalEventSchema` finds no error; false where it finds one, or where this check",
    " * leaves the answer to it (see scripts/gen/canonical/emit-accept.ts).",
    ' */',
    'export function acceptsCanonicalEventSchema(value: any): boolean {',
    ...body,
    '  return true;',
    '}',
    '',
  ];
  return lines.join('\n');
}

export function emitAccept(schema: JsonSchema, outDir: string, script: string): GeneratedFile {
  return { path: `${outDir}/accept.ts`, content: acceptSource(schema, script, `${outDir}/event.schema.json`) };
}
