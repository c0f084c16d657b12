/**
 * `validateEcs`: checks one Elastic Common Schema document against the generated ECS 9.4 tables.
 *
 * Elasticsearch reads `{"source": {"ip": x}}`, `{"source.ip": x}` and `{"source": {"geo.city_name": y}}`
 * as the same fields, so the document is walked through a tree of ECS field names built once at
 * module load: every key, dotted or not, moves one or more steps down the tree. Findings point at
 * keys as written (`/source.ip` for a dotted key, `/source/ip` for a nested one).
 *
 * docs/ecs.md explains each rule and the choices behind it.
 */
import type { Ecs } from '@elastic/ecs';
import type { EcsField, EcsFieldType } from '../../generated/ecs/9.4.0/index.js';
import { ECS_EXPECTED_EVENT_TYPES, ECS_FIELDS, ECS_VERSION } from '../../generated/ecs/9.4.0/index.js';
import type { ValueCheck } from './ecs-values.js';
import { isPlainObject, VALUE_CHECKS } from './ecs-values.js';
import type { Finding, ValidationResult } from './finding.js';
import { childPointer, escapeToken } from './pointer.js';

/** An ECS document, as typed by Elastic's own `@elastic/ecs` package for the same ECS release. */
export type EcsDocument = Ecs;

export interface EcsValidateOptions {
  /**
   * Field-set names or dotted prefixes under which non-ECS fields are allowed, e.g. `['siemkit']`
   * allows `siemkit.*`. ECS fields keep their checks even under a listed prefix. Default: none.
   */
  readonly customFieldSets?: readonly string[];
}

/** Every code `validateEcs` reports; the first four are shared with the OCSF validator. */
export const ECS_FINDING_CODES = [
  // errors
  'attribute_required_missing',
  'attribute_unknown',
  'attribute_wrong_type',
  'attribute_enum_value_unknown',
  // warnings
  'ecs_event_type_unexpected',
  'ecs_array_expected',
  'ecs_value_unexpected',
  'ecs_pattern_mismatch',
] as const;
export type EcsFindingCode = (typeof ECS_FINDING_CODES)[number];

// Fails to compile when the generated table uses a field type that has no value check.
const CHECKS: Readonly<Record<EcsFieldType, ValueCheck>> = VALUE_CHECKS;

/**
 * How a node of the field tree treats its value:
 * `group` an object of ECS fields that is not itself a field (`source`, `source.geo`);
 * `container` an object/nested field with ECS sub-fields (`log.syslog`, `threat.enrichments`);
 * `open` an object whose keys are free (`labels`, flattened fields);
 * `value` everything else.
 */
type NodeKind = 'group' | 'container' | 'open' | 'value';

const CONTAINER_TYPES: ReadonlySet<EcsFieldType> = new Set<EcsFieldType>(['object', 'nested', 'flattened']);

class FieldNode {
  kind: NodeKind = 'group';
  children: Map<string, FieldNode> | undefined;
  field: EcsField | undefined;
  check: ValueCheck = VALUE_CHECKS.object;
  /** The check of every value below an open object with an ECS `object_type` (`labels`: keyword). */
  memberCheck: ValueCheck | undefined;
  allowed: ReadonlySet<string> | undefined;
  allowedText = '';
  expected: ReadonlySet<string> | undefined;
  expectedText = '';
  pattern: RegExp | undefined;
  /** This node's bit in `Walk.present` when the field is required, else 0. */
  requiredBit = 0;
  /** The categorization fields whose values are compared after the walk. */
  role: 'category' | 'type' | undefined;

  constructor(readonly name: string) {}

  child(segment: string): FieldNode {
    this.children ??= new Map();
    let node = this.children.get(segment);
    if (node === undefined) {
      node = new FieldNode(this.name === '' ? segment : `${this.name}.${segment}`);
      this.children.set(segment, node);
    }
    return node;
  }
}

interface RequiredField {
  readonly name: string;
  readonly bit: number;
  /** Where the field goes in the nested shape, e.g. `/ecs/version`. */
  readonly path: string;
}

