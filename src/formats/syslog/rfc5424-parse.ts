/**
 * RFC 5424 SYSLOG-MSG -> canonical event, strictly (RFC 5424 §6 ABNF): PRI 0-191 without leading
 * zeros, VERSION 1, a TIMESTAMP in RFC 3339's grammar with upper-case `T`/`Z`, 1-6 fraction
 * digits and no leap second, header fields of PRINTUSASCII within their caps, STRUCTURED-DATA
 * with escapes as §6.3.3 says, and a MSG that holds a JSON, CEF or LEEF body (the BOM before it is
 * optional, as MSG-ANY allows). The body is the event; the header and siemkit's SD element must
 * agree with it (agreement.ts): PRI severity, TIMESTAMP (the same millisecond), MSGID, and every
 * SD-PARAM present. Unknown SD elements of other producers are read and ignored; an unknown
 * SD-PARAM inside siemkit's own element is an error.
 *
 * Never throws: every failure is a ParseError with the offset where reading stopped.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import type { ParseResult } from '../parse-error.js';
import { failed, parsed } from '../parse-error.js';
import { bodyAt, severityDisagreement } from './agreement.js';
import { HEADER_FIELD_MAX_OCTETS, NILVALUE, printUsAsciiEnd } from './header-field.js';
import { parseInput } from './input.js';
import { readPri } from './pri.js';
import { rfc5424MsgId } from './rfc5424-encode.js';
import type { SdElement, SdParam } from './structured-data.js';
import { SYSLOG_SEVERITY } from './severity.js';
import { carriedInParamValue, encodeStructuredData, readStructuredData, SD_PARAMS, SIEMKIT_SD_ID } from './structured-data.js';
import { instantOf, readRfc5424Timestamp, rfc5424Timestamp } from './timestamp.js';

const FORMAT = 'syslog5424';

export interface Rfc5424ParseOptions {
  /** Event types whose payload schemas the decoded event must satisfy (default: the built-in registry). */
  readonly registry?: EventTypeRegistry;
}

/** An RFC 5424 message as read, before its body is decoded. NILVALUE fields are undefined. */
export interface Rfc5424Message {
  readonly facility: number;
  readonly severity: number;
  readonly version: number;
  readonly timestamp: string | undefined;
  /** The TIMESTAMP's instant, epoch milliseconds (fraction truncated). */
  readonly instant: number | undefined;
  readonly hostname: string | undefined;
  readonly appName: string | undefined;
  readonly procId: string | undefined;
  readonly msgId: string | undefined;
  readonly structuredData: readonly SdElement[];
  /** MSG without its BOM; undefined when the message ends after STRUCTURED-DATA. */
  readonly message: string | undefined;
  /** Whether MSG began with the BOM (MSG-UTF8) rather than being MSG-ANY. */
  readonly bom: boolean;
  /** Where each part starts, for errors about them. */
  readonly offsets: { readonly timestamp: number; readonly msgId: number; readonly message: number };
}

const FIELD_NAMES = ['TIMESTAMP', 'HOSTNAME', 'APP-NAME', 'PROCID', 'MSGID'] as const;
const FIELD_MAX = [Number.POSITIVE_INFINITY, HEADER_FIELD_MAX_OCTETS.hostname, HEADER_FIELD_MAX_OCTETS.appName, HEADER_FIELD_MAX_OCTETS.procId, HEADER_FIELD_MAX_OCTETS.msgId];

const nil = (s: string): string | undefined => (s === NILVALUE ? undefined : s);

/** PRI, VERSION and the five header fields as written, and where STRUCTURED-DATA starts. */
interface Rfc5424Header {
  readonly facility: number;
  readonly severity: number;
  /** TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID. */
  readonly fields: readonly string[];
  readonly starts: readonly number[];
  readonly sdStart: number;
}

