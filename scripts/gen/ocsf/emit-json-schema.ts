/**
 * Stage 4, emit: one JSON Schema (draft 2020-12) per OCSF class, for users who validate with a
 * JSON Schema tool instead of siemkit, or derive types from it (json-schema-to-typescript).
 *
 *   generated/ocsf/<version>/json-schema/<class>.schema.json      (`win/x` -> `win-x.schema.json`)
 *
 * Each file holds the class as the root schema and every object it reaches, transitively, under
 * `$defs` (`win/reg_key` -> `win_reg_key`). The schema rejects what the siemkit OCSF validator
 * reports as an error and nothing else: warnings (missing recommended attributes, regex mismatches,
 * enum siblings, deprecations) are left to the validator. docs/ocsf-json-schema.md says what is in
 * and what is out; the rules below cite the OCSF server's validator (`Schema.Validator2`), whose
 * error codes siemkit follows.
 */
import type { GeneratedFile } from '../output.js';
import { jsonBanner, jsonText } from '../output.js';
import type { Ir, IrAttribute, IrClass, IrObject } from '../../../schemas/ocsf/ir.js';
import { sortKeys } from '../output.js';

type Schema = Record<string, unknown>;

const SCRIPT = 'scripts/gen/ocsf/emit-json-schema.ts';
const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const ID_BASE = 'https://siemkit.dev/schemas/ocsf';

/** The file of a class's schema: `authentication.schema.json`, `win-registry_key_activity.schema.json`. */
export const schemaFileName = (className: string): string => `${className.replace(/\//g, '-')}.schema.json`;

