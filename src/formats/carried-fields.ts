/**
 * How a key=value format (CEF, LEEF) carries a canonical event without loss. Each canonical field
 * that one of the format's own keys can hold exactly goes to that key, where a SIEM reads it; what
 * is left (payload, labels, geo, a value too long for its key, a timestamp that epoch milliseconds
 * would round...) is kept as one JSON object, the "rest", in a key of the format's own. The parser
 * puts the keys back at their paths and the rest over them, so `parse(encode(e))` is `e`.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';

/** Top-level fields, or fields of the `actor`, `resource` and `source` objects. */
export type FieldPath = readonly [string] | readonly ['actor' | 'resource' | 'source', string];

export interface CarriedField {
  readonly key: string;
  readonly path: FieldPath;
  /** `port` values are integers written in decimal. */
  readonly kind: 'string' | 'port';
  /** Whether the key can hold this value exactly (type, length). Default: yes. */
  readonly fits?: (value: string) => boolean;
  /** Only for events whose category passes (the resource keys of file events). */
  readonly categories?: ReadonlySet<string>;
}

type Obj = Record<string, unknown>;

export interface SplitEvent {
  readonly carried: [key: string, value: string][];
  /** What no key holds, or undefined when nothing is left. */
  readonly rest: Obj | undefined;
}

/**
 * Splits `event` into the values its keys carry and the rest. `handled` names top-level fields the
 * format carries itself (the timestamp, the severity), left out of the rest.
 */
export function splitEvent(event: CanonicalEvent, fields: readonly CarriedField[], handled: readonly string[]): SplitEvent {
  const source = event as unknown as Obj;
  const carried: [string, string][] = [];
  // What the keys took, per object; the rest is built from what is left, never by deleting (a
  // deleted member turns an object into a slow dictionary for JSON.stringify).
  const takenTop = new Set<string>(handled);
  const takenIn: Record<string, Set<string> | undefined> = { actor: undefined, resource: undefined, source: undefined };
  for (const field of fields) {
    if (field.categories !== undefined && !field.categories.has(event.category)) continue;
    const [head, leaf] = field.path;
    const value = leaf === undefined ? source[head] : (source[head] as Obj | undefined)?.[leaf];
    if (value === undefined) continue;
    const text = field.kind === 'port' ? String(value) : (value as string);
    if (field.fits !== undefined && !field.fits(text)) continue;
    carried.push([field.key, text]);
    if (leaf === undefined) takenTop.add(head);
    else (takenIn[head] ??= new Set()).add(leaf);
  }
  let rest: Obj | undefined;
  for (const key of Object.keys(source)) {
    if (takenTop.has(key)) continue;
    let value = source[key];
    const taken = takenIn[key];
    if (taken !== undefined) {
      let group: Obj | undefined;
      for (const inner of Object.keys(value as Obj)) {
        if (taken.has(inner)) continue;
        (group ??= {})[inner] = (value as Obj)[inner];
      }
      if (group === undefined) continue;
      value = group;
    }
    (rest ??= {})[key] = value;
  }
  return { carried, rest };
}

const PORT = /^(?:0|[1-9]\d{0,4})$/;

/**
 * The event the carried values and the rest describe, before validation. Returns a reason string
 * when a value cannot be put back (a port that is not a number, a field carried twice).
 */
export function joinEvent(values: ReadonlyMap<string, string>, fields: readonly CarriedField[], rest: Obj | undefined): Obj | string {
  const event: Obj = {};
  const category = values.get(fields.find((f) => f.path[0] === 'category' && f.path.length === 1)?.key ?? '') ?? (rest?.category as string | undefined);
  for (const field of fields) {
    const text = values.get(field.key);
    if (text === undefined) continue;
    if (field.categories !== undefined && (category === undefined || !field.categories.has(category))) return `key ${field.key} is not used for events of category ${category ?? '(none)'}`;
    let value: unknown = text;
    if (field.kind === 'port') {
      if (!PORT.test(text)) return `key ${field.key} holds "${text.slice(0, 20)}", not a port number`;
      value = Number(text);
    }
    const [head, leaf] = field.path;
    if (leaf === undefined) event[head] = value;
    else ((event[head] as Obj | undefined) ?? (event[head] = {}) as Obj)[leaf] = value;
  }
  if (rest !== undefined) {
    for (const [k, v] of Object.entries(rest)) {
      const mine = event[k];
      if (mine === undefined) {
        event[k] = v;
        continue;
      }
      const groupable = typeof mine === 'object' && typeof v === 'object' && v !== null && !Array.isArray(v);
      if (!groupable) return `field ${k} is carried twice (in a key and in the rest)`;
      for (const inner of Object.keys(v as Obj)) if (inner in (mine as Obj)) return `field ${k}.${inner} is carried twice (in a key and in the rest)`;
      event[k] = { ...(mine as Obj), ...(v as Obj) };
    }
  }
  return event;
}
