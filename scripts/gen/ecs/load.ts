/**
 * Stage 1 of the ECS generator: read `ecs_flat.yml` and keep only the facts validation needs.
 *
 * `ecs_flat.yml` is ECS's own flattened build artefact (one entry per dotted field name, field
 * reuse already expanded), so no field-set composition is needed here. Descriptions, examples and
 * other prose are dropped at this first stage so that nothing later can leak them into `generated/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const ECS_FLAT_FILE = 'ecs_flat.yml';

/** One allowed value of a field, with the `event.type` values ECS expects next to it (event.category only). */
export interface EcsSourceAllowedValue {
  readonly name: string;
  readonly expectedEventTypes?: readonly string[];
}

/** One entry of `ecs_flat.yml`, reduced to its machine-checkable facts. */
export interface EcsSourceField {
  readonly name: string;
  readonly type: string;
  readonly normalize: readonly string[];
  readonly required: boolean;
  readonly allowedValues?: readonly EcsSourceAllowedValue[];
  readonly expectedValues?: readonly string[];
  readonly pattern?: string;
  readonly scalingFactor?: number;
  readonly objectType?: string;
}

/** Reads `ecs_flat.yml` from a folder, failing with a message that says how to point elsewhere. */
export function readEcsFlat(dir: string): string {
  const file = path.join(dir, ECS_FLAT_FILE);
  if (!existsSync(file)) {
    throw new Error(
      `ECS schema not found: ${file} does not exist. Pass the folder holding ${ECS_FLAT_FILE} with --ecs-dir DIR (npm run gen -- --ecs-dir DIR).`,
    );
  }
  return readFileSync(file, 'utf8');
}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(name: string, reason: string): never {
  throw new Error(`${ECS_FLAT_FILE}: field '${name}': ${reason}`);
}

function stringList(name: string, key: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(name, `'${key}' must be a list of strings`);
  return value as string[];
}

function optionalString(name: string, key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(name, `'${key}' must be a string`);
  return value;
}

function allowedValues(name: string, value: unknown): EcsSourceAllowedValue[] {
  if (!Array.isArray(value)) fail(name, `'allowed_values' must be a list`);
  return value.map((entry: unknown) => {
    if (!isRecord(entry) || typeof entry.name !== 'string') fail(name, `every 'allowed_values' entry needs a string 'name'`);
    const expected = entry.expected_event_types;
    return expected === undefined
      ? { name: entry.name }
      : { name: entry.name, expectedEventTypes: stringList(name, 'expected_event_types', expected) };
  });
}

function field(name: string, raw: unknown): EcsSourceField {
  if (!isRecord(raw)) fail(name, 'entry must be a mapping');
  if (raw.flat_name !== name) fail(name, `'flat_name' (${String(raw.flat_name)}) differs from the key`);
  if (typeof raw.type !== 'string' || raw.type === '') fail(name, `'type' must be a non-empty string`);
  if (raw.required !== undefined && typeof raw.required !== 'boolean') fail(name, `'required' must be a boolean`);
  if (raw.scaling_factor !== undefined && typeof raw.scaling_factor !== 'number') fail(name, `'scaling_factor' must be a number`);
  const out: {
    -readonly [K in keyof EcsSourceField]: EcsSourceField[K];
  } = {
    name,
    type: raw.type,
    normalize: raw.normalize === undefined ? [] : stringList(name, 'normalize', raw.normalize),
    required: raw.required === true,
  };
  if (raw.allowed_values !== undefined) out.allowedValues = allowedValues(name, raw.allowed_values);
  if (raw.expected_values !== undefined) out.expectedValues = stringList(name, 'expected_values', raw.expected_values);
  const pattern = optionalString(name, 'pattern', raw.pattern);
  if (pattern !== undefined) out.pattern = pattern;
  if (typeof raw.scaling_factor === 'number') out.scalingFactor = raw.scaling_factor;
  const objectType = optionalString(name, 'object_type', raw.object_type);
  if (objectType !== undefined) out.objectType = objectType;
  return out;
}

/**
 * Parses the text of `ecs_flat.yml` into its fields, in file order. `multi_fields` (such as
 * `host.name.text`) are alternative indexings of one document value, not document fields, so
 * they are not read.
 */
export function parseEcsFlat(text: string): EcsSourceField[] {
  const doc: unknown = parse(text);
  if (!isRecord(doc)) throw new Error(`${ECS_FLAT_FILE}: expected a mapping of flat field names to field definitions`);
  return Object.entries(doc).map(([name, raw]) => field(name, raw));
}
