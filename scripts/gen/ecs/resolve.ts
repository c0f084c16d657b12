/**
 * Stage 2 of the ECS generator: turn the fields read from `ecs_flat.yml` into the model that
 * `emit.ts` prints, deriving what validation needs and checking the cross-references the
 * validator relies on, so that a broken upstream file fails here and not at run time.
 */
import type { EcsSourceField } from './load.js';

/** The four ECS categorization fields (ECS reference, "ECS Categorization Fields"), in ECS's order. */
export const CATEGORIZATION_FIELDS = ['event.kind', 'event.category', 'event.type', 'event.outcome'] as const;
export type CategorizationField = (typeof CATEGORIZATION_FIELDS)[number];

/** Field types that hold an object rather than a value. */
const CONTAINER_TYPES: ReadonlySet<string> = new Set(['object', 'nested', 'flattened']);

export interface EcsResolvedField {
  readonly name: string;
  readonly type: string;
  /** ECS `normalize: [array]`: the value should be an array even when it holds one element. */
  readonly array: boolean;
  readonly required: boolean;
  readonly allowed?: readonly string[];
  readonly expected?: readonly string[];
  readonly pattern?: string;
  readonly scalingFactor?: number;
  readonly objectType?: string;
  /**
   * Arbitrary sub-keys are allowed below this field: a `flattened` field (one opaque value in
   * Elasticsearch), or an `object`/`nested` field for which ECS defines no sub-fields.
   */
  readonly open: boolean;
}

export interface EcsModel {
  /** Sorted by name (UTF-16 code units, as `generated/` is compared byte for byte). */
  readonly fields: readonly EcsResolvedField[];
  /** Every field type in use, sorted. */
  readonly types: readonly string[];
  /** Allowed values of each categorization field, in ECS's order. */
  readonly categorization: Readonly<Record<CategorizationField, readonly string[]>>;
  /** `event.category` value -> the `event.type` values ECS expects with it; keys sorted. */
  readonly expectedEventTypes: Readonly<Record<string, readonly string[]>>;
}

export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every proper dotted prefix of every name: `a.b.c` contributes `a` and `a.b`. */
function parentNames(names: readonly string[]): Set<string> {
  const parents = new Set<string>();
  for (const name of names) {
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) parents.add(name.slice(0, dot));
  }
  return parents;
}

function resolveField(source: EcsSourceField, hasChildren: boolean): EcsResolvedField {
  if (source.pattern !== undefined) {
    try {
      new RegExp(source.pattern);
    } catch (err) {
      throw new Error(`ECS field '${source.name}': pattern ${JSON.stringify(source.pattern)} is not a valid JavaScript regular expression: ${String(err)}`);
    }
  }
  if (hasChildren && !CONTAINER_TYPES.has(source.type)) {
    // Elasticsearch cannot map sub-fields below a value, so the validator's field tree assumes none.
    throw new Error(`ECS field '${source.name}' is a ${source.type} value but other fields are defined below it`);
  }
  const open = source.type === 'flattened' || (CONTAINER_TYPES.has(source.type) && !hasChildren);
  if (source.objectType !== undefined && !open) {
    throw new Error(`ECS field '${source.name}': object_type is set but the field is not an open object`);
  }
  return {
    name: source.name,
    type: source.type,
    array: source.normalize.includes('array'),
    required: source.required,
    ...(source.allowedValues && { allowed: source.allowedValues.map((v) => v.name) }),
    ...(source.expectedValues && { expected: source.expectedValues }),
    ...(source.pattern !== undefined && { pattern: source.pattern }),
    ...(source.scalingFactor !== undefined && { scalingFactor: source.scalingFactor }),
    ...(source.objectType !== undefined && { objectType: source.objectType }),
    open,
  };
}

function resolveCategorization(byName: ReadonlyMap<string, EcsSourceField>): Pick<EcsModel, 'categorization' | 'expectedEventTypes'> {
  const allowed = (name: CategorizationField): readonly string[] => {
    const values = byName.get(name)?.allowedValues;
    if (values === undefined || values.length === 0) throw new Error(`ECS field '${name}' is missing or has no allowed_values`);
    return values.map((v) => v.name);
  };
  const categorization = {
    'event.kind': allowed('event.kind'),
    'event.category': allowed('event.category'),
    'event.type': allowed('event.type'),
    'event.outcome': allowed('event.outcome'),
  };
  // ECS attaches expected_event_types to event.category's allowed values only; the validator
  // reads it that way, so anything else is a schema change that must be looked at.
  for (const [name, field] of byName) {
    if (name !== 'event.category' && field.allowedValues?.some((v) => v.expectedEventTypes !== undefined)) {
      throw new Error(`ECS field '${name}': expected_event_types is only understood on event.category`);
    }
  }
  const types = new Set(categorization['event.type']);
  const expectedEventTypes: Record<string, readonly string[]> = {};
  const categories = [...(byName.get('event.category')?.allowedValues ?? [])].sort((a, b) => byCodeUnits(a.name, b.name));
  for (const category of categories) {
    const expected = category.expectedEventTypes ?? [];
    const unknown = expected.filter((t) => !types.has(t));
    if (unknown.length > 0) {
      throw new Error(`ECS event.category '${category.name}': expected_event_types ${unknown.join(', ')} are not allowed values of event.type`);
    }
    expectedEventTypes[category.name] = expected;
  }
  return { categorization, expectedEventTypes };
}

export function resolveEcs(sources: readonly EcsSourceField[]): EcsModel {
  const byName = new Map<string, EcsSourceField>();
  for (const source of sources) {
    if (byName.has(source.name)) throw new Error(`ECS field '${source.name}' is defined twice`);
    byName.set(source.name, source);
  }
  const names = [...byName.keys()].sort(byCodeUnits);
  const parents = parentNames(names);
  const fields = names.map((name) => resolveField(byName.get(name) as EcsSourceField, parents.has(name)));
  const types = [...new Set(fields.map((f) => f.type))].sort(byCodeUnits);
  for (const f of fields) {
    if (f.objectType !== undefined && !types.includes(f.objectType)) {
      throw new Error(`ECS field '${f.name}': object_type '${f.objectType}' is not a field type ECS uses`);
    }
  }
  return { fields, types, ...resolveCategorization(byName) };
}
