/**
 * Elasticsearch mappings for a format's documents, from the format's schema (not from samples, so
 * no optional field is missed or typed by the first value seen):
 *
 * - ECS: the 9.4 field definitions, each field with its own Elasticsearch type (`keyword` with
 *   `ignore_above: 1024` as Elastic's own ECS templates write it, `scaled_float` with its factor).
 * - OCSF: the 1.1.0 attributes of the classes the event types map to, objects expanded
 *   `OCSF_DEPTH` levels (OCSF objects nest without end: `process.parent_process.parent_process…`);
 *   `ip_t` -> `ip`, `timestamp_t` -> `date` (`epoch_millis`), `datetime_t` -> `date`, integers
 *   and floats by their base type, `json_t` -> an object kept in `_source` but not indexed (it may
 *   hold any JSON value), other scalars -> `keyword`.
 * - canonical: the TypeBox schema (`date-time` -> `date`, integer -> `long`, number -> `double`).
 *
 * Open objects (`siemkit`, OCSF `unmapped`, `payload`, `labels`) and objects below the expansion
 * depth are `dynamic`: Elasticsearch maps their members as they arrive, strings as `keyword` (the
 * dynamic template) and never as dates (`date_detection: false`, so a string that happens to look
 * like a date does not make the next, different one fail).
 */
import type { EcsField } from '../../../generated/ecs/9.4.0/index.js';
import { ECS_FIELDS } from '../../../generated/ecs/9.4.0/index.js';
import { CanonicalEventSchema } from '../../../schemas/canonical/event.js';
import type { OcsfAttribute } from '../../ocsf/schema.js';
import { findOcsfClass, ocsfSchema } from '../../ocsf/schema.js';
import { ocsfClassesFor } from '../fields/index.js';
import type { SampleFormat } from '../records.js';

/** One mapping property (the members siemkit writes). */
export interface EsProperty {
  readonly type?: string;
  readonly format?: string;
  readonly ignore_above?: number;
  readonly scaling_factor?: number;
  readonly dynamic?: boolean;
  readonly enabled?: boolean;
  readonly properties?: Record<string, EsProperty>;
}

export interface EsMappings {
  readonly dynamic: boolean;
  readonly date_detection: boolean;
  readonly dynamic_templates: readonly Record<string, unknown>[];
  readonly properties: Record<string, EsProperty>;
}

/** Object levels below the top that OCSF maps explicitly: 3 reaches every attribute the mapper writes (`evidences.src_endpoint.location.city`) at about 2,900 fields; 4 would be 5,000. */
export const OCSF_DEPTH = 3;
const KEYWORD: EsProperty = { type: 'keyword', ignore_above: 1024 };
const DYNAMIC: EsProperty = { type: 'object', dynamic: true };
/** Any JSON value, kept in `_source`, not indexed. */
const OPAQUE: EsProperty = { type: 'object', enabled: false };

// ---- ECS ------------------------------------------------------------------------------------------

function ecsProperty(f: EcsField): EsProperty {
  switch (f.type) {
    case 'keyword':
      return KEYWORD;
    case 'scaled_float':
      return { type: 'scaled_float', scaling_factor: f.scalingFactor ?? 1000 };
    case 'object':
      return f.open ? DYNAMIC : { type: 'object' };
    default:
      return { type: f.type };
  }
}

function ecsProperties(): Record<string, EsProperty> {
  const root: Record<string, EsProperty> = {};
  for (const [name, field] of Object.entries(ECS_FIELDS)) {
    const parts = name.split('.');
    let level = root;
    for (const part of parts.slice(0, -1)) {
      const at: EsProperty = level[part] ?? {};
      const properties = at.properties ?? {};
      level[part] = { ...at, properties };
      level = properties;
    }
    const last = parts[parts.length - 1] as string;
    // An object field whose sub-fields came first keeps them.
    level[last] = { ...ecsProperty(field), ...(level[last]?.properties !== undefined ? { properties: level[last].properties } : {}) };
  }
  return { ...root, siemkit: DYNAMIC };
}

// ---- OCSF -----------------------------------------------------------------------------------------