function buildTree(): { root: FieldNode; required: RequiredField[] } {
  const root = new FieldNode('');
  const required: RequiredField[] = [];
  const patterns = new Map<string, RegExp>();
  for (const [name, field] of Object.entries(ECS_FIELDS)) {
    let node = root;
    for (const segment of name.split('.')) node = node.child(segment);
    node.field = field;
    node.check = CHECKS[field.type];
    node.kind = field.open ? 'open' : CONTAINER_TYPES.has(field.type) ? 'container' : 'value';
    if (field.objectType !== undefined) node.memberCheck = CHECKS[field.objectType];
    if (field.allowed) {
      node.allowed = new Set(field.allowed);
      node.allowedText = field.allowed.join(', ');
    }
    if (field.expected) {
      node.expected = new Set(field.expected);
      node.expectedText = field.expected.join(', ');
    }
    if (field.pattern !== undefined) {
      let re = patterns.get(field.pattern);
      if (re === undefined) patterns.set(field.pattern, (re = new RegExp(field.pattern)));
      node.pattern = re;
    }
    if (name === 'event.category') node.role = 'category';
    if (name === 'event.type') node.role = 'type';
    if (field.required) {
      node.requiredBit = 1 << required.length;
      required.push({ name, bit: node.requiredBit, path: name.split('.').map((t) => `/${escapeToken(t)}`).join('') });
    }
  }
  return { root, required };
}

const { root: ROOT, required: REQUIRED } = buildTree();

const EXPECTED_EVENT_TYPES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(ECS_EXPECTED_EVENT_TYPES).map(([category, types]) => [category, new Set<string>(types)]),
);

interface Walk {
  readonly errors: Finding[];
  readonly warnings: Finding[];
  readonly custom: readonly string[];
  /** Bits of the required fields seen with a value. */
  present: number;
  categories: string[] | undefined;
  types: { readonly value: string; readonly path: string }[] | undefined;
}

const PREVIEW_MAX = 40;

/**
 * Elasticsearch flattens arrays nested in arrays; this cap on their depth only keeps a hostile or
 * cyclic input from exhausting the stack (objects cannot: the walk follows the finite field tree).
 */
const MAX_ARRAY_DEPTH = 32;

function tooDeep(node: FieldNode, path: string, w: Walk): void {
  w.errors.push({ code: 'attribute_wrong_type', path, message: `${node.name}: arrays nested more than ${MAX_ARRAY_DEPTH} deep` });
}

/** The JSON type of a value, with a short preview of scalars, for messages. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > PREVIEW_MAX ? `${value.slice(0, PREVIEW_MAX)}…` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function wrongType(node: FieldNode, value: unknown, path: string, w: Walk): void {
  const expected =
    node.kind === 'group'
      ? `an object holding the ${node.name}.* fields`
      : `${node.check.expected} (ECS type ${(node.field as EcsField).type})`;
  w.errors.push({ code: 'attribute_wrong_type', path, message: `${node.name}: expected ${expected}, got ${describe(value)}` });
}

function isCustom(name: string, custom: readonly string[]): boolean {
  for (const p of custom) {
    if (name === p || (name.length > p.length && name.startsWith(p) && name.charCodeAt(p.length) === 46)) return true;
  }
  return false;
}

/** True when `name` is an ancestor of a custom prefix (`acme` for `acme.audit`). */
function leadsToCustom(name: string, custom: readonly string[]): boolean {
  for (const p of custom) {
    if (p.length > name.length && p.startsWith(name) && p.charCodeAt(name.length) === 46) return true;
  }
  return false;
}

function visitMembers(obj: Record<string, unknown>, node: FieldNode, path: string, w: Walk): void {
  for (const key of Object.keys(obj)) visitMember(node, key, obj[key], path, w);
}

/** Follows `key` (one or more dotted segments) down from `parent`. */
function visitMember(parent: FieldNode, key: string, value: unknown, parentPath: string, w: Walk): void {
  let node = parent;
  let start = 0;
  for (;;) {
    const dot = key.indexOf('.', start);
    const segment = dot === -1 ? (start === 0 ? key : key.slice(start)) : key.slice(start, dot);
    const next = node.children?.get(segment);
    if (next === undefined) return visitBeyond(node, key, start, value, childPointer(parentPath, key), w);
    node = next;
    if (dot === -1) return visitNode(node, value, parentPath, key, w);
    start = dot + 1;
  }
}

