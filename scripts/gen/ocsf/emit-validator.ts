/**
 * Emitter: the OCSF validator as generated code, one function per object and per class.
 *
 * Each function loops once over the members of its JSON object and dispatches on the member name
 * with a `switch`, so an attribute costs one comparison chain and one type check; required and
 * recommended attributes and constraints are checked after the loop. Profile attributes are
 * gated on a bit set of the event's declared profiles, as the OCSF server filters them.
 *
 * What the generated functions do not check, because it needs the whole event, is left to the
 * runtime (`src/validate/ocsf.ts`): class_uid dispatch, category_uid and type_uid consistency,
 * metadata.version, metadata.profiles, and observable name references.
 */
import type { GeneratedFile } from '../output.js';
import { tsBanner } from '../output.js';
import type { Ir, IrAttribute, IrClass, IrConstraints, IrObject, IrType } from '../../../schemas/ocsf/ir.js';
import { VALIDATOR_PRELUDE } from './validator-prelude.js';

/** Attributes the runtime checks against the whole event instead of the generated code. */
const RUNTIME_CHECKED = new Set(['class_uid', 'category_uid', 'type_uid']);

const q = (s: string): string => JSON.stringify(s);
export const functionName = (kind: 'o' | 'c', name: string): string => `${kind}_${name.replace(/[^A-Za-z0-9_]/g, '__')}`;

interface Emitter {
  readonly ir: Ir;
  readonly profileBits: ReadonlyMap<string, number>;
  /** Shared constants (enum maps, regexes) by their source text, so identical ones are emitted once. */
  readonly constants: Map<string, string>;
  /** Element checkers for array attributes, by their body, likewise shared. */
  readonly elementFns: Map<string, string>;
}

function constant(em: Emitter, prefix: string, source: string): string {
  let name = em.constants.get(source);
  if (name === undefined) {
    name = `${prefix}${em.constants.size}`;
    em.constants.set(source, name);
  }
  return name;
}

/** The primitive a dictionary type reduces to, with its effective limits. */
function primitiveOf(ir: Ir, typeName: string): { primitive: string; type: IrType; base?: IrType } {
  const type = ir.types[typeName];
  if (!type) throw new Error(`unknown type ${typeName}`);
  if (type.base === undefined) return { primitive: typeName, type };
  const base = ir.types[type.base];
  if (!base) throw new Error(`type ${typeName} has unknown base ${type.base}`);
  return { primitive: type.base, type, base };
}

/** The expression that checks one scalar value `v` at `p`/`k`, true when its type is right. */
function scalarCheck(em: Emitter, typeName: string): string {
  const { primitive, type, base } = primitiveOf(em.ir, typeName);
  const label = q(base ? `${typeName} (${primitive})` : typeName);
  switch (primitive) {
    case 'string_t': {
      const ownMax = type.max_len;
      const maxLen = ownMax ?? base?.max_len ?? 0;
      const re = type.regex === undefined ? 'undefined' : constant(em, 'RE', `new RegExp(${q(type.regex)})`);
      return `str(c, v, p, k, ${label}, ${maxLen}, ${ownMax === undefined && maxLen > 0}, ${re})`;
    }
    case 'integer_t': {
      const range = type.range ?? base?.range;
      return range ? `int(c, v, p, k, ${label}, ${range[0]}, ${range[1]})` : `integer(c, v, p, k, ${label})`;
    }
    case 'long_t':
      return `long(c, v, p, k, ${label})`;
    case 'float_t':
      return `float(c, v, p, k, ${label})`;
    case 'boolean_t':
      return `bool(c, v, p, k, ${label})`;
    case 'json_t':
      return 'true';
    default:
      throw new Error(`type ${typeName} reduces to unsupported primitive ${primitive}`);
  }
}

