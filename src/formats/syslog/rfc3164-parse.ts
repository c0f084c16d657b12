/**
 * RFC 3164 message -> canonical event, strictly in the form rfc3164-encode.ts writes (RFC 3164 §4.1):
 * `<PRI>`, `Mmm dd hh:mm:ss` (a known month, the day space-padded, a real time), SP, HOSTNAME
 * (1-255 printable ASCII), SP, TAG (1-32 letters and digits), an optional `[PID]`, `:`, SP, and
 * the body. The body is the event; PRI severity and the timestamp (month, day and time of the
 * body's instant in UTC, to the second) must agree with it.
 *
 * Never throws: every failure is a ParseError with the offset where reading stopped.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import type { ParseResult } from '../parse-error.js';
import { failed, parsed } from '../parse-error.js';
import { bodyAt, severityDisagreement } from './agreement.js';
import { HEADER_FIELD_MAX_OCTETS, isPrintUsAscii, NILVALUE, printUsAsciiEnd, RFC3164_TAG_MAX } from './header-field.js';
import { parseInput } from './input.js';
import { readPri } from './pri.js';
import type { Rfc5424ParseOptions } from './rfc5424-parse.js';
import { RFC3164_MONTHS, rfc3164TimestampOf } from './timestamp.js';

const FORMAT = 'syslog3164';

export type Rfc3164ParseOptions = Rfc5424ParseOptions;

/** An RFC 3164 message as read, before its body is decoded. */
export interface Rfc3164Message {
  readonly facility: number;
  readonly severity: number;
  /** `Mmm dd hh:mm:ss` as written. */
  readonly timestamp: string;
  /** undefined for `-`. */
  readonly hostname: string | undefined;
  readonly tag: string;
  readonly pid: string | undefined;
  readonly content: string;
  readonly offsets: { readonly timestamp: number; readonly content: number };
}

/** `Mmm dd hh:mm:ss`: a month name, a space-padded day 1-31, hours 00-23, minutes and seconds 00-59. */
const TIMESTAMP = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ( [1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const TIMESTAMP_LENGTH = 15;
/** The most days each month has in any year. */
const MOST_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const isAlphanumeric = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function readText(text: string): ParseResult<Rfc3164Message> {
  const pri = readPri(text, 0, FORMAT);
  if (!pri.ok) return pri;
  let i = pri.value.end;
  const timestamp = text.slice(i, i + TIMESTAMP_LENGTH);
  const match = TIMESTAMP.exec(timestamp);
  if (match === null) return failed(FORMAT, i, 'TIMESTAMP is not "Mmm dd hh:mm:ss" (RFC 3164 §4.1.2)');
  // Day 31 of a 30-day month is wrong in any year; 29 February is right in some.
  const month = RFC3164_MONTHS.indexOf(match[1] as (typeof RFC3164_MONTHS)[number]);
  if (Number(match[2]) > (MOST_DAYS[month] as number)) return failed(FORMAT, i + 4, `TIMESTAMP has a day that ${match[1]} never has`);
  const timestampOffset = i;
  i += TIMESTAMP_LENGTH;
  if (text.charCodeAt(i) !== 32) return failed(FORMAT, i, 'expected a space after TIMESTAMP');
  const hostStart = ++i;
  i = printUsAsciiEnd(text, i);
  if (i === hostStart) return failed(FORMAT, i, 'HOSTNAME must be 1 or more printable ASCII characters');
  if (i - hostStart > HEADER_FIELD_MAX_OCTETS.hostname) return failed(FORMAT, hostStart, `HOSTNAME is longer than ${HEADER_FIELD_MAX_OCTETS.hostname} octets`);
  if (text.charCodeAt(i) !== 32) return failed(FORMAT, i, i >= text.length ? 'the message ends after HOSTNAME' : 'HOSTNAME holds a character outside printable ASCII');
  const hostname = text.slice(hostStart, i);
  const tagStart = ++i;
  while (i < text.length && isAlphanumeric(text.charCodeAt(i))) i++;
  if (i === tagStart) return failed(FORMAT, i, 'TAG must be 1-32 letters and digits (RFC 3164 §5.3)');
  if (i - tagStart > RFC3164_TAG_MAX) return failed(FORMAT, tagStart, `TAG is longer than ${RFC3164_TAG_MAX} characters`);
  const tag = text.slice(tagStart, i);
  let pid: string | undefined;
  if (text.charCodeAt(i) === 91 /* [ */) {
    const pidStart = ++i;
    while (i < text.length && isPrintUsAscii(text.charCodeAt(i)) && text.charCodeAt(i) !== 91 && text.charCodeAt(i) !== 93) i++;
    if (i === pidStart || i - pidStart > HEADER_FIELD_MAX_OCTETS.procId) return failed(FORMAT, pidStart, `PID must be 1-${HEADER_FIELD_MAX_OCTETS.procId} printable ASCII characters other than [ and ]`);
    if (text.charCodeAt(i) !== 93) return failed(FORMAT, i, 'expected "]" closing the PID');
    pid = text.slice(pidStart, i);
    i++;
  }
  if (text.charCodeAt(i) !== 58 /* : */ || text.charCodeAt(i + 1) !== 32) return failed(FORMAT, i, 'expected ": " after the TAG');
  i += 2;
  return parsed({
    facility: pri.value.facility,
    severity: pri.value.severity,
    timestamp,
    hostname: hostname === NILVALUE ? undefined : hostname,
    tag,
    pid,
    content: text.slice(i),
    offsets: { timestamp: timestampOffset, content: i },
  });
}

/** Reads the grammar of an RFC 3164 message without decoding its body. */
export function readRfc3164(message: string | Buffer): ParseResult<Rfc3164Message> {
  return parseInput(message, FORMAT, readText);
}

function parseText(text: string, registry: EventTypeRegistry | undefined): ParseResult<CanonicalEvent> {
  const read = readText(text);
  if (!read.ok) return read;
  const m = read.value;
  if (m.content === '') return failed(FORMAT, m.offsets.content, 'there is no CONTENT: the event body is missing');
  const body = bodyAt(text, m.offsets.content, FORMAT, registry);
  if (!body.ok) return body;
  const event = body.value;
  const disagreement =
    severityDisagreement(m.severity, event, 0, FORMAT) ??
    (rfc3164TimestampOf(event.timestamp) !== m.timestamp ? failed(FORMAT, m.offsets.timestamp, "TIMESTAMP is not the body's timestamp in UTC") : undefined);
  return disagreement ?? body;
}

/** An RFC 3164 message (text, or UTF-8 bytes) back to the canonical event its body holds. */
export function parseRfc3164(message: string | Buffer, options: Rfc3164ParseOptions = {}): ParseResult<CanonicalEvent> {
  return parseInput(message, FORMAT, parseText, options.registry);
}
