/**
 * RFC 5424 SYSLOG-MSG of a canonical event (no framing: see src/formats/framing/).
 *
 *   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [siemkit@PEN event_id="..." ...] BOM BODY
 *
 * - PRI: facility (default 13, log audit) × 8 + the event's syslog severity (severity.ts).
 * - TIMESTAMP: the event's instant in UTC with milliseconds (timestamp.ts).
 * - HOSTNAME: configured (the CLI passes `os.hostname()`), NILVALUE by default. APP-NAME: the
 *   product name. PROCID: configured, NILVALUE by default. MSGID: the event's action (`user.login`),
 *   cut at 32 octets. All four are sanitised to printable ASCII within their caps (header-field.ts).
 * - STRUCTURED-DATA: siemkit's element with the key facts (structured-data.ts).
 * - MSG: the UTF-8 BOM (RFC 5424 §6.4, so receivers know the rest is UTF-8) and the body: the
 *   canonical event as JSON by default, or a CEF or LEEF line (body.ts).
 *
 * Nothing in the message is a raw CR or LF: the header is printable ASCII, SD values holding one
 * are left out, and every body escapes them.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { ProductIdentity } from '../../mappers/product.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import type { RecordEncoder } from '../record-encoder.js';
import type { SyslogBody } from './body.js';
import { bodyEncoder } from './body.js';
import { checkFacility, DEFAULT_FACILITY } from './facility.js';
import { HEADER_FIELD_MAX_OCTETS, headerField } from './header-field.js';
import { encodePri } from './pri.js';
import { syslogSeverity } from './severity.js';
import { DEFAULT_ENTERPRISE_NUMBER, encodeStructuredData, structuredDataId } from './structured-data.js';
import { rfc5424Timestamp } from './timestamp.js';

export interface Rfc5424EncodeOptions {
  /** APP-NAME is the product name; CEF and LEEF bodies carry the whole identity. */
  readonly product: ProductIdentity;
  /** Event types for the CEF and LEEF bodies' mappings (default: the built-in registry). */
  readonly registry?: EventTypeRegistry;
  /** Syslog facility 0-23 (default 13, log audit). */
  readonly facility?: number;
  /** IANA Private Enterprise Number of the SD-ID `siemkit@<n>` (default 32473, the documentation number). */
  readonly enterpriseNumber?: number;
  /** HOSTNAME (default NILVALUE `-`); sanitised to printable ASCII, at most 255 octets. */
  readonly hostname?: string;
  /** PROCID (default NILVALUE `-`); sanitised to printable ASCII, at most 128 octets. */
  readonly procId?: string;
  /** What MSG holds (default 'json', the canonical event). */
  readonly body?: SyslogBody;
  /** The LEEF delimiter for `body: 'leef'` (the LEEF encoder's default when absent). */
  readonly leefDelimiter?: string;
}

/** RFC 5424 §6.2.2: the only VERSION so far. */
export const RFC5424_VERSION = 1;

/** MSGID of an action: the action itself (already printable ASCII), cut at 32 octets. */
export const rfc5424MsgId = (action: string): string => headerField(action, HEADER_FIELD_MAX_OCTETS.msgId);

/**
 * An encoder for one configuration: the options are checked and the fixed header parts built
 * once. Its optional second argument is the event's JSON text when the caller has it (../record-encoder.ts).
 */
export function createRfc5424Encoder(options: Rfc5424EncodeOptions): RecordEncoder {
  const facility = checkFacility(options.facility ?? DEFAULT_FACILITY);
  const sdId = structuredDataId(options.enterpriseNumber ?? DEFAULT_ENTERPRISE_NUMBER);
  const body = bodyEncoder(options.body ?? 'json', options);
  // `<PRI>1 ` per syslog severity, and ` HOSTNAME APP-NAME PROCID `.
  const heads = Array.from({ length: 8 }, (_, severity) => `${encodePri(facility, severity)}${RFC5424_VERSION} `);
  const middle = ` ${headerField(options.hostname, HEADER_FIELD_MAX_OCTETS.hostname)} ${headerField(options.product.name, HEADER_FIELD_MAX_OCTETS.appName)} ${headerField(options.procId, HEADER_FIELD_MAX_OCTETS.procId)} `;
  return (event, canonicalJson) => `${heads[syslogSeverity(event.severity)]}${rfc5424Timestamp(event.timestamp)}${middle}${rfc5424MsgId(event.action)} ${encodeStructuredData(event, sdId)} \ufeff${body(event, canonicalJson)}`;
}

/** One event as an RFC 5424 SYSLOG-MSG (a string; UTF-8 encodes its BOM as EF BB BF). */
export function encodeRfc5424(event: CanonicalEvent, options: Rfc5424EncodeOptions): string {
  return createRfc5424Encoder(options)(event);
}