function readHeader(text: string): ParseResult<Rfc5424Header> {
  const pri = readPri(text, 0, FORMAT);
  if (!pri.ok) return pri;
  let i = pri.value.end;
  // VERSION = NONZERO-DIGIT 0*2DIGIT; only 1 is defined (§6.2.2).
  if (text.charCodeAt(i) !== 49 /* 1 */ || text.charCodeAt(i + 1) !== 32) {
    return failed(FORMAT, i, i >= text.length ? 'the message ends after PRI' : 'expected VERSION "1" and a space after PRI');
  }
  i += 2;
  // TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP
  const fields: string[] = [];
  const starts: number[] = [];
  for (let f = 0; f < FIELD_NAMES.length; f++) {
    const start = i;
    i = printUsAsciiEnd(text, i);
    const name = FIELD_NAMES[f] as string;
    if (i === start) return failed(FORMAT, i, i >= text.length ? `the message ends before ${name}` : `${name} must be NILVALUE or 1 or more printable ASCII characters`);
    if (i - start > (FIELD_MAX[f] as number)) return failed(FORMAT, start, `${name} is longer than ${FIELD_MAX[f]} octets`);
    if (text.charCodeAt(i) !== 32) return failed(FORMAT, i, i >= text.length ? `the message ends after ${name}` : `${name} holds a character outside printable ASCII`);
    fields.push(text.slice(start, i));
    starts.push(start);
    i++;
  }
  return parsed({ facility: pri.value.facility, severity: pri.value.severity, fields, starts, sdStart: i });
}

function readText(text: string): ParseResult<Rfc5424Message> {
  const header = readHeader(text);
  if (!header.ok) return header;
  const { facility, severity, fields, starts } = header.value;
  let i = header.value.sdStart;
  const [timestampField, hostname, appName, procId, msgId] = fields as [string, string, string, string, string];
  const timestamp = readRfc5424Timestamp(timestampField, starts[0] as number, FORMAT);
  if (!timestamp.ok) return timestamp;
  const sd = readStructuredData(text, i, FORMAT);
  if (!sd.ok) return sd;
  i = sd.value.end;
  let message: string | undefined;
  let bom = false;
  let messageOffset = i;
  if (i < text.length) {
    if (text.charCodeAt(i) !== 32) return failed(FORMAT, i, 'expected a space or the end after STRUCTURED-DATA');
    i++;
    bom = text.charCodeAt(i) === 0xfeff;
    messageOffset = bom ? i + 1 : i;
    message = text.slice(messageOffset);
  }
  return parsed({
    facility,
    severity,
    version: 1,
    timestamp: timestamp.value.text,
    instant: timestamp.value.ms,
    hostname: nil(hostname),
    appName: nil(appName),
    procId: nil(procId),
    msgId: nil(msgId),
    structuredData: sd.value.elements,
    message,
    bom,
    offsets: { timestamp: starts[0] as number, msgId: starts[4] as number, message: messageOffset },
  });
}

/** Reads the grammar of an RFC 5424 message without decoding its body. */
export function readRfc5424(message: string | Buffer): ParseResult<Rfc5424Message> {
  return parseInput(message, FORMAT, readText);
}

const SD_PARAM_INDEX = new Map(SD_PARAMS.map((p, i) => [p.name, i]));

/**
 * The index in SD_PARAMS of the param named `name`, looked for first at `from` (siemkit writes
 * them in SD_PARAMS' order, so a comparison nearly always finds it there), else by name; -1 for
 * an unknown name.
 */
function sdParamIndex(name: string, from: number): number {
  for (let k = from; k < SD_PARAMS.length; k++) if ((SD_PARAMS[k] as SdParam).name === name) return k;
  return SD_PARAM_INDEX.get(name) ?? -1;
}