function enumConstants(em: Emitter, a: IrAttribute): { values: string; deprecated: string } {
  const { primitive } = a.type === 'object_t' ? { primitive: 'object' } : primitiveOf(em.ir, a.type);
  const numeric = primitive === 'integer_t' || primitive === 'long_t' || primitive === 'float_t';
  const entries = Object.entries(a.enum ?? {}).sort(([x], [y]) => (numeric ? Number(x) - Number(y) : x < y ? -1 : 1));
  const key = (k: string): string => (numeric ? String(Number(k)) : q(k));
  const values = constant(em, 'E', `new Map<unknown, string>([${entries.map(([k, v]) => `[${key(k)}, ${q(v.caption)}]`).join(', ')}])`);
  const dep = entries.filter(([, v]) => v.deprecated_since !== undefined);
  const deprecated = dep.length === 0 ? 'undefined' : constant(em, 'ED', `new Map<unknown, string>([${dep.map(([k, v]) => `[${key(k)}, ${q(v.deprecated_since ?? '')}]`).join(', ')}])`);
  return { values, deprecated };
}

/** Statements that check one value `v` of attribute `a` (never null here) at `p`/`k` inside object `x`. */
function valueCheck(em: Emitter, a: IrAttribute, inArray: boolean, owner?: IrObject): string {
  if (a.type === 'object_t') {
    const target = a.object_type as string;
    return `obj(c, v, p, k, ${q(target)}, ${functionName('o', target)});`;
  }
  const check = scalarCheck(em, a.type);
  if (a.enum === undefined) return check === 'true' ? '' : `${check};`;
  const { values, deprecated } = enumConstants(em, a);
  if (inArray) {
    return `if (${check} && !${values}.has(v)) err(c, 'attribute_enum_array_value_unknown', p + '/' + k, 'element ' + k + ' has the value ' + JSON.stringify(v) + ', which its enum does not define');`;
  }
  // A caption sibling is compared only when it is a string attribute: OCSF 1.1.0 names
  // incident_finding's integer `priority` the sibling of `priority_id`, a caption it cannot hold.
  const siblingType = a.sibling === undefined ? undefined : owner?.attributes[a.sibling]?.type;
  const sibling = siblingType !== undefined && siblingType !== 'object_t' && primitiveOf(em.ir, siblingType).primitive === 'string_t' ? q(a.sibling as string) : 'undefined';
  return `if (${check}) enumValue(c, x, v, p, k, ${values}, ${sibling}, ${deprecated});`;
}

function attributeCase(em: Emitter, owner: string, item: IrObject, name: string, a: IrAttribute, isClass: boolean): string {
  const lines: string[] = [`      case ${q(name)}: {`];
  if (a.profile !== undefined) {
    const bit = em.profileBits.get(a.profile);
    if (bit === undefined) throw new Error(`attribute ${name} of ${owner} names unknown profile ${a.profile}`);
    lines.push(`        if ((c.profiles & ${bit}) === 0) { profileAttr(c, p, k, ${q(owner)}, ${q(a.profile)}); break; }`);
  }
  if (isClass && RUNTIME_CHECKED.has(name)) {
    lines.push('        break;', '      }');
    return lines.join('\n');
  }
  lines.push('        if (v === null) break;');
  if (a.deprecated_since !== undefined) lines.push(`        deprecatedAttr(c, p, k, ${q(a.deprecated_since)});`);
  if (a.is_array) {
    const body = valueCheck(em, a, true);
    const label = a.type === 'object_t' ? (a.object_type as string) : a.type;
    if (body === '') lines.push(`        if (!Array.isArray(v)) wrongType(c, p, k, v, ${q(`array of ${label}`)});`);
    else {
      let fn = em.elementFns.get(body);
      if (fn === undefined) {
        fn = `el${em.elementFns.size}`;
        em.elementFns.set(body, fn);
      }
      lines.push(`        each(c, v, p, k, ${q(label)}, ${fn});`);
    }
  } else {
    const body = valueCheck(em, a, false, item);
    if (body !== '') lines.push(`        ${body}`);
  }
  lines.push('        break;', '      }');
  return lines.join('\n');
}

