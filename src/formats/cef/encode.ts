/**
 * `encodeCef`: a canonical event as one CEF line (`CEF:0|Vendor|Product|Version|SignatureID|Name|
 * Severity|Extension`, fact sheet §8), without a syslog prefix (the syslog encoders add one) and
 * without a line ending. Vendor, product and version come from the product identity; the
 * signature id and name from the event type's `cef` mapping; the severity from
 * ../severity-scale.ts. `rt` is the event time in epoch milliseconds.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { ProductIdentity } from '../../mappers/product.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../../registry/registry.js';
import type { FieldSlot } from '../carried-fields.js';
import { carriedText, fieldTable, restOf } from '../carried-fields.js';
import { epochMs } from '../epoch-ms.js';
import { SEVERITY_SCORE } from '../severity-scale.js';
import { escapeHeader, escapeValue } from './escape.js';
import { CEF_FIELDS, CUSTOM_LABELS, IPV6_SOURCE_KEY, IPV6_SOURCE_LABEL, REST_KEY, REST_LABEL, REST_MORE_PREFIX } from './fields.js';

export interface CefEncodeOptions {
  readonly product: ProductIdentity;
  /** Where the signature id and name come from. Default: the built-in registry. */
  readonly registry?: EventTypeRegistry;
}

/** Characters of the rest per key (the length of a custom string, `cs6`). */
export const REST_CHUNK = 4_000;

const LABELS: ReadonlyMap<string, string> = new Map([...CUSTOM_LABELS, [IPV6_SOURCE_KEY, IPV6_SOURCE_LABEL]]);

/** Splits at most every `size` code points, never inside a surrogate pair. */
export function chunks(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const out: string[] = [];
  let start = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (count === size) {
          out.push(text.slice(start, i));
          start = i;
          count = 0;
        }
        i++;
        count++;
        continue;
      }
    }
    if (count === size) {
      out.push(text.slice(start, i));
      start = i;
      count = 0;
    }
    count++;
  }
  out.push(text.slice(start));
  return out;
}

/**
 * A CEF encoder for one product identity and registry. What does not change between events is
 * made once: the header up to the severity per event type, and ` key=` / ` keyLabel=label` per
 * carried field; per event there is the signature lookup, the carried values (escaped only when
 * they hold a character to escape) and the rest, one `JSON.stringify`, cut into keys only when it
 * is over `REST_CHUNK` long.
 */
export function createCefEncoder(options: CefEncodeOptions): (event: CanonicalEvent) => string {
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const { product } = options;
  const productHeader = `CEF:0|${escapeHeader(product.vendor)}|${escapeHeader(product.name)}|${escapeHeader(product.version ?? '')}|`;
  // Per event type's `cef` mapping (an object of the registry): the header up to the severity.
  const typeHeaders = new WeakMap<object, string>();
  return (event) => {
    const { cef } = registry.mapping(event.category, event.action);
    let header = typeHeaders.get(cef);
    if (header === undefined) {
      header = `${productHeader}${escapeHeader(cef.signature_id)}|${escapeHeader(cef.name)}|`;
      typeHeaders.set(cef, header);
    }
    const time = epochMs(event.timestamp);
    let line = `${header}${SEVERITY_SCORE[event.severity]}|rt=${time.ms}`;
    let taken = 0;
    for (let i = 0; i < SLOTS.length; i++) {
      const text = carriedText(event, SLOTS[i] as FieldSlot);
      if (text === undefined) continue;
      taken |= 1 << i;
      line += `${PREFIXES[i] as string}${escapeValue(text)}${SUFFIXES[i] as string}`;
    }
    const rest = restOf(event, TABLE, taken, time.exact ? HANDLED_EXACT : HANDLED);
    if (rest === undefined) return line;
    const json = JSON.stringify(rest);
    if (json.length <= REST_CHUNK) return `${line}${REST_PAIR}${escapeValue(json)}${REST_LABEL_PAIR}`;
    const parts = chunks(json, REST_CHUNK);
    line += `${REST_PAIR}${escapeValue(parts[0] as string)}${REST_LABEL_PAIR}`;
    for (let i = 1; i < parts.length; i++) line += ` ${REST_MORE_PREFIX}${i + 1}=${escapeValue(parts[i] as string)}`;
    return line;
  };
}

const TABLE = fieldTable(CEF_FIELDS);
const SLOTS = TABLE.slots;
/** ` key=` and, for the labelled custom fields, ` keyLabel=label`, per carried field. */
const PREFIXES = CEF_FIELDS.map((f) => ` ${f.key}=`);
const SUFFIXES = CEF_FIELDS.map((f) => {
  const label = LABELS.get(f.key);
  return label === undefined ? '' : ` ${f.key}Label=${label}`;
});
const REST_PAIR = ` ${REST_KEY}=`;
const REST_LABEL_PAIR = ` ${REST_KEY}Label=${REST_LABEL}`;
/** `rt` carries the time when it gives the timestamp back exactly; the severity is always in the header. */
const HANDLED_EXACT: readonly string[] = ['timestamp', 'severity'];
const HANDLED: readonly string[] = ['severity'];

/** Encoders made by `encodeCef`, per product identity and registry; the last one used is at hand. */
const ENCODERS = new WeakMap<ProductIdentity, WeakMap<EventTypeRegistry, (event: CanonicalEvent) => string>>();
let last: { product: ProductIdentity; registry: EventTypeRegistry; encode: (event: CanonicalEvent) => string } | undefined;

export function encodeCef(event: CanonicalEvent, options: CefEncodeOptions): string {
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const { product } = options;
  if (last !== undefined && last.product === product && last.registry === registry) return last.encode(event);
  let byRegistry = ENCODERS.get(product);
  if (byRegistry === undefined) ENCODERS.set(product, (byRegistry = new WeakMap()));
  let encode = byRegistry.get(registry);
  if (encode === undefined) byRegistry.set(registry, (encode = createCefEncoder({ product, registry })));
  last = { product, registry, encode };
  return encode(event);
}
