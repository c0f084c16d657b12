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
 * A field table made ready for the hot paths, once per table: bit `i` of a `taken` mask stands for
 * `fields[i]`, and the lookups say which bits carry a top-level field or a member of one, so that
 * what is left for the rest is found without a Set per event.
 */
export interface FieldTable {
  readonly fields: readonly CarriedField[];
  /** The fields again, all of one shape (the tables' own objects have several: a hot loop over them would be megamorphic). */
  readonly slots: readonly FieldSlot[];
  /** What the fields carry of each top-level field they touch. */
  readonly top: ReadonlyMap<string, TopField>;
  /** The field that carries the category, which decides the category-bound keys (joinEvent); -1 when none does. */
  readonly categoryIndex: number;
}

export interface TopField {
  /** Bits of the fields carrying it whole. */
  readonly whole: number;
  /** Bits of the fields carrying one of its members. */
  readonly anyMember: number;
  /** Member -> bits of the fields carrying it. */
  readonly members: ReadonlyMap<string, number>;
}

export interface FieldSlot {
  readonly key: string;
  readonly head: string;
  /** The member of `head`, or undefined for a top-level field. */
  readonly leaf: string | undefined;
  readonly port: boolean;
  readonly fits: ((value: string) => boolean) | undefined;
  readonly categories: ReadonlySet<string> | undefined;
}

const TABLES = new WeakMap<readonly CarriedField[], FieldTable>();

/** The table for `fields`, built on first use. At most 31 fields (the bits of one mask). */
export function fieldTable(fields: readonly CarriedField[]): FieldTable {
  let table = TABLES.get(fields);
  if (table !== undefined) return table;
  if (fields.length > 31) throw new RangeError(`a field table holds at most 31 fields, not ${fields.length}`);
  const top = new Map<string, { whole: number; anyMember: number; members: Map<string, number> }>();
  fields.forEach((field, i) => {
    const [head, leaf] = field.path;
    let entry = top.get(head);
    if (entry === undefined) top.set(head, (entry = { whole: 0, anyMember: 0, members: new Map() }));
    if (leaf === undefined) entry.whole |= 1 << i;
    else {
      entry.anyMember |= 1 << i;
      entry.members.set(leaf, (entry.members.get(leaf) ?? 0) | (1 << i));
    }
  });
  const categoryIndex = fields.findIndex((f) => f.path[0] === 'category' && f.path.length === 1);
  const slots = fields.map((f): FieldSlot => ({ key: f.key, head: f.path[0], leaf: f.path[1], port: f.kind === 'port', fits: f.fits, categories: f.categories }));
  table = { fields, slots, top, categoryIndex };
  TABLES.set(fields, table);
  return table;
}

/** The text `field`'s key carries for `event`, or undefined when the key takes nothing (absent, wrong category, does not fit). */
export function carriedText(event: CanonicalEvent, field: FieldSlot): string | undefined {
  const source = event as unknown as Obj;
  if (field.categories !== undefined && !field.categories.has(event.category)) return undefined;
  const value = field.leaf === undefined ? source[field.head] : (source[field.head] as Obj | undefined)?.[field.leaf];
  if (value === undefined) return undefined;
  const text = field.port ? String(value) : (value as string);
  return field.fits === undefined || field.fits(text) ? text : undefined;
}

/**
 * What is left of `event` when the fields in `taken` (a mask over `table.fields`) and the top-level
 * fields in `handled` are carried elsewhere; undefined when nothing is. Built from what is left,
 * never by deleting (a deleted member turns an object into a slow dictionary for JSON.stringify),
 * in the event's own member order.
 */
export function restOf(event: CanonicalEvent, table: FieldTable, taken: number, handled: readonly string[]): Obj | undefined {
  const source = event as unknown as Obj;
  let rest: Obj | undefined;
  for (const key of Object.keys(source)) {
    if (handled.includes(key)) continue;
    let value = source[key];
    const carriedOf = table.top.get(key);
    if (carriedOf !== undefined) {
      if ((carriedOf.whole & taken) !== 0) continue;
      if ((carriedOf.anyMember & taken) !== 0) {
        let group: Obj | undefined;
        for (const member of Object.keys(value as Obj)) {
          const bits = carriedOf.members.get(member);
          if (bits !== undefined && (bits & taken) !== 0) continue;
          (group ??= {})[member] = (value as Obj)[member];
        }
        if (group === undefined) continue;
        value = group;
      }
    }
    (rest ??= {})[key] = value;
  }
  return rest;
}

/**
 * Splits `event` into the values its keys carry and the rest. `handled` names top-level fields the
 * format carries itself (the timestamp, the severity), left out of the rest.
 */
export function splitEvent(event: CanonicalEvent, fields: readonly CarriedField[], handled: readonly string[]): SplitEvent {
  const table = fieldTable(fields);
  const carried: [string, string][] = [];
  let taken = 0;
  for (let i = 0; i < table.slots.length; i++) {
    const field = table.slots[i] as FieldSlot;
    const text = carriedText(event, field);
    if (text === undefined) continue;
    carried.push([field.key, text]);
    taken |= 1 << i;
  }
  return { carried, rest: restOf(event, table, taken, handled) };
}

const PORT = /^(?:0|[1-9]\d{0,4})$/;

/**
 * The event the carried values and the rest describe, before validation. Returns a reason string
 * when a value cannot be put back (a port that is not a number, a field carried twice). `values`
 * may hold other keys too (labels, the event time): only the table's keys are read.
 */
export function joinEvent(values: ReadonlyMap<string, string>, fields: readonly CarriedField[], rest: Obj | undefined): Obj | string {
  return joinTexts(
    fields.map((f) => values.get(f.key)),
    fields,
    rest,
  );
}

/** `joinEvent` with the values given per field (`texts[i]` is what `fields[i]`'s key holds), as a parser collects them. */
export function joinTexts(texts: readonly (string | undefined)[], fields: readonly CarriedField[], rest: Obj | undefined): Obj | string {
  const { categoryIndex, slots } = fieldTable(fields);
  const event: Obj = {};
  const category = (categoryIndex !== -1 ? texts[categoryIndex] : undefined) ?? (rest?.category as string | undefined);
  for (let i = 0; i < slots.length; i++) {
    const text = texts[i];
    if (text === undefined) continue;
    const field = slots[i] as FieldSlot;
    if (field.categories !== undefined && (category === undefined || !field.categories.has(category))) return `key ${field.key} is not used for events of category ${category ?? '(none)'}`;
    let value: unknown = text;
    if (field.port) {
      if (!PORT.test(text)) return `key ${field.key} holds "${text.slice(0, 20)}", not a port number`;
      value = Number(text);
    }
    if (field.leaf === undefined) event[field.head] = value;
    else ((event[field.head] as Obj | undefined) ?? (event[field.head] = {}) as Obj)[field.leaf] = value;
  }
  if (rest !== undefined) {
    for (const k of Object.keys(rest)) {
      const v = rest[k];
      const mine = event[k];
      if (mine === undefined) {
        event[k] = v;
        continue;
      }
      const groupable = typeof mine === 'object' && typeof v === 'object' && v !== null && !Array.isArray(v);
      if (!groupable) return `field ${k} is carried twice (in a key and in the rest)`;
      for (const inner of Object.keys(v as Obj)) if (inner in (mine as Obj)) return `field ${k}.${inner} is carried twice (in a key and in the rest)`;
      // `mine` is an object of our own, made above: the rest's members go after the keys' ones.
      for (const inner of Object.keys(v as Obj)) (mine as Obj)[inner] = (v as Obj)[inner];
    }
  }
  return event;
}