/** `key` from `start` on names no child of `node`: a free key below an open object, a custom field, or unknown. */
function visitBeyond(node: FieldNode, key: string, start: number, value: unknown, path: string, w: Walk): void {
  const rest = start === 0 ? key : key.slice(start);
  const name = node.name === '' ? rest : `${node.name}.${rest}`;
  if (node.kind === 'open') return visitOpenMember(node, name, rest.includes('.'), value, path, w);
  if (isCustom(name, w.custom)) return;
  if (leadsToCustom(name, w.custom)) return visitNode(new FieldNode(name), value, path, undefined, w);
  const why =
    node.kind === 'value'
      ? `${node.name} is a value of ECS type ${(node.field as EcsField).type} and has no sub-fields`
      : 'declare custom fields with the customFieldSets option';
  w.errors.push({ code: 'attribute_unknown', path, message: `${name}: not an ECS ${ECS_VERSION} field (${why})` });
}

/**
 * Checks the value of one node. `key` undefined means `parentPath` already points at the value;
 * otherwise the pointer is built only when needed, as most values are fine.
 */
function visitNode(node: FieldNode, value: unknown, parentPath: string, key: string | undefined, w: Walk): void {
  // Elasticsearch indexes null as no value (and [] or [null] likewise), so null is never wrong.
  if (value === null || value === undefined) return;
  if (node.field?.array === true && !Array.isArray(value)) {
    w.warnings.push({
      code: 'ecs_array_expected',
      path: pointerAt(parentPath, key),
      message: `${node.name}: ECS normalizes this field to an array; wrap the single value in []`,
    });
  }
  if (node.kind === 'value') {
    if (key === undefined) visitValue(node, value, parentPath, 0, w);
    else visitValueAt(node, value, parentPath, key, w);
    return;
  }
  visitObjects(node, value, pointerAt(parentPath, key), 0, w);
}

/** An object-valued node: one object, or an array of them (Elasticsearch flattens arrays of objects). */
function visitObjects(node: FieldNode, value: unknown, path: string, depth: number, w: Walk): void {
  if (Array.isArray(value)) {
    if (depth === MAX_ARRAY_DEPTH) return tooDeep(node, path, w);
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (element !== null && element !== undefined) visitObjects(node, element, childPointer(path, i), depth + 1, w);
    }
  } else if (!isPlainObject(value)) {
    wrongType(node, value, path, w);
  } else if (node.kind !== 'open') {
    visitMembers(value, node, path, w);
  } else if (node.memberCheck !== undefined) {
    for (const key of Object.keys(value)) {
      // `{"labels": {"a.b": x}}` is `labels.a.b` to Elasticsearch, exactly as `{"labels.a.b": x}` is.
      visitOpenMember(node, `${node.name}.${key}`, key.includes('.'), value[key], childPointer(path, key), w);
    }
  }
}

/** A value below an open object: free, unless ECS gives its `object_type` (`labels` holds keywords). */
function visitOpenMember(node: FieldNode, name: string, dotted: boolean, value: unknown, path: string, w: Walk): void {
  const check = node.memberCheck;
  if (check === undefined || value === null || value === undefined) return;
  const type = (node.field as EcsField).objectType as string;
  if (dotted) {
    w.errors.push({
      code: 'attribute_wrong_type',
      path,
      message: `${name}: ${node.name} holds flat ${type} values, so its keys cannot have sub-keys`,
    });
    return;
  }
  const values: readonly unknown[] = Array.isArray(value) ? value : [value];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || check.test(v)) continue;
    w.errors.push({
      code: 'attribute_wrong_type',
      path: Array.isArray(value) ? childPointer(path, i) : path,
      message: `${name}: expected ${check.expected} (${node.name} holds ${type} values), got ${describe(v)}`,
    });
  }
}

function visitValueAt(node: FieldNode, value: unknown, parentPath: string, key: string, w: Walk): void {
  if (Array.isArray(value) && node.check.arrayIsOneValue?.(value) !== true) visitValue(node, value, childPointer(parentPath, key), 0, w);
  else checkValue(node, value, parentPath, key, w);
}