function constraintCalls(owner: string, constraints: IrConstraints | undefined): string[] {
  const out: string[] = [];
  for (const [kind, fn] of [['at_least_one', 'atLeastOne'], ['just_one', 'justOne']] as const) {
    const names = constraints?.[kind];
    if (!names) continue;
    if (names.every((n) => !n.includes('.'))) {
      // The common case: plain attribute names, tested inline.
      const tests = names.map((n) => `has(c, x[${q(n)}])`);
      const failed = kind === 'at_least_one' ? `!(${tests.join(' || ')})` : `${tests.map((t) => `Number(${t})`).join(' + ')} !== 1`;
      out.push(`  if (${failed}) constraintFailed(c, x, p, ${q(owner)}, ${q(kind)}, ${JSON.stringify(names)}, [${names.map((n) => JSON.stringify([n])).join(', ')}]);`);
      continue;
    }
    const paths = names.map((n) => JSON.stringify(n.split('.')));
    out.push(`  ${fn}(c, x, p, ${q(owner)}, ${JSON.stringify(names)}, [${paths.join(', ')}]);`);
  }
  return out;
}

function itemFunction(em: Emitter, fnName: string, owner: string, item: IrObject, isClass: boolean): string {
  const attrs = Object.entries(item.attributes).sort(([a], [b]) => (a < b ? -1 : 1));
  const lines: string[] = [`function ${fnName}(x: Obj, p: string, c: OcsfContext): void {`];
  if (!isClass && item.deprecated_since !== undefined) lines.push(`  deprecatedObject(c, p, ${q(item.name)}, ${q(item.deprecated_since)});`);
  if (attrs.length === 0) {
    // An object without attributes (`object`) is open: any member is allowed (OCSF server).
    lines.push('}');
    return lines.join('\n');
  }
  lines.push('  for (const k in x) {', '    const v = x[k];', '    switch (k) {');
  for (const [name, a] of attrs) lines.push(attributeCase(em, owner, item, name, a, isClass));
  lines.push(`      default:`, `        unknownAttr(c, p, k, ${q(owner)});`, '    }', '  }');
  const gate = (a: IrAttribute): string => (a.profile === undefined ? '' : `(c.profiles & ${em.profileBits.get(a.profile)}) !== 0 && `);
  for (const [name, a] of attrs) {
    if (a.requirement === 'required') lines.push(`  if (${gate(a)}(x[${q(name)}] === undefined || x[${q(name)}] === null)) missing(c, p, ${q(name)});`);
  }
  const recommended = attrs.filter(([, a]) => a.requirement === 'recommended');
  if (recommended.length > 0) {
    lines.push('  if (c.recommended) {');
    for (const [name, a] of recommended) lines.push(`    if (${gate(a)}(x[${q(name)}] === undefined || x[${q(name)}] === null)) missingRecommended(c, p, ${q(name)});`);
    lines.push('  }');
  }
  lines.push(...constraintCalls(owner, item.constraints));
  lines.push('}');
  return lines.join('\n');
}

/** Attribute names of every class and object, with the object each names and its profile: for observable references. */
function refsTable(ir: Ir): string {
  const entry = (item: IrObject): string => {
    const parts = Object.entries(item.attributes)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([n, a]) => `${q(n)}: [${a.object_type === undefined ? 'null' : q(a.object_type)}, ${a.profile === undefined ? 'null' : q(a.profile)}]`);
    return `{ ${parts.join(', ')} }`;
  };
  const rows: string[] = [];
  for (const name of Object.keys(ir.objects).sort()) rows.push(`  ${q(name)}: ${entry(ir.objects[name] as IrObject)},`);
  return rows.join('\n');
}

/** A relative import path from a generated folder to a repository file. */
function relativeTo(fromDir: string, target: string): string {
  const up = fromDir.split('/').filter((p) => p !== '').length;
  return `${'../'.repeat(up)}${target}`;
}

