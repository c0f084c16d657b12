/**
 * Stage 4, emit (types): prints the IR as profile-aware TypeScript types under `<outDir>/types/`.
 *
 *   profiles.ts   `OcsfProfile`, the union of every profile name
 *   objects.ts    one type per object (`Process`, `WinRegKey`)
 *   classes.ts    one type per class, `base_event` included (`Authentication`, `WinRegistryKeyActivity`)
 *   events.ts     `OcsfClassByName`, `OcsfClassName`, `OcsfClassUid`, `OcsfClassByUid`, `OcsfEvent`
 *   index.ts      re-exports the four
 *
 * Every object and class type is generic over `P extends OcsfProfile = never`, the profiles an
 * event declares in `metadata.profiles`. An attribute that a profile brings is present only inside
 * `('<profile>' extends P ? { ... } : unknown)`, and `P` is passed on to every nested object, so
 * `Authentication<'container'>` admits `actor.process.container` and `Authentication` does not.
 * Object literals intersected with conditional types stay cheap for the checker and may recurse
 * (`process.parent_process: Process<P>`).
 *
 * Output is a pure function of the IR: declarations and members are sorted, and each declaration
 * is one block (its JSDoc line first) separated from the next by a blank line, which
 * `declarationsOf` relies on. Only facts are printed: captions, types, requirements, profiles,
 * ids and enum captions.
 */
import type { GeneratedFile } from '../output.js';
import { tsBanner } from '../output.js';
import type { Ir, IrAttribute, IrClass, IrObject } from '../../../schemas/ocsf/ir.js';

const SCRIPT = 'scripts/gen/ocsf/emit-types.ts';

/** The names `events.ts` and `profiles.ts` declare; no object or class may take one. */
const HELPER_NAMES = ['OcsfClassByName', 'OcsfClassByUid', 'OcsfClassName', 'OcsfClassUid', 'OcsfEvent', 'OcsfProfile'];

/**
 * ECMAScript globals an emitted name must not shadow: the output uses `Record`, and a type named
 * `Object` would hide the global from every reader. Such a name gets the `Ocsf` prefix (`object`
 * -> `OcsfObject`).
 */
const SHADOWED_GLOBALS = new Set(['Array', 'Boolean', 'Date', 'Error', 'Function', 'Map', 'Number', 'Object', 'Promise', 'Record', 'RegExp', 'Set', 'String', 'Symbol']);

/** The TypeScript type of each primitive OCSF type; every other dictionary type names its `base`. */
const PRIMITIVES: Readonly<Record<string, string>> = {
  boolean_t: 'boolean',
  float_t: 'number',
  integer_t: 'number',
  json_t: 'unknown',
  long_t: 'number',
  string_t: 'string',
};

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortedEntries = <T>(record: Readonly<Record<string, T>>): [string, T][] => Object.entries(record).sort(([a], [b]) => byKey(a, b));

/** A single-quoted TypeScript string literal. */
const quote = (s: string): string => `'${s.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n')}'`;
/** A property key: bare when it is an identifier (`activity_id`), quoted otherwise (`'win/reg_key'`). */
const propertyKey = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name));
/** Text that is safe on one JSDoc line: no line breaks, no comment terminator. */
const docText = (s: string): string => s.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/').trim();