/** siemkit's SD element against the event: each SD-PARAM once, known, and equal to the event's value. */
function sdDisagreement(elements: readonly SdElement[], event: CanonicalEvent): ParseResult<never> | undefined {
  let ours: SdElement | undefined;
  for (const element of elements) {
    if (!SIEMKIT_SD_ID.test(element.id)) continue;
    if (ours !== undefined) return failed(FORMAT, element.offset, `two siemkit SD elements (${ours.id}, ${element.id})`);
    ours = element;
    // Bit k: SD_PARAMS[k] was seen (there are fewer than 32).
    let seen = 0;
    let next = 0;
    for (const [name, value] of element.params) {
      const k = sdParamIndex(name, next);
      if (k === -1) return failed(FORMAT, element.offset, `${element.id} has an unknown SD-PARAM "${name}"`);
      if ((seen & (1 << k)) !== 0) return failed(FORMAT, element.offset, `${element.id} has SD-PARAM "${name}" twice`);
      seen |= 1 << k;
      next = k + 1;
      const expected = (SD_PARAMS[k] as SdParam).value(event);
      // The value itself first: equal to the event's and carried (when it is not carried, the SD must not hold it).
      if (expected !== value || !carriedInParamValue(expected)) return failed(FORMAT, element.offset, `SD-PARAM "${name}" of ${element.id} disagrees with the body`);
    }
  }
  return undefined;
}

/**
 * siemkit's own messages, read by what they must be: when the header and STRUCTURED-DATA are
 * exactly what rfc5424-encode.ts writes for the event in the body (one siemkit SD element, then
 * SP, BOM and the body), the message is grammatical and agrees with its body by construction, and
 * that comparison costs less than reading the SD-PARAMs one by one. Undefined for any other
 * message (and for any failure), which parseText then reads the general way, for its error too.
 */
function parseOwnMessage(text: string, registry: EventTypeRegistry | undefined): ParseResult<CanonicalEvent> | undefined {
  const header = readHeader(text);
  if (!header.ok) return undefined;
  const { severity, fields, sdStart } = header.value;
  if (text.charCodeAt(sdStart) !== 91 /* [ */) return undefined;
  const bodyStart = text.indexOf(' \ufeff', sdStart) + 2;
  const idEnd = text.indexOf(' ', sdStart);
  if (bodyStart === 1 || idEnd === -1 || idEnd > bodyStart) return undefined;
  const sdId = text.slice(sdStart + 1, idEnd);
  if (!SIEMKIT_SD_ID.test(sdId)) return undefined;
  const body = bodyAt(text, bodyStart, FORMAT, registry);
  if (!body.ok) return undefined;
  const event = body.value;
  const sd = encodeStructuredData(event, sdId);
  const agrees =
    severity === SYSLOG_SEVERITY[event.severity] &&
    fields[0] === rfc5424Timestamp(event.timestamp) &&
    fields[4] === rfc5424MsgId(event.action) &&
    sdStart + sd.length === bodyStart - 2 &&
    // (Faster than startsWith, which walks a two-byte text and a one-byte SD character by character.)
    text.slice(sdStart, bodyStart - 2) === sd;
  return agrees ? body : undefined;
}

function parseText(text: string, registry: EventTypeRegistry | undefined): ParseResult<CanonicalEvent> {
  const own = parseOwnMessage(text, registry);
  if (own !== undefined) return own;
  const read = readText(text);
  if (!read.ok) return read;
  const m = read.value;
  if (m.message === undefined || m.message === '') return failed(FORMAT, m.offsets.message, 'there is no MSG: the event body is missing');
  const body = bodyAt(text, m.offsets.message, FORMAT, registry);
  if (!body.ok) return body;
  const event = body.value;
  const disagreement =
    severityDisagreement(m.severity, event, 0, FORMAT) ??
    (m.instant !== undefined && m.instant !== instantOf(event.timestamp) ? failed(FORMAT, m.offsets.timestamp, "TIMESTAMP names another instant than the body's timestamp") : undefined) ??
    (m.msgId !== undefined && m.msgId !== rfc5424MsgId(event.action) ? failed(FORMAT, m.offsets.msgId, "MSGID is not the body's action") : undefined) ??
    sdDisagreement(m.structuredData, event);
  return disagreement ?? body;
}

/** An RFC 5424 message (text, or UTF-8 bytes) back to the canonical event its body holds. */
export function parseRfc5424(message: string | Buffer, options: Rfc5424ParseOptions = {}): ParseResult<CanonicalEvent> {
  return parseInput(message, FORMAT, parseText, options.registry);
}