function ocsfScalar(type: string): EsProperty {
  if (type === 'ip_t') return { type: 'ip' };
  if (type === 'timestamp_t') return { type: 'date', format: 'epoch_millis' };
  if (type === 'datetime_t') return { type: 'date' };
  const base = ocsfSchema().types[type]?.base ?? type;
  switch (base) {
    case 'boolean_t':
      return { type: 'boolean' };
    case 'integer_t':
      return { type: 'integer' };
    case 'long_t':
      return { type: 'long' };
    case 'float_t':
      return { type: 'double' };
    case 'json_t':
      return OPAQUE;
    default:
      return KEYWORD;
  }
}

function ocsfProperty(a: OcsfAttribute, depth: number): EsProperty {
  if (a.type !== 'object_t') return ocsfScalar(a.type);
  const attrs = ocsfSchema().objects[a.object_type as string]?.attributes ?? {};
  // `object` (under `unmapped`) has no attributes: any member; deeper levels are mapped as they come.
  if (Object.keys(attrs).length === 0 || depth <= 0) return DYNAMIC;
  return { properties: ocsfAttributes(attrs, depth - 1) };
}

function ocsfAttributes(attrs: Readonly<Record<string, OcsfAttribute>>, depth: number): Record<string, EsProperty> {
  return Object.fromEntries(Object.entries(attrs).map(([k, a]) => [k, ocsfProperty(a, depth)]));
}

function ocsfProperties(actions: readonly string[] | undefined): Record<string, EsProperty> {
  const out: Record<string, EsProperty> = {};
  for (const name of ocsfClassesFor(actions)) {
    const c = findOcsfClass(name);
    if (c === undefined) throw new Error(`OCSF class "${name}" is not in the compiled schema`);
    // Classes share their base attributes; the first class's mapping of a name stands.
    for (const [k, p] of Object.entries(ocsfAttributes(c.attributes, OCSF_DEPTH))) out[k] ??= p;
  }
  return out;
}

// ---- canonical ------------------------------------------------------------------------------------

interface JsonSchema {
  readonly type?: string;
  readonly format?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: unknown;
}

function canonicalProperty(s: JsonSchema): EsProperty {
  if (s.enum !== undefined) return s.enum.every((v) => typeof v === 'string') ? KEYWORD : OPAQUE;
  if (s.type === 'string' && s.anyOf?.every((b) => b.format === 'ipv4' || b.format === 'ipv6') === true) return { type: 'ip' };
  if (s.anyOf !== undefined) return s.anyOf.every((b) => b.type === 'string' || typeof b.const === 'string') ? KEYWORD : OPAQUE;
  switch (s.type) {
    case 'string':
      return s.format === 'date-time' ? { type: 'date' } : KEYWORD;
    case 'integer':
      return { type: 'long' };
    case 'number':
      return { type: 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return s.items !== undefined ? canonicalProperty(s.items) : OPAQUE;
    case 'object': {
      const properties = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, canonicalProperty(v)]));
      return s.additionalProperties === false ? { properties } : { type: 'object', dynamic: true, ...(Object.keys(properties).length > 0 ? { properties } : {}) };
    }
    default:
      return OPAQUE;
  }
}

// ---------------------------------------------------------------------------------------------------

/** The mappings of a format's documents in a data stream (`@timestamp` first: the destination adds it where the format has none). */
export function esMappings(format: SampleFormat, actions?: readonly string[]): EsMappings {
  const own = format === 'ecs' ? ecsProperties() : format === 'ocsf' ? ocsfProperties(actions) : (canonicalProperty(CanonicalEventSchema as unknown as JsonSchema).properties ?? {});
  return {
    dynamic: true,
    date_detection: false,
    dynamic_templates: [{ strings_as_keyword: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 1024 } } }],
    properties: { '@timestamp': { type: 'date' }, ...own },
  };
}

/** Fields the mappings define (objects included), as `index.mapping.total_fields.limit` counts them. */
export function countFields(properties: Readonly<Record<string, EsProperty>>): number {
  let n = 0;
  for (const p of Object.values(properties)) n += 1 + (p.properties !== undefined ? countFields(p.properties) : 0);
  return n;
}