/** `network_endpoint` -> `NetworkEndpoint`, `win/reg_key` -> `WinRegKey`. */
export function pascalCase(name: string): string {
  return name
    .split(/[/_]/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The TypeScript names of the IR's objects and classes. */
export interface TypeNames {
  readonly objects: ReadonlyMap<string, string>;
  readonly classes: ReadonlyMap<string, string>;
}

/**
 * Names every object and class. A class whose name an object already has gets the `Event` suffix;
 * any other clash (two IR names with one PascalCase form, or a helper's name) is an error, since a
 * silent rename would change the public types on a schema bump.
 */
export function typeNames(ir: Ir): TypeNames {
  const owner = new Map<string, string>(HELPER_NAMES.map((n) => [n, `the helper type ${n}`]));
  const claim = (name: string, who: string): string => {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error(`emit-types: ${who} gives the type name '${name}', which is not a PascalCase identifier`);
    const other = owner.get(name);
    if (other !== undefined) throw new Error(`emit-types: ${who} and ${other} both want the type name '${name}'`);
    owner.set(name, who);
    return name;
  };
  const base = (irName: string): string => {
    const name = pascalCase(irName);
    return SHADOWED_GLOBALS.has(name) ? `Ocsf${name}` : name;
  };
  const objects = new Map<string, string>();
  for (const name of Object.keys(ir.objects).sort(byKey)) objects.set(name, claim(base(name), `object '${name}'`));
  const classes = new Map<string, string>();
  for (const name of Object.keys(ir.classes).sort(byKey)) {
    const candidate = base(name);
    const taken = [...objects.values()].includes(candidate);
    classes.set(name, claim(taken ? `${candidate}Event` : candidate, `class '${name}'`));
  }
  return { objects, classes };
}

/** What one emitter pass needs to know besides the item it prints. */
interface Context {
  readonly ir: Ir;
  readonly names: TypeNames;
}

function primitiveOf(ir: Ir, where: string, type: string): string {
  const seen: string[] = [];
  let current = type;
  for (;;) {
    const primitive = PRIMITIVES[current];
    if (primitive !== undefined) return primitive;
    const base = ir.types[current]?.base;
    if (base === undefined || seen.includes(current)) throw new Error(`emit-types: ${where} has type '${type}', which does not lead to a primitive type`);
    seen.push(current);
    current = base;
  }
}

const isNumberKey = (k: string): boolean => String(Number(k)) === k;

/** An enum's values: numbers in numeric order, anything else in code-point order. */
function enumKeys(attr: IrAttribute): string[] {
  const keys = Object.keys(attr.enum ?? {});
  return keys.every(isNumberKey) ? keys.sort((a, b) => Number(a) - Number(b)) : keys.sort(byKey);
}

/** The enum's values as a union of number or string literals. */
function enumUnion(where: string, attr: IrAttribute, primitive: string): string {
  const keys = enumKeys(attr);
  if (keys.length === 0) throw new Error(`emit-types: ${where} has an empty enum`);
  if (primitive === 'number') {
    const bad = keys.find((k) => !isNumberKey(k));
    if (bad !== undefined) throw new Error(`emit-types: ${where} is a ${attr.type} enum with the value '${bad}', which is not a number`);
    return keys.join(' | ');
  }
  if (primitive === 'string') return keys.map(quote).join(' | ');
  throw new Error(`emit-types: ${where} is an enum of type ${attr.type}; only number and string enums are supported`);
}

/** The TypeScript type of an attribute, `P` passed on to object types. */
function attributeType(ctx: Context, where: string, attr: IrAttribute): string {
  let type: string;
  if (attr.type === 'object_t') {
    const target = attr.object_type === undefined ? undefined : ctx.ir.objects[attr.object_type];
    const name = attr.object_type === undefined ? undefined : ctx.names.objects.get(attr.object_type);
    if (target === undefined || name === undefined) throw new Error(`emit-types: ${where} refers to the unknown object '${attr.object_type ?? ''}'`);
    // An object without attributes (`object`) is open: it accepts any member.
    type = Object.keys(target.attributes).length === 0 ? 'Record<string, unknown>' : `${name}<P>`;
  } else {
    const primitive = primitiveOf(ctx.ir, where, attr.type);
    type = attr.enum === undefined ? primitive : enumUnion(where, attr, primitive);
  }
  if (!attr.is_array) return type;
  return type.includes(' | ') ? `(${type})[]` : `${type}[]`;
}

/** The one-line JSDoc of an attribute: caption, type, requirement, profile, enum captions. */
function attributeDoc(attr: IrAttribute): string {
  const parts: string[] = [];
  if (attr.deprecated_since !== undefined) parts.push(`@deprecated since ${attr.deprecated_since}`);
  parts.push(attr.caption);
  const type = attr.type === 'object_t' ? `object_t ${attr.object_type ?? ''}` : attr.type;
  parts.push(attr.is_array ? `${type}[]` : type, attr.requirement);
  if (attr.profile !== undefined) parts.push(`profile: ${attr.profile}`);
  if (attr.enum !== undefined) {
    const values = enumKeys(attr).map((k) => {
      const value = attr.enum?.[k];
      return `${k} ${value?.caption ?? ''}${value?.deprecated_since === undefined ? '' : ` (deprecated since ${value.deprecated_since})`}`;
    });
    parts.push(`enum: ${values.join(', ')}`);
  }
  return `/** ${docText(parts.join(' · '))} */`;
}

function members(ctx: Context, owner: string, attributes: readonly [string, IrAttribute][], indent: string): string[] {
  return attributes.flatMap(([name, attr]) => [
    `${indent}${attributeDoc(attr)}`,
    `${indent}${propertyKey(name)}${attr.requirement === 'required' ? '' : '?'}: ${attributeType(ctx, `${owner}.${name}`, attr)};`,
  ]);
}

/** The one-line JSDoc of an object or class. */
function itemDoc(kind: string, item: IrObject, extra: readonly string[]): string {
  const parts: string[] = [];
  if (item.deprecated_since !== undefined) parts.push(`@deprecated since ${item.deprecated_since}`);
  parts.push(item.caption, `${kind} ${item.name}`, ...extra);
  if (item.profiles.length > 0) parts.push(`profiles: ${item.profiles.join(', ')}`);
  return `/** ${docText(parts.join(' · '))} */`;
}

/**
 * `export type Name<P> = { ...always present... } & ('<profile>' extends P ? { ... } : unknown) & ...`:
 * attributes without a profile first, then one conditional block per profile, in name order.
 */
function declaration(ctx: Context, owner: string, typeName: string, doc: string, item: IrObject): string {
  const plain: [string, IrAttribute][] = [];
  const byProfile = new Map<string, [string, IrAttribute][]>();
  for (const [name, attr] of sortedEntries(item.attributes)) {
    if (attr.profile === undefined) {
      plain.push([name, attr]);
      continue;
    }
    if (ctx.ir.profiles[attr.profile] === undefined) throw new Error(`emit-types: ${owner}.${name} belongs to the unknown profile '${attr.profile}'`);
    const list = byProfile.get(attr.profile) ?? [];
    list.push([name, attr]);
    byProfile.set(attr.profile, list);
  }
  const head = `${doc}\nexport type ${typeName}<P extends OcsfProfile = never> =`;
  if (plain.length === 0 && byProfile.size === 0) return `${head} Record<string, unknown>;`;
  // `object`, not `{}`, when every attribute comes from a profile: `{}` would admit primitives.
  const blocks = [plain.length === 0 ? 'object' : `{\n${members(ctx, owner, plain, '  ').join('\n')}\n}`];
  for (const [profile, attributes] of [...byProfile].sort(([a], [b]) => byKey(a, b))) {
    blocks.push(`(${quote(profile)} extends P ? {\n${members(ctx, owner, attributes, '  ').join('\n')}\n} : unknown)`);
  }
  return `${head} ${blocks.join(' & ')};`;
}

/** The single value of a classification enum (`class_uid`, `category_uid`), checked against the class. */
function checkClassification(cls: IrClass, attrName: string, expected: number): void {
  const keys = Object.keys(cls.attributes[attrName]?.enum ?? {});
  if (keys.length !== 1 || keys[0] !== String(expected)) {
    throw new Error(`emit-types: class '${cls.name}' has ${attrName} enum [${keys.join(', ')}], expected exactly [${expected}]`);
  }
}

function objectDeclaration(ctx: Context, object: IrObject): string {
  const typeName = ctx.names.objects.get(object.name) as string;
  const extra = object.extension === undefined ? [] : [`extension ${object.extension}`];
  return declaration(ctx, `object '${object.name}'`, typeName, itemDoc('object', object, extra), object);
}

function classDeclaration(ctx: Context, cls: IrClass): string {
  // Both are literal types through their one-value enums; a class whose enums disagree with its
  // ids would get a type no valid event can have.
  checkClassification(cls, 'class_uid', cls.uid);
  checkClassification(cls, 'category_uid', cls.category_uid);
  const typeName = ctx.names.classes.get(cls.name) as string;
  const extra = [`class_uid ${cls.uid}`, `category ${cls.category} ${cls.category_uid}`];
  if (cls.extension !== undefined) extra.push(`extension ${cls.extension}`);
  return declaration(ctx, `class '${cls.name}'`, typeName, itemDoc('class', cls, extra), cls);
}

/** The object types a set of items refers to, for `import type { ... }`. */
function referencedObjects(ctx: Context, items: readonly IrObject[]): string[] {
  const used = new Set<string>();
  for (const item of items) {
    for (const attr of Object.values(item.attributes)) {
      const target = attr.object_type === undefined ? undefined : ctx.ir.objects[attr.object_type];
      if (target !== undefined && Object.keys(target.attributes).length > 0) used.add(ctx.names.objects.get(target.name) as string);
    }
  }
  return [...used];
}

const PROFILE_IMPORT = "import type { OcsfProfile } from './profiles.js';";

/** `OcsfProfile`'s import, then one multi-line `import type` of `names` (sorted) when there are any. */
const imports = (names: readonly string[], from: string): string =>
  names.length === 0 ? PROFILE_IMPORT : `${PROFILE_IMPORT}\nimport type {\n${[...names].sort(byKey).map((n) => `  ${n},`).join('\n')}\n} from '${from}';`;

function file(ir: Ir, path: string, body: readonly string[]): GeneratedFile {
  return { path, content: `${tsBanner(SCRIPT, `OCSF ${ir.version}`)}\n${body.join('\n\n')}\n` };
}

function eventsFile(ir: Ir, ctx: Context, classes: readonly IrClass[], path: string): GeneratedFile {
  const byName = classes.map((c) => `  ${propertyKey(c.name)}: ${ctx.names.classes.get(c.name) as string}<P>;`);
  const byUid = [...classes].sort((a, b) => a.uid - b.uid);
  for (let i = 1; i < byUid.length; i++) {
    const [a, b] = [byUid[i - 1] as IrClass, byUid[i] as IrClass];
    if (a.uid === b.uid) throw new Error(`emit-types: classes '${a.name}' and '${b.name}' share class_uid ${a.uid}`);
  }
  const uidUnion = byUid.length === 0 ? 'never' : byUid.map((c) => String(c.uid)).join(' | ');
  return file(ir, path, [
    imports([...ctx.names.classes.values()], './classes.js'),
    `/** Every OCSF ${ir.version} class type by class name, \`base_event\` included. */\nexport type OcsfClassByName<P extends OcsfProfile = never> = {\n${byName.join('\n')}\n};`,
    '/** The name of an OCSF class (`authentication`, `win/registry_key_activity`). */\nexport type OcsfClassName = keyof OcsfClassByName;',
    `/** The \`class_uid\` of an OCSF class. */\nexport type OcsfClassUid = ${uidUnion};`,
    `/** Every OCSF ${ir.version} class type by \`class_uid\`. */\nexport type OcsfClassByUid<P extends OcsfProfile = never> = {\n${byUid.map((c) => `  ${c.uid}: ${ctx.names.classes.get(c.name) as string}<P>;`).join('\n')}\n};`,
    '/** Any OCSF event: the union of every class type, told apart by `class_uid`. */\nexport type OcsfEvent<P extends OcsfProfile = never> = OcsfClassByName<P>[OcsfClassName];',
  ]);
}

/** The TypeScript type files of an IR, under `${outDir}/types/`, sorted by path. */
export function emitTypes(ir: Ir, outDir: string): GeneratedFile[] {
  const dir = `${outDir.replace(/\/+$/, '')}/types`;
  const ctx: Context = { ir, names: typeNames(ir) };
  const objects = sortedEntries(ir.objects).map(([, o]) => o);
  const classes = sortedEntries(ir.classes).map(([, c]) => c);
  const profiles = Object.keys(ir.profiles).sort(byKey);
  return [
    eventsFile(ir, ctx, classes, `${dir}/events.ts`),
    file(ir, `${dir}/classes.ts`, [imports(referencedObjects(ctx, classes), './objects.js'), ...classes.map((c) => classDeclaration(ctx, c))]),
    file(ir, `${dir}/index.ts`, [['classes', 'events', 'objects', 'profiles'].map((m) => `export type * from './${m}.js';`).join('\n')]),
    file(ir, `${dir}/objects.ts`, [PROFILE_IMPORT, ...objects.map((o) => objectDeclaration(ctx, o))]),
    file(ir, `${dir}/profiles.ts`, [
      `/** The name of an OCSF ${ir.version} profile, as an event declares it in \`metadata.profiles\`. */\nexport type OcsfProfile = ${profiles.length === 0 ? 'never' : profiles.map(quote).join(' | ')};`,
    ]),
  ].sort((a, b) => byKey(a.path, b.path));
}

/**
 * The declarations of an emitted file by declared name (`Authentication`): each is one block of
 * text without blank lines, its JSDoc line first. The golden and unit tests read them with it.
 */
export function declarationsOf(content: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of content.split('\n\n')) {
    const m = /^export type ([A-Za-z0-9_$]+)/m.exec(block);
    if (m?.[1] !== undefined) out.set(m[1], block.trimEnd());
  }
  return out;
}
