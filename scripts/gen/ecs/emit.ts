/**
 * Stage 3 of the ECS generator: print the resolved model as TypeScript modules under
 * `generated/ecs/<version>/`. Output is a pure function of the model: no dates, no machine paths.
 */
import type { GeneratedFile } from '../output.js';
import { tsBanner } from '../output.js';
import { ECS_FLAT_FILE } from './load.js';
import type { CategorizationField, EcsModel, EcsResolvedField } from './resolve.js';
import { CATEGORIZATION_FIELDS } from './resolve.js';

export const GENERATOR_SCRIPT = 'scripts/gen/ecs';

export interface EmitOptions {
  readonly version: string;
}

/** A TypeScript string literal (JSON's escaping is valid TypeScript). */
const str = (s: string): string => JSON.stringify(s);
const strList = (values: readonly string[]): string => `[${values.map(str).join(', ')}]`;

/** `event.category` -> `ECS_EVENT_CATEGORY`, the constant holding its allowed values. */
export function constName(field: string): string {
  return `ECS_${field.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** `event.category` -> `EcsEventCategory`, the union of its allowed values. */
export function typeName(field: string): string {
  return `Ecs${field
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

const isCategorization = (name: string): name is CategorizationField => (CATEGORIZATION_FIELDS as readonly string[]).includes(name);

/** One entry of `ECS_FIELDS`: only the facts that hold, in a fixed member order. */
export function fieldEntry(field: EcsResolvedField): string {
  const parts = [`type: ${str(field.type)}`];
  if (field.array) parts.push('array: true');
  if (field.required) parts.push('required: true');
  if (field.allowed) parts.push(`allowed: ${isCategorization(field.name) ? constName(field.name) : strList(field.allowed)}`);
  if (field.expected) parts.push(`expected: ${strList(field.expected)}`);
  if (field.pattern !== undefined) parts.push(`pattern: ${str(field.pattern)}`);
  if (field.scalingFactor !== undefined) parts.push(`scalingFactor: ${field.scalingFactor}`);
  if (field.objectType !== undefined) parts.push(`objectType: ${str(field.objectType)}`);
  if (field.open) parts.push('open: true');
  return `  ${str(field.name)}: { ${parts.join(', ')} },`;
}

function emitVersion(banner: string, version: string): string {
  return `${banner}
/** The ECS version the tables in this folder were generated from. */
export const ECS_VERSION = ${str(version)};
`;
}

function emitCategorization(banner: string, model: EcsModel): string {
  const lists = CATEGORIZATION_FIELDS.map(
    (field) => `/** Allowed values of \`${field}\`. */
export const ${constName(field)} = ${strList(model.categorization[field])} as const;
export type ${typeName(field)} = (typeof ${constName(field)})[number];
`,
  );
  const expected = Object.entries(model.expectedEventTypes).map(([category, types]) => `  ${str(category)}: ${strList(types)},`);
  return `${banner}
${lists.join('\n')}
/** \`event.category\` value -> the \`event.type\` values ECS expects with it (\`expected_event_types\`). */
export const ECS_EXPECTED_EVENT_TYPES: Readonly<Record<${typeName('event.category')}, readonly ${typeName('event.type')}[]>> = {
${expected.join('\n')}
};
`;
}

function emitFields(banner: string, model: EcsModel): string {
  return `${banner}
import { ${CATEGORIZATION_FIELDS.map(constName).join(', ')} } from './categorization.js';

/** An Elasticsearch field type that ECS uses. */
export type EcsFieldType = ${model.types.map(str).join(' | ')};

/** Every field type in use, sorted. */
export const ECS_FIELD_TYPES: readonly EcsFieldType[] = ${strList(model.types)};

/** The facts of one ECS field; a member is present only when it holds. */
export interface EcsField {
  readonly type: EcsFieldType;
  /** \`normalize: [array]\`: the value should be an array even when it holds one element. */
  readonly array?: true;
  readonly required?: true;
  /** \`allowed_values\`: any other value is not ECS. */
  readonly allowed?: readonly string[];
  /** \`expected_values\`: the values ECS expects; others are legal but suspect. */
  readonly expected?: readonly string[];
  /** \`pattern\`: the regular expression ECS expects string values to match. */
  readonly pattern?: string;
  readonly scalingFactor?: number;
  /** \`object_type\`: the type of every value below an open object. */
  readonly objectType?: EcsFieldType;
  /** Arbitrary sub-keys are allowed below this field (flattened, or an object/nested field without ECS sub-fields). */
  readonly open?: true;
}

/** Every ECS field by flat (dotted) name. Multi-fields such as \`host.name.text\` are index-only and not listed. */
export const ECS_FIELDS: Readonly<Record<string, EcsField>> = {
${model.fields.map(fieldEntry).join('\n')}
};
`;
}

function emitIndex(banner: string): string {
  return `${banner}
export * from './categorization.js';
export * from './fields.js';
export * from './version.js';
`;
}

export function emitEcs(model: EcsModel, options: EmitOptions): GeneratedFile[] {
  const dir = `generated/ecs/${options.version}`;
  const banner = tsBanner(GENERATOR_SCRIPT, `ECS ${options.version} ${ECS_FLAT_FILE}`);
  return [
    { path: `${dir}/categorization.ts`, content: emitCategorization(banner, model) },
    { path: `${dir}/fields.ts`, content: emitFields(banner, model) },
    { path: `${dir}/index.ts`, content: emitIndex(banner) },
    { path: `${dir}/version.ts`, content: emitVersion(banner, options.version) },
  ];
}