export function emitValidator(ir: Ir, outDir: string): GeneratedFile {
  const profileNames = Object.keys(ir.profiles).sort();
  if (profileNames.length > 30) throw new Error(`${profileNames.length} profiles do not fit the validator's 30-bit profile set`);
  const profileBits = new Map(profileNames.map((n, i) => [n, 1 << i]));
  const em: Emitter = { ir, profileBits, constants: new Map(), elementFns: new Map() };

  const functions: string[] = [];
  for (const name of Object.keys(ir.objects).sort()) {
    functions.push(itemFunction(em, functionName('o', name), `object "${name}"`, ir.objects[name] as IrObject, false));
  }
  const classes = Object.values(ir.classes).sort((a, b) => a.uid - b.uid);
  for (const cls of classes) functions.push(itemFunction(em, functionName('c', cls.name), `class "${cls.name}" (${cls.uid})`, cls, true));

  const classRow = (cls: IrClass): string => {
    const types = Object.entries(cls.attributes.type_uid?.enum ?? {})
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([k, v]) => `[${Number(k)}, ${q(v.caption)}]`);
    const category = ir.categories[cls.category];
    return [
      `  [${cls.uid}, {`,
      `    name: ${q(cls.name)}, caption: ${q(cls.caption)}, uid: ${cls.uid},`,
      `    category_uid: ${cls.category_uid}, category_caption: ${q(category?.caption ?? 'Uncategorized')},`,
      `    types: new Map<number, string>([${types.join(', ')}]),`,
      cls.deprecated_since === undefined ? '' : `    deprecated_since: ${q(cls.deprecated_since)},`,
      `    attributes: ${refsRow(cls)},`,
      `    validate: ${functionName('c', cls.name)},`,
      '  }],',
    ]
      .filter((l) => l !== '')
      .join('\n');
  };
  const refsRow = (item: IrObject): string =>
    `{ ${Object.entries(item.attributes)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([n, a]) => `${q(n)}: [${a.object_type === undefined ? 'null' : q(a.object_type)}, ${a.profile === undefined ? 'null' : q(a.profile)}]`)
      .join(', ')} }`;

  const elementFns = [...em.elementFns].map(([body, fn]) => `function ${fn}(c: OcsfContext, v: unknown, p: string, k: string): void {\n  ${body}\n}`);
  const constants = [...em.constants].map(([source, name]) => `const ${name} = ${source};`);

  const text = [
    tsBanner('scripts/gen/ocsf/emit-validator.ts', `OCSF ${ir.version}`),
    // OCSF counts max_len in characters: code points are the closest JavaScript has.
    `import { codePointLength } from '${relativeTo(outDir, 'schemas/formats/code-points.js')}';`,
    '',
    `/** The OCSF schema version these functions validate. */`,
    `export const OCSF_VERSION = ${q(ir.version)};`,
    VALIDATOR_PRELUDE,
    `/** One bit per profile, for OcsfContext.profiles. */`,
    `export const PROFILE_BITS: Readonly<Record<string, number>> = {`,
    ...profileNames.map((n) => `  ${q(n)}: ${profileBits.get(n)},`),
    '};',
    '',
    '/** Attribute name -> [object type or null, profile or null], per class and object. */',
    'export type AttributeRefs = Readonly<Record<string, readonly [string | null, string | null]>>;',
    '',
    'export interface OcsfClassEntry {',
    '  readonly name: string;',
    '  readonly caption: string;',
    '  readonly uid: number;',
    '  readonly category_uid: number;',
    '  readonly category_caption: string;',
    '  /** type_uid -> caption ("Authentication: Logon"). */',
    '  readonly types: ReadonlyMap<number, string>;',
    '  readonly deprecated_since?: string;',
    '  readonly attributes: AttributeRefs;',
    '  /** Checks the event\'s attributes (the runtime adds the whole-event checks). */',
    '  readonly validate: (x: Obj, p: string, c: OcsfContext) => void;',
    '}',
    '',
    ...constants,
    '',
    ...elementFns,
    '',
    ...functions,
    '',
    '/** Every object\'s attributes, for resolving observable names such as "actor.user.name". */',
    'export const OBJECT_ATTRIBUTES: Readonly<Record<string, AttributeRefs>> = {',
    refsTable(ir),
    '};',
    '',
    '/** Every class by class_uid. */',
    'export const CLASSES: ReadonlyMap<number, OcsfClassEntry> = new Map<number, OcsfClassEntry>([',
    ...classes.map(classRow),
    ']);',
    '',
  ].join('\n');
  return { path: `${outDir}/validator.ts`, content: text };
}