/** A value or a list of values at `path`; nested lists are flattened, as Elasticsearch does. */
function visitValue(node: FieldNode, value: unknown, path: string, depth: number, w: Walk): void {
  if (!Array.isArray(value) || node.check.arrayIsOneValue?.(value) === true) {
    checkValue(node, value, path, undefined, w);
    return;
  }
  if (depth === MAX_ARRAY_DEPTH) return tooDeep(node, path, w);
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    if (Array.isArray(element) && node.check.arrayIsOneValue?.(element) !== true) visitValue(node, element, childPointer(path, i), depth + 1, w);
    else checkValue(node, element, path, i, w);
  }
}

function pointerAt(parentPath: string, key: string | number | undefined): string {
  return key === undefined ? parentPath : childPointer(parentPath, key);
}

function checkValue(node: FieldNode, value: unknown, parentPath: string, key: string | number | undefined, w: Walk): void {
  if (value === null || value === undefined) return;
  if (!node.check.test(value)) return wrongType(node, value, pointerAt(parentPath, key), w);
  w.present |= node.requiredBit;
  if (typeof value !== 'string') return;
  if (node.allowed !== undefined && !node.allowed.has(value)) {
    w.errors.push({
      code: 'attribute_enum_value_unknown',
      path: pointerAt(parentPath, key),
      message: `${node.name}: ${describe(value)} is not an allowed value (allowed: ${node.allowedText})`,
    });
    return;
  }
  if (node.expected !== undefined && !node.expected.has(value)) {
    w.warnings.push({
      code: 'ecs_value_unexpected',
      path: pointerAt(parentPath, key),
      message: `${node.name}: ${describe(value)} is not one of the values ECS expects (${node.expectedText})`,
    });
  }
  if (node.pattern !== undefined && !node.pattern.test(value)) {
    w.warnings.push({
      code: 'ecs_pattern_mismatch',
      path: pointerAt(parentPath, key),
      message: `${node.name}: ${describe(value)} does not match the ECS pattern ${node.pattern.source}`,
    });
  }
  if (node.role === 'category') (w.categories ??= []).push(value);
  else if (node.role === 'type') (w.types ??= []).push({ value, path: pointerAt(parentPath, key) });
}

function checkRequired(w: Walk): void {
  for (const field of REQUIRED) {
    if ((w.present & field.bit) === 0) {
      w.errors.push({ code: 'attribute_required_missing', path: field.path, message: `${field.name}: required by ECS but missing` });
    }
  }
}

/** ECS `expected_event_types`: each event.type should be expected by at least one of the event.category values. */
function checkEventTypes(w: Walk): void {
  if (w.types === undefined || w.categories === undefined) return;
  const categories = w.categories;
  for (const type of w.types) {
    if (categories.some((c) => EXPECTED_EVENT_TYPES.get(c)?.has(type.value) === true)) continue;
    const expected = [...new Set(categories.flatMap((c) => [...(EXPECTED_EVENT_TYPES.get(c) ?? [])]))].join(', ');
    w.warnings.push({
      code: 'ecs_event_type_unexpected',
      path: type.path,
      message: `event.type: ${describe(type.value)} is not expected with event.category ${categories.join(', ')} (expected: ${expected})`,
    });
  }
}

/** Validates one ECS document. Never throws: whatever `doc` is, the answer is a `ValidationResult`. */
export function validateEcs(doc: unknown, options: EcsValidateOptions = {}): ValidationResult {
  const w: Walk = {
    errors: [],
    warnings: [],
    custom: options.customFieldSets ?? [],
    present: 0,
    categories: undefined,
    types: undefined,
  };
  if (!isPlainObject(doc)) {
    w.errors.push({ code: 'attribute_wrong_type', path: '', message: `document: expected an ECS document (a JSON object), got ${describe(doc)}` });
  } else {
    visitMembers(doc, ROOT, '', w);
    checkRequired(w);
    checkEventTypes(w);
  }
  return { valid: w.errors.length === 0, errors: w.errors, warnings: w.warnings };
}