/** The `$defs` key of an object: `win/reg_key` -> `win_reg_key` (a `/` would need escaping in `$ref`). */
export const defName = (objectName: string): string => objectName.replace(/\//g, '_');

/** Any value but `null`: "present" in the sense of the siemkit validator. */
const NOT_NULL: Schema = { not: { type: 'null' } };

/** The JSON type of each OCSF primitive type; `json_t` is any JSON value. */
const PRIMITIVES: Readonly<Record<string, string | undefined>> = {
  string_t: 'string',
  integer_t: 'integer',
  long_t: 'integer',
  float_t: 'number',
  boolean_t: 'boolean',
  json_t: undefined,
};

export function emitJsonSchemas(ir: Ir, outDir: string): GeneratedFile[] {
  checkDefNames(ir);
  return Object.values(ir.classes).map((c) => {
    const file = schemaFileName(c.name);
    return { path: `${outDir}/json-schema/${file}`, content: jsonText(classDocument(ir, c, file)) };
  });
}

/**
 * One class's document. The header members come first in a fixed order (banner, `$schema`, `$id`,
 * `title`), then the root schema with sorted keys, then `$defs` (sorted): byte-stable output.
 */
function classDocument(ir: Ir, c: IrClass, file: string): Schema {
  const { title, ...root } = classSchema(ir, c);
  const defs: Schema = {};
  for (const name of reachableObjects(ir, c)) defs[defName(name)] = objectSchema(ir, objectNamed(ir, name));
  return {
    ...jsonBanner(SCRIPT, `OCSF ${ir.version}`),
    $schema: DRAFT_2020_12,
    $id: `${ID_BASE}/${ir.version}/${file}`,
    title,
    ...sortKeys(root),
    $defs: sortKeys(defs),
  };
}

// classes and objects ----------------------------------------------------------------------------

/**
 * A class: its attributes, its constraints, and the checks that need the whole event (known profile
 * names, `type_uid` against `activity_id`, the profile gates), which siemkit makes in
 * `src/validate/ocsf.ts`. Profile attributes are in `properties`, so that `additionalProperties:
 * false` admits them, but never in the root `required`: their gate decides.
 */
function classSchema(ir: Ir, c: IrClass): Schema {
  const properties: Schema = {};
  for (const [name, a] of Object.entries(c.attributes)) {
    if (a.profile !== undefined && ir.profiles[a.profile] === undefined) throw new Error(`OCSF ${c.name}.${name} names the unknown profile '${a.profile}'`);
    properties[name] = attributeSchema(ir, a, alwaysRequired(a));
  }
  properties.class_uid = classification(c, 'class_uid', c.uid);
  properties.category_uid = classification(c, 'category_uid', c.category_uid);
  return {
    title: c.caption,
    ...closedObject(properties, requiredOf(c.attributes)),
    ...constraintSchemas(ir, c),
    allOf: [knownProfiles(ir), ...typeUidRules(c), ...profileGates(ir, c)],
  };
}

/**
 * An object under `$defs`. Its profile attributes are simply allowed (optional): a `$defs` entry is
 * shared by every place that references it, so it cannot see the event's `metadata.profiles`, and
 * JSON Schema has no way to carry that context down. The siemkit validator does check them.
 */
function objectSchema(ir: Ir, o: IrObject): Schema {
  // An object without attributes (`object`, used by `unmapped`) admits any member (Validator2).
  if (Object.keys(o.attributes).length === 0) return { type: 'object' };
  const properties: Schema = {};
  for (const [name, a] of Object.entries(o.attributes)) {
    properties[name] = attributeSchema(ir, a, alwaysRequired(a));
  }
  return { title: o.caption, ...closedObject(properties, requiredOf(o.attributes)), ...constraintSchemas(ir, o) };
}

function closedObject(properties: Schema, required: readonly string[]): Schema {
  return { type: 'object', additionalProperties: false, properties, ...(required.length > 0 ? { required } : {}) };
}

/** Required whatever the event declares: a required attribute outside any profile. */
const alwaysRequired = (a: IrAttribute): boolean => a.profile === undefined && a.requirement === 'required';

function requiredOf(attributes: Readonly<Record<string, IrAttribute>>): string[] {
  return Object.entries(attributes)
    .filter(([, a]) => alwaysRequired(a))
    .map(([name]) => name)
    .sort();
}

// attributes -------------------------------------------------------------------------------------

/**
 * An attribute's value. The OCSF server treats an attribute whose value is `null` as absent
 * (Validator2 `validate_attribute`), so an attribute that is not required also admits `null`; a
 * required one does not (`attribute_required_missing`). Array elements are never `null`.
 */
function attributeSchema(ir: Ir, a: IrAttribute, required: boolean): Schema {
  const element = elementSchema(ir, a);
  if (a.is_array) return { type: required ? 'array' : ['array', 'null'], items: element };
  return required ? element : nullable(element);
}

function nullable(s: Schema): Schema {
  if (Object.keys(s).length === 0) return s; // json_t: null is already a JSON value
  if (typeof s.type !== 'string') return { anyOf: [s, { type: 'null' }] };
  return { ...s, type: [s.type, 'null'], ...(Array.isArray(s.enum) ? { enum: [...s.enum, null] } : {}) };
}

/** One value of an attribute: a `$ref` to its object, or its dictionary type (and enum). */
function elementSchema(ir: Ir, a: IrAttribute): Schema {
  if (a.type === 'object_t') {
    if (a.object_type === undefined) throw new Error(`an object_t attribute (${a.caption}) has no object_type`);
    return { $ref: `#/$defs/${defName(a.object_type)}` };
  }
  const t = scalarOf(ir, a.type);
  if (t.jsonType === undefined) return {};
  if (a.enum !== undefined) return { type: t.jsonType, enum: enumValues(a, t.jsonType) };
  return {
    type: t.jsonType,
    ...(t.jsonType === 'string' && t.maxLength !== undefined ? { maxLength: t.maxLength } : {}),
    ...((t.jsonType === 'integer' || t.jsonType === 'number') && t.range !== undefined ? { minimum: t.range[0], maximum: t.range[1] } : {}),
  };
}

/** `class_uid` and `category_uid` have one value per class, the one their IR enum holds: a `const`. */
function classification(c: IrClass, name: 'class_uid' | 'category_uid', expected: number): Schema {
  const values = Object.keys(c.attributes[name]?.enum ?? {});
  if (values.length !== 1 || Number(values[0]) !== expected) {
    throw new Error(`OCSF class ${c.name} has the ${name} enum [${values.join(', ')}], expected exactly [${expected}]`);
  }
  return { type: 'integer', const: expected };
}

/** Enum values as JSON values: numbers for integer enums (sorted numerically), else strings. */
function enumValues(a: IrAttribute, jsonType: string): (number | string)[] {
  const keys = Object.keys(a.enum ?? {});
  if (jsonType !== 'integer' && jsonType !== 'number') return keys.sort();
  const bad = keys.find((k) => !Number.isFinite(Number(k)));
  if (bad !== undefined) throw new Error(`OCSF attribute '${a.caption}' has the enum value '${bad}', not a number, in a numeric enum`);
  return keys.map(Number).sort((x, y) => x - y);
}

interface Scalar {
  /** The JSON Schema `type`; undefined for `json_t` (any value). */
  readonly jsonType: string | undefined;
  readonly maxLength?: number;
  readonly range?: readonly [number, number];
}

/**
 * A dictionary type down to its primitive. `max_len` and `range` come from the type itself, else
 * from the nearest base type that has one (Validator2 checks the subtype first, then its super type).
 * `regex` is not carried: the server reports a mismatch as a warning only.
 */
function scalarOf(ir: Ir, typeName: string, seen: readonly string[] = []): Scalar {
  const t = ir.types[typeName];
  const chain = [...seen, typeName];
  if (t === undefined || seen.includes(typeName)) throw new Error(`OCSF type '${chain[0]}' does not resolve to a primitive type (${chain.join(' -> ')})`);
  if (t.base !== undefined) {
    const base = scalarOf(ir, t.base, chain);
    return { ...base, ...(t.max_len !== undefined ? { maxLength: t.max_len } : {}), ...(t.range !== undefined ? { range: t.range } : {}) };
  }
  if (!(typeName in PRIMITIVES)) throw new Error(`OCSF type '${chain[0]}' has the unknown primitive type '${typeName}'`);
  return { jsonType: PRIMITIVES[typeName], ...(t.max_len !== undefined ? { maxLength: t.max_len } : {}), ...(t.range !== undefined ? { range: t.range } : {}) };
}

// whole-event rules ------------------------------------------------------------------------------

/**
 * `type_uid` must equal `class_uid * 100 + activity_id` (Validator2 `type_uid_incorrect`): one
 * `if`/`then` per activity, since JSON Schema cannot compute. The `type_uid` enum alone would admit
 * another activity's value (the vpcflow example: `activity_id` 5 with `type_uid` 400106).
 */
function typeUidRules(c: IrClass): Schema[] {
  const activities = c.attributes.activity_id?.enum;
  if (activities === undefined || c.attributes.type_uid === undefined) return [];
  return Object.keys(activities)
    .map(Number)
    .sort((x, y) => x - y)
    .map((id) => ({
      if: { properties: { activity_id: { const: id } }, required: ['activity_id'] },
      then: { properties: { type_uid: { const: c.uid * 100 + id } } },
    }));
}

/**
 * The profile gates of a class's top level, one per profile, sorted by name. An attribute that a
 * profile brings is valid only when the event declares that profile in `metadata.profiles` (a
 * missing or null list declares none):
 *   declared     -> the attribute is allowed, and required (not null) when its requirement is `required`;
 *   not declared -> the key must be absent. Here a null value does not count as absent: the key
 *                   itself is unknown to the class, as for any other unknown key (`attribute_unknown`,
 *                   in the OCSF server's `filter_with_profiles` and in siemkit alike).
 */
function profileGates(ir: Ir, c: IrClass): Schema[] {
  const byProfile = new Map<string, string[]>();
  for (const [name, a] of Object.entries(c.attributes)) {
    if (a.profile !== undefined) byProfile.set(a.profile, [...(byProfile.get(a.profile) ?? []), name]);
  }
  return [...byProfile.keys()].sort().map((profile) => {
    const names = byProfile.get(profile) ?? [];
    const required = names.filter((name) => c.attributes[name]?.requirement === 'required');
    return {
      if: declaresProfile(profile),
      ...(required.length > 0 ? { then: presentAll(ir, c, required) } : {}),
      else: { properties: Object.fromEntries(names.map((name) => [name, false])) },
    };
  });
}

function declaresProfile(profile: string): Schema {
  return {
    properties: {
      metadata: { type: 'object', properties: { profiles: { type: 'array', contains: { const: profile } } }, required: ['profiles'] },
    },
    required: ['metadata'],
  };
}

/**
 * Every name in `metadata.profiles` must be a profile of the schema (`profile_unknown`). Said at
 * the top level, not in the `metadata` definition, because only the event's own metadata declares
 * profiles.
 */
function knownProfiles(ir: Ir): Schema {
  const names = Object.keys(ir.profiles).sort();
  return { properties: { metadata: { type: 'object', properties: { profiles: { type: ['array', 'null'], items: { enum: names } } } } } };
}

// constraints ------------------------------------------------------------------------------------

/**
 * `at_least_one` -> `anyOf`, `just_one` -> `oneOf`, one branch per attribute.
 *
 * A branch holds when its attribute is present with a value other than `null`. This is the siemkit
 * default, and stricter than the OCSF server, whose `Map.has_key?` counts `"idp": {"name": null}`
 * as having a `name`: an attribute whose value is null is absent everywhere else in OCSF, so it
 * does not satisfy a constraint either.
 *
 * A constraint name may be a dotted path (`device.os.version` in Operating System Patch State): the
 * branch then nests `properties`/`required`, each step an object.
 */
function constraintSchemas(ir: Ir, item: IrObject): Schema {
  const out: Schema = {};
  const { at_least_one: atLeastOne, just_one: justOne } = item.constraints ?? {};
  if (atLeastOne?.length) out.anyOf = atLeastOne.map((p) => presentAll(ir, item, [p]));
  if (justOne?.length) out.oneOf = justOne.map((p) => presentAll(ir, item, [p]));
  return out;
}

/**
 * Every path present and not null: `{ required: [name], properties: { name: { type: 'string' } } }`,
 * nested for a dotted path. "Not null" is said with the attribute's own JSON type rather than
 * `not: { type: 'null' }`, so that json-schema-to-typescript reads each branch as a useful type
 * (`{ name: string }`); the full check of the value stays in `properties`.
 */
function presentAll(ir: Ir, item: IrObject, paths: readonly string[]): Schema {
  const properties: Schema = {};
  const required: string[] = [];
  for (const path of paths) {
    const [head = '', ...rest] = path.split('.');
    const a = item.attributes[head];
    if (a === undefined) throw new Error(`OCSF ${item.name}: constraint path '${path}' names no attribute '${head}'`);
    required.push(head);
    if (rest.length === 0) properties[head] = presence(ir, a);
    else if (a.object_type !== undefined && !a.is_array) properties[head] = { type: 'object', ...presentAll(ir, objectNamed(ir, a.object_type), [rest.join('.')]) };
    else throw new Error(`OCSF ${item.name}: constraint path '${path}' goes through '${head}', which is not a single object`);
  }
  return { required, properties };
}

/** Any non-null value of the attribute's JSON type (its value is checked in `properties`). */
function presence(ir: Ir, a: IrAttribute): Schema {
  if (a.is_array) return { type: 'array' };
  if (a.type === 'object_t') return { type: 'object' };
  const jsonType = scalarOf(ir, a.type).jsonType;
  return jsonType === undefined ? NOT_NULL : { type: jsonType };
}

// objects reached --------------------------------------------------------------------------------

function objectNamed(ir: Ir, name: string): IrObject {
  const o = ir.objects[name];
  if (o === undefined) throw new Error(`OCSF object '${name}' is referenced but not defined`);
  return o;
}

/** Every object a class reaches through its attributes, at any depth, sorted by name. */
function reachableObjects(ir: Ir, c: IrClass): string[] {
  const seen = new Set<string>();
  const queue: IrObject[] = [c];
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
    for (const a of Object.values(item.attributes)) {
      if (a.object_type === undefined || seen.has(a.object_type)) continue;
      seen.add(a.object_type);
      queue.push(objectNamed(ir, a.object_type));
    }
  }
  return [...seen].sort();
}

/** Two objects whose `$defs` keys collide (`a/b` and `a_b`) would silently share one definition. */
function checkDefNames(ir: Ir): void {
  const owners = new Map<string, string>();
  for (const name of Object.keys(ir.objects)) {
    const key = defName(name);
    const other = owners.get(key);
    if (other !== undefined) throw new Error(`OCSF objects '${other}' and '${name}' both map to the $defs key '${key}'`);
    owners.set(key, name);
  }
}
