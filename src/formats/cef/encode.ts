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
import { splitEvent } from '../carried-fields.js';
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

// The header's constant parts, escaped once per product identity and event type.
const PRODUCT_HEADERS = new WeakMap<ProductIdentity, string>();
const TYPE_HEADERS = new WeakMap<object, string>();

function productHeader(product: ProductIdentity): string {
  let h = PRODUCT_HEADERS.get(product);
  if (h === undefined) {
    h = `CEF:0|${escapeHeader(product.vendor)}|${escapeHeader(product.name)}|${escapeHeader(product.version ?? '')}|`;
    PRODUCT_HEADERS.set(product, h);
  }
  return h;
}

function typeHeader(cef: { readonly signature_id: string; readonly name: string }): string {
  let h = TYPE_HEADERS.get(cef);
  if (h === undefined) {
    h = `${escapeHeader(cef.signature_id)}|${escapeHeader(cef.name)}|`;
    TYPE_HEADERS.set(cef, h);
  }
  return h;
}

export function encodeCef(event: CanonicalEvent, options: CefEncodeOptions): string {
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const { cef } = registry.mapping(event.category, event.action);
  const { product } = options;
  const time = epochMs(event.timestamp);
  const handled = time.exact ? ['timestamp', 'severity'] : ['severity'];
  const { carried, rest } = splitEvent(event, CEF_FIELDS, handled);
  let line = `${productHeader(product)}${typeHeader(cef)}${SEVERITY_SCORE[event.severity]}|rt=${time.ms}`;
  for (const [key, value] of carried) {
    line += ` ${key}=${escapeValue(value)}`;
    const label = LABELS.get(key);
    if (label !== undefined) line += ` ${key}Label=${label}`;
  }
  if (rest !== undefined) {
    const parts = chunks(JSON.stringify(rest), REST_CHUNK);
    line += ` ${REST_KEY}=${escapeValue(parts[0] as string)} ${REST_KEY}Label=${REST_LABEL}`;
    for (let i = 1; i < parts.length; i++) line += ` ${REST_MORE_PREFIX}${i + 1}=${escapeValue(parts[i] as string)}`;
  }
  return line;
}
