/**
 * RFC 3164 (BSD syslog) message of a canonical event, for receivers that predate RFC 5424:
 *
 *   <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PROCID]: BODY
 *
 * The header is lossy by design (RFC 3164 §4.1.2): no year, no time zone (siemkit writes UTC), no
 * fraction of a second, a TAG of at most 32 letters and digits. The event itself is lossless: the
 * body is the canonical event as JSON by default (or a CEF or LEEF line), and the parser reads the
 * event from it. There is no STRUCTURED-DATA and no BOM (RFC 3164 has neither).
 *
 * - PRI: as RFC 5424 (facility default 13, severity.ts's table).
 * - HOSTNAME: configured, NILVALUE `-` by default; printable ASCII, at most 255 octets.
 * - TAG: the product name's ASCII letters and digits, at most 32 (`siemkit` when it has none).
 * - `[PROCID]` only when a procId is configured; printable ASCII other than `[` and `]`, at most 128.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { RecordEncoder } from '../record-encoder.js';
import { bodyEncoder } from './body.js';
import { checkFacility, DEFAULT_FACILITY } from './facility.js';
import { HEADER_FIELD_MAX_OCTETS, headerField, rfc3164Tag } from './header-field.js';
import { encodePri } from './pri.js';
import type { Rfc5424EncodeOptions } from './rfc5424-encode.js';
import { syslogSeverity } from './severity.js';
import { rfc3164Timestamp } from './timestamp.js';

/** RFC 5424's options without those of STRUCTURED-DATA, which RFC 3164 does not have. */
export type Rfc3164EncodeOptions = Omit<Rfc5424EncodeOptions, 'enterpriseNumber'>;

/** The PID between the TAG's brackets: PROCID's rules, and no bracket. */
export const rfc3164Pid = (procId: string): string => headerField(procId, HEADER_FIELD_MAX_OCTETS.procId, '[]');

/** An encoder for one configuration; its optional second argument is the event's JSON text when the caller has it (../record-encoder.ts). */
export function createRfc3164Encoder(options: Rfc3164EncodeOptions): RecordEncoder {
  const facility = checkFacility(options.facility ?? DEFAULT_FACILITY);
  const body = bodyEncoder(options.body ?? 'json', options);
  const pris = Array.from({ length: 8 }, (_, severity) => encodePri(facility, severity));
  const pid = options.procId === undefined || options.procId === '' ? '' : `[${rfc3164Pid(options.procId)}]`;
  const middle = ` ${headerField(options.hostname, HEADER_FIELD_MAX_OCTETS.hostname)} ${rfc3164Tag(options.product.name)}${pid}: `;
  return (event, canonicalJson) => `${pris[syslogSeverity(event.severity)]}${rfc3164Timestamp(event.timestamp)}${middle}${body(event, canonicalJson)}`;
}

/** One event as an RFC 3164 message. */
export function encodeRfc3164(event: CanonicalEvent, options: Rfc3164EncodeOptions): string {
  return createRfc3164Encoder(options)(event);
}
