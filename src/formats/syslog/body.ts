/**
 * The message body a syslog message carries (DESIGN.md §3): the canonical event as JSON (the
 * default, and the only body that holds the whole event whatever the product), a CEF line or a
 * LEEF line. A parser tells them apart by their first characters: `{`, `CEF:`, `LEEF:`.
 *
 * None of them holds a raw CR or LF: JSON.stringify escapes both in strings, and the CEF and LEEF
 * encoders escape line breaks in their own ways.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { ProductIdentity } from '../../mappers/product.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { validateEvent } from '../../validate/canonical.js';
import { canonicalJsonOf } from '../canonical-json.js';
import type { ParseResult } from '../parse-error.js';
import type { RecordEncoder } from '../record-encoder.js';
import { createCefEncoder, parseCef } from '../cef/index.js';
import { createLeefEncoder, parseLeef } from '../leef/index.js';
import { failed, parsed } from '../parse-error.js';

export const SYSLOG_BODIES = ['json', 'cef', 'leef'] as const;
export type SyslogBody = (typeof SYSLOG_BODIES)[number];

export interface BodyOptions {
  readonly product: ProductIdentity;
  readonly registry?: EventTypeRegistry;
  /** The LEEF attribute delimiter (LEEF 2.0), for `body: 'leef'`; the LEEF encoder's default when absent. */
  readonly leefDelimiter?: string;
}

/** The encoder of one body format, made once per configuration. */
export function bodyEncoder(body: SyslogBody, options: BodyOptions): RecordEncoder {
  const identity = { product: options.product, ...(options.registry !== undefined ? { registry: options.registry } : {}) };
  // Each encoder is made here, once (a fresh options object per event cost the LEEF body 0.4 µs).
  switch (body) {
    case 'json':
      return canonicalJsonOf;
    case 'cef':
      return createCefEncoder(identity);
    case 'leef':
      // It checks the delimiter, so a bad one is a configuration error, not an event's.
      return createLeefEncoder({ ...identity, ...(options.leefDelimiter !== undefined ? { delimiter: options.leefDelimiter } : {}) });
    default:
      throw new RangeError(`syslog body must be one of ${SYSLOG_BODIES.join(', ')}, got ${JSON.stringify(body)}`);
  }
}

/** The body format a MSG holds, from its first characters. */
export function bodyFormatOf(text: string): SyslogBody | undefined {
  if (text.charCodeAt(0) === 123 /* { */) return 'json';
  if (text.startsWith('CEF:')) return 'cef';
  if (text.startsWith('LEEF:')) return 'leef';
  return undefined;
}

/**
 * The event a body holds, with offsets relative to the body. A failure is reported in the
 * 'syslog5424' format; the caller moves it to its own format and offset.
 */
export function parseBody(text: string, registry: EventTypeRegistry | undefined): ParseResult<CanonicalEvent> {
  const format = bodyFormatOf(text);
  switch (format) {
    case 'json':
      return parseJsonBody(text, registry);
    case 'cef':
      return fromOtherFormat(parseCef(text, registry === undefined ? {} : { registry }));
    case 'leef':
      return fromOtherFormat(parseLeef(text, registry === undefined ? {} : { registry }));
    default:
      return failed('syslog5424', 0, 'the message body is none of JSON (an object), CEF or LEEF');
  }
}

/** A CEF or LEEF failure, restated as the body's (same offset, the format named in the reason). */
function fromOtherFormat(result: ParseResult<CanonicalEvent>): ParseResult<CanonicalEvent> {
  if (result.ok) return result;
  return failed('syslog5424', result.error.offset, `the ${result.error.format.toUpperCase()} body: ${result.error.reason}`);
}

/** A V8 SyntaxError names the position; the message itself quotes the input, so it is not passed on. */
const POSITION = /at position (\d+)/;

function parseJsonBody(text: string, registry: EventTypeRegistry | undefined): ParseResult<CanonicalEvent> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const at = POSITION.exec(err instanceof Error ? err.message : '');
    return failed('syslog5424', at === null ? 0 : Math.min(Number(at[1]), text.length), 'the JSON body is not valid JSON');
  }
  const result = validateEvent(value, registry === undefined ? {} : { registry });
  const finding = result.errors[0];
  if (finding !== undefined) return failed('syslog5424', 0, `the JSON body is not a valid canonical event: ${finding.code} at ${JSON.stringify(finding.path)}`);
  return parsed(value as CanonicalEvent);
}
