/**
 * ECS field names compiled once, at module load, into what reading and writing them needs.
 *
 * `toEcs` writes the nested shape (`{"source": {"ip": x}}`). Documents from elsewhere may write the
 * same field dotted (`{"source.ip": x}`) or half-way (`{"source": {"geo.city_name": y}}`), which
 * Elasticsearch reads as the same field (docs/ecs.md), so `readField` accepts every split. The
 * dotted keys it may try are joined here, not per call, and the nested key is tried first: on a
 * document `toEcs` wrote, each read is one property lookup per level.
 */
import { isPlainObject } from '../../validate/ecs-values.js';

export type Doc = Record<string, unknown>;

export interface Field {
  /** The dotted ECS name, e.g. `source.geo.city_name`. */
  readonly name: string;
  /** Where the field sits in the nested shape, as a JSON Pointer (`/source/geo/city_name`): the path of a `MappingError`. */
  readonly pointer: string;
  readonly segments: readonly string[];
  /** `keys[i][k]`: segments `i` to `i + k` joined by dots, the keys that can hold the rest of the name from segment `i` on. */
  readonly keys: readonly (readonly string[])[];
}

export function field(name: string): Field {
  const segments = name.split('.');
  const keys = segments.map((_, i) => segments.slice(i).map((__, k) => segments.slice(i, i + k + 1).join('.')));
  return { name, pointer: `/${segments.join('/')}`, segments, keys };
}

function readFrom(obj: Doc, f: Field, i: number): unknown {
  const keys = f.keys[i] as readonly string[];
  const last = keys.length - 1;
  for (let k = 0; k <= last; k++) {
    const value = obj[keys[k] as string];
    if (value === undefined) continue;
    if (k === last) return value;
    if (isPlainObject(value)) {
      const found = readFrom(value, f, i + k + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The value of a field in a document written nested, dotted or mixed; `undefined` when absent. */
export function readField(doc: Doc, f: Field): unknown {
  return readFrom(doc, f, 0);
}

/** Writes a field in the nested shape, creating the objects above it. Names are ECS's, never `__proto__`. */
export function writeField(doc: Doc, f: Field, value: unknown): void {
  let obj = doc;
  const last = f.segments.length - 1;
  for (let i = 0; i < last; i++) {
    const segment = f.segments[i] as string;
    let next = obj[segment] as Doc | undefined;
    if (next === undefined) obj[segment] = next = {};
    obj = next;
  }
  obj[f.segments[last] as string] = value;
}

/**
 * Sets an own data property whatever the key: `obj[key] = v` with the key `__proto__` would set the
 * prototype instead, and label keys and payload members are free strings.
 */
export function setOwn(obj: Doc, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** A string, or the one string of a one-element array (ECS lets every field hold an array). */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return undefined;
}
