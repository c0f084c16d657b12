/**
 * `encodeLeef`: a canonical event as one LEEF 2.0 line (`LEEF:2.0|Vendor|Product|Version|EventID|
 * Delimiter|key=value<delimiter>...`, fact sheet §9), without a syslog header or line ending.
 * EventID is the event type's CEF signature id (a language-independent id, as QRadar's QID map
 * wants); `devTime` is epoch milliseconds (13 digits, no `devTimeFormat` needed); `sev` is 1-10
 * (../severity-scale.ts). Values are percent-encoded where LEEF has no escape (value-encoding.ts).
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { ProductIdentity } from '../../mappers/product.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../../registry/registry.js';
import { splitEvent } from '../carried-fields.js';
import { epochMs } from '../epoch-ms.js';
import { SEVERITY_SCORE } from '../severity-scale.js';
import { DEFAULT_LEEF_DELIMITER, delimiterField, delimiterProblem, parseDelimiter } from './delimiter.js';
import { LEEF_FIELDS, REST_KEY } from './fields.js';
import { percentEncode } from './value-encoding.js';

export interface LeefEncodeOptions {
  readonly product: ProductIdentity;
  readonly registry?: EventTypeRegistry;
  /** One character, or its hex form (`x09`, `0x5E`). Default: tab. */
  readonly delimiter?: string;
}

/** The delimiter an option names; throws a RangeError for one that cannot be used. */
export function leefDelimiter(option: string | undefined): string {
  const delimiter = option === undefined ? DEFAULT_LEEF_DELIMITER : parseDelimiter(option);
  const problem = delimiter === undefined ? `${JSON.stringify(option)} is not a LEEF delimiter (one character, or xHH)` : delimiterProblem(delimiter);
  if (problem !== undefined) throw new RangeError(problem);
  return delimiter as string;
}

/** `LEEF:2.0|Vendor|Product|Version|`, encoded once per product identity. */
const PRODUCT_HEADERS = new WeakMap<ProductIdentity, string>();

function productHeader(product: ProductIdentity): string {
  let h = PRODUCT_HEADERS.get(product);
  if (h === undefined) {
    const field = (s: string): string => percentEncode(s, '|');
    h = `LEEF:2.0|${field(product.vendor)}|${field(product.name)}|${field(product.version ?? '')}|`;
    PRODUCT_HEADERS.set(product, h);
  }
  return h;
}

export function encodeLeef(event: CanonicalEvent, options: LeefEncodeOptions): string {
  const delimiter = leefDelimiter(options.delimiter);
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const { cef } = registry.mapping(event.category, event.action);
  const { product } = options;
  const time = epochMs(event.timestamp);
  const { carried, rest } = splitEvent(event, LEEF_FIELDS, time.exact ? ['timestamp', 'severity'] : ['severity']);
  let line = `${productHeader(product)}${percentEncode(cef.signature_id, '|')}|${delimiterField(delimiter)}|devTime=${time.ms}${delimiter}sev=${SEVERITY_SCORE[event.severity]}`;
  for (const [key, value] of carried) line += `${delimiter}${key}=${percentEncode(value, delimiter)}`;
  if (rest !== undefined) line += `${delimiter}${REST_KEY}=${percentEncode(JSON.stringify(rest), delimiter)}`;
  return line;
}
