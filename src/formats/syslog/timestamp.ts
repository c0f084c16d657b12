/**
 * Syslog timestamps from the canonical `timestamp` (any RFC 3339 date-time: offsets, lower-case
 * `t`/`z`, any number of fraction digits, leap seconds).
 *
 * RFC 5424 §6.2.3: written in UTC with milliseconds, `YYYY-MM-DDThh:mm:ss.sssZ`. Digits beyond the
 * millisecond are truncated, and a leap second (`23:59:60`, which RFC 5424 §6.2.3.1 forbids) is the
 * first millisecond of the next minute, as POSIX time and the OCSF mapping count it. An instant
 * whose UTC year is outside 0000-9999 (`0000-01-01T00:30:00+01:00`) cannot be written in
 * FULL-DATE's four digits and becomes NILVALUE `-`. The exact timestamp is in the body.
 *
 * RFC 3164 §4.1.2: `Mmm dd hh:mm:ss`, day space-padded, in UTC, no year, no fraction.
 */
import { dateTimeProblem, isRfc3339DateTime, plainUtcEnd } from '../../../schemas/formats/rfc3339.js';
import { formatEpochMillis, parseDateTime } from '../../mappers/ocsf/time.js';
import type { ParseResult, WireFormatName } from '../parse-error.js';
import { failed, parsed } from '../parse-error.js';
import { NILVALUE } from './header-field.js';

/** Epoch milliseconds of a canonical timestamp (truncated to the millisecond; a leap second is the next minute's first). */
export function instantOf(timestamp: string): number | undefined {
  return parseDateTime(timestamp)?.ms;
}

const isDigit = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22] as const;

/**
 * Whether `s` is already `YYYY-MM-DDThh:mm:ss.sssZ` (what `Date.prototype.toISOString` writes,
 * and most producers), with a second other than 60: then it is its own RFC 5424 TIMESTAMP.
 */
function isUtcMillis(s: string): boolean {
  if (s.length !== 24 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return false;
  for (const i of DIGIT_POSITIONS) if (!isDigit(s, i)) return false;
  return s.charCodeAt(17) !== 54 || s.charCodeAt(18) !== 48; // not a leap second
}

/** RFC 5424 TIMESTAMP of a canonical timestamp: UTC with milliseconds, or `-` outside years 0000-9999. */
export function rfc5424Timestamp(timestamp: string): string {
  if (isUtcMillis(timestamp)) return timestamp;
  const z = plainUtcEnd(timestamp);
  if (z !== -1) {
    // `:07Z` -> `:07.000Z`, `.5Z` -> `.500Z`, `.456789Z` -> `.456Z`.
    const fraction = z === 19 ? '.' : timestamp.slice(19, Math.min(z, 23));
    return `${timestamp.slice(0, 19)}${fraction.padEnd(4, '0')}Z`;
  }
  const ms = instantOf(timestamp);
  return (ms === undefined ? undefined : formatEpochMillis(ms)) ?? NILVALUE;
}

/** RFC 3164 month abbreviations (§4.1.2). */
export const RFC3164_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** RFC 3164 TIMESTAMP (`Feb  5 09:21:07`) of epoch milliseconds, in UTC. */
export function rfc3164TimestampOfInstant(ms: number): string {
  const d = new Date(ms);
  const day = d.getUTCDate();
  return `${RFC3164_MONTHS[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** RFC 3164 TIMESTAMP of a canonical timestamp, or undefined when it is not a date-time. */
export function rfc3164TimestampOf(timestamp: string): string | undefined {
  if (plainUtcEnd(timestamp) !== -1) {
    // The date and time as written (see plainUtcEnd): `2024-05-04T09:21:07Z` -> `May  4 09:21:07`.
    const month = RFC3164_MONTHS[(timestamp.charCodeAt(5) - 48) * 10 + timestamp.charCodeAt(6) - 49] as string;
    const day = timestamp.charCodeAt(8) === 48 /* 0 */ ? ` ${timestamp[9] as string}` : timestamp.slice(8, 10);
    return `${month} ${day} ${timestamp.slice(11, 19)}`;
  }
  const ms = instantOf(timestamp);
  return ms === undefined ? undefined : rfc3164TimestampOfInstant(ms);
}

/** RFC 3164 TIMESTAMP of a canonical timestamp. */
export function rfc3164Timestamp(timestamp: string): string {
  const text = rfc3164TimestampOf(timestamp);
  // Unreachable for a valid event (every RFC 3339 instant is within Date's range).
  if (text === undefined) throw new RangeError('timestamp is not an RFC 3339 date-time');
  return text;
}

/** RFC 5424 §6.2.3 with RFC 3339's grammar: upper-case `T` and `Z`, 1-6 fraction digits, an offset. */
const RFC5424_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;

export interface ReadTimestamp {
  /** The text as written; undefined for NILVALUE. */
  readonly text: string | undefined;
  /** Its instant in epoch milliseconds (fraction truncated); undefined for NILVALUE. */
  readonly ms: number | undefined;
}

/** Checks an RFC 5424 TIMESTAMP field (already cut at the next space) that starts at `offset`. */
export function readRfc5424Timestamp(field: string, offset: number, format: WireFormatName): ParseResult<ReadTimestamp> {
  if (field === NILVALUE) return parsed({ text: undefined, ms: undefined });
  // What siemkit writes (UTC, 0-6 fraction digits, fields in range, no second 60) passes every
  // check below, so it skips them.
  const z = plainUtcEnd(field);
  if (z !== -1 && z <= 26) return parsed({ text: field, ms: instantOf(field) });
  if (!RFC5424_TIMESTAMP.test(field)) return failed(format, offset, 'TIMESTAMP is not YYYY-MM-DDThh:mm:ss[.1-6 digits] with Z or ±hh:mm (RFC 5424 §6.2.3)');
  if (field.charCodeAt(17) === 54 && field.charCodeAt(18) === 48) return failed(format, offset + 17, 'TIMESTAMP has a leap second, which RFC 5424 §6.2.3.1 forbids');
  if (!isRfc3339DateTime(field)) return failed(format, offset, `TIMESTAMP ${dateTimeProblem(field) ?? 'is not a real instant'}`);
  return parsed({ text: field, ms: instantOf(field) });
}
