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
import type { FieldSlot } from '../carried-fields.js';
import { carriedText, fieldTable, restOf } from '../carried-fields.js';
import { epochMs } from '../epoch-ms.js';
import { SEVERITY_SCORE } from '../severity-scale.js';
import { DEFAULT_LEEF_DELIMITER, delimiterField, delimiterProblem, parseDelimiter } from './delimiter.js';
import { LEEF_FIELDS, REST_KEY } from './fields.js';
import { percentEncode, percentEncoder } from './value-encoding.js';

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

/**
 * A LEEF encoder for one product identity, registry and delimiter. The delimiter is checked once,
 * and what does not change between events is made once: the header up to `devTime=` per event
 * type, and `<delimiter>key=` per carried field. Per event there is the event id lookup, the carried
 * values (encoded only when they hold a character to encode) and the rest, one `JSON.stringify`.
 */
export function createLeefEncoder(options: LeefEncodeOptions): (event: CanonicalEvent) => string {
  const delimiter = leefDelimiter(options.delimiter);
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const { product } = options;
  const headerField = (s: string): string => percentEncode(s, '|');
  const productHeader = `LEEF:2.0|${headerField(product.vendor)}|${headerField(product.name)}|${headerField(product.version ?? '')}|`;
  const afterEventId = `|${delimiterField(delimiter)}|devTime=`;
  const sevPair = `${delimiter}sev=`;
  const prefixes = LEEF_FIELDS.map((f) => `${delimiter}${f.key}=`);
  const restPair = `${delimiter}${REST_KEY}=`;
  const encodeValue = percentEncoder(delimiter);
  const minusIsDelimiter = delimiter === '-';
  // Per event type's `cef` mapping (an object of the registry): the header up to `devTime=`.
  const typeHeaders = new WeakMap<object, string>();
  return (event) => {
    const { cef } = registry.mapping(event.category, event.action);
    let header = typeHeaders.get(cef);
    if (header === undefined) {
      header = `${productHeader}${headerField(cef.signature_id)}${afterEventId}`;
      typeHeaders.set(cef, header);
    }
    const time = epochMs(event.timestamp);
    // An instant before 1970 starts with `-`: encoded when `-` is the delimiter, like any value.
    let line = `${header}${time.ms < 0 && minusIsDelimiter ? encodeValue(String(time.ms)) : time.ms}${sevPair}${SEVERITY_SCORE[event.severity]}`;
    let taken = 0;
    for (let i = 0; i < SLOTS.length; i++) {
      const text = carriedText(event, SLOTS[i] as FieldSlot);
      if (text === undefined) continue;
      taken |= 1 << i;
      line += `${prefixes[i] as string}${encodeValue(text)}`;
    }
    const rest = restOf(event, TABLE, taken, time.exact ? HANDLED_EXACT : HANDLED);
    return rest === undefined ? line : `${line}${restPair}${encodeValue(JSON.stringify(rest))}`;
  };
}

const TABLE = fieldTable(LEEF_FIELDS);
const SLOTS = TABLE.slots;
/** `devTime` carries the time when it gives the timestamp back exactly; `sev` always carries the severity. */
const HANDLED_EXACT: readonly string[] = ['timestamp', 'severity'];
const HANDLED: readonly string[] = ['severity'];

/** Encoders made by `encodeLeef`, per product identity, registry and delimiter option; the last one used is at hand. */
const ENCODERS = new WeakMap<ProductIdentity, WeakMap<EventTypeRegistry, Map<string | undefined, (event: CanonicalEvent) => string>>>();
let last: { product: ProductIdentity; registry: EventTypeRegistry; delimiter: string | undefined; encode: (event: CanonicalEvent) => string } | undefined;

export function encodeLeef(event: CanonicalEvent, options: LeefEncodeOptions): string {
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const { product, delimiter } = options;
  if (last !== undefined && last.product === product && last.registry === registry && last.delimiter === delimiter) return last.encode(event);
  let byRegistry = ENCODERS.get(product);
  if (byRegistry === undefined) ENCODERS.set(product, (byRegistry = new WeakMap()));
  let byDelimiter = byRegistry.get(registry);
  if (byDelimiter === undefined) byRegistry.set(registry, (byDelimiter = new Map()));
  let encode = byDelimiter.get(delimiter);
  if (encode === undefined) {
    // A delimiter that cannot be used throws here, every time: only encoders that were made are kept.
    encode = createLeefEncoder({ product, registry, ...(delimiter !== undefined ? { delimiter } : {}) });
    byDelimiter.set(delimiter, encode);
  }
  last = { product, registry, delimiter, encode };
  return encode(event);
}
