/**
 * One row of the stream: the record in the destination's JSON format with `TimeGenerated` first,
 * the event's own time (wire-protocols.md §2.7). Without it Azure Monitor stamps the time of
 * ingestion; a DCR whose `transformKql` is `source` keeps the column as sent.
 *
 * `TimeGenerated` is the event's `timestamp` in UTC with six fractional digits
 * (`2024-05-14T09:21:09.500000Z`): ISO 8601 as KQL's `datetime` reads it, and the precision the
 * Auxiliary and Lake table plans require (§2.7). Digits past the sixth are cut, never rounded, so
 * the row never lands after the event.
 *
 * A batch is a JSON array of rows (§2.3): `[row,row,…]`.
 */
import { PermanentError } from '../errors.js';
import { joinUtf8 } from '../transport/utf8-join.js';

/** RFC 3339 date-time: the seconds part, the fraction, the zone. */
const RFC3339 = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

const two = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `s` is `YYYY-MM-DDTHH:MM:SS.sssZ` (what `toISOString` and most producers write) naming a
 * real day and a second 00-59: then `TimeGenerated` is `s` with three more zeros, and no instant
 * need be computed. Anything else takes the general path.
 */
function isPlainUtcMillis(s: string): boolean {
  if (s.length !== 24 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return false;
  const century = two(s, 0);
  const year = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const ms = two(s, 20);
  const msLast = s.charCodeAt(22) - 48;
  if (century < 0 || year < 0 || month < 1 || month > 12 || day < 1 || ms < 0 || msLast < 0 || msLast > 9) return false;
  const y = century * 100 + year;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS[month - 1] as number))) return false;
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** `timestamp` as `YYYY-MM-DDTHH:MM:SS.ffffffZ`. Throws `PermanentError` for what is no instant. */
export function timeGenerated(timestamp: string): string {
  if (isPlainUtcMillis(timestamp)) return `${timestamp.slice(0, 23)}000Z`;
  const m = RFC3339.exec(timestamp);
  const seconds = m === null ? Number.NaN : Date.parse(`${m[1] as string}${(m[3] as string).toUpperCase()}`.replace('t', 'T'));
  if (m === null || Number.isNaN(seconds)) throw new PermanentError(`timestamp ${JSON.stringify(timestamp.slice(0, 40))} is not an RFC 3339 instant`, 'encode_error');
  const fraction = (m[2] ?? '').slice(0, 6).padEnd(6, '0');
  return `${new Date(seconds).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** The record (a JSON object) with `"TimeGenerated"` as its first member. */
export function withTimeGenerated(record: string, timestamp: string): string {
  if (!record.startsWith('{')) throw new PermanentError('a Logs Ingestion row must be a JSON object', 'encode_error');
  const rest = record.slice(1).trimStart();
  const column = `"TimeGenerated":${JSON.stringify(timeGenerated(timestamp))}`;
  return rest.startsWith('}') ? `{${column}${rest}` : `{${column},${rest}`;
}

/** The request body: a JSON array of the rows (RFC 8259 §5). */
export function frameRows(rows: readonly string[]): Buffer {
  return joinUtf8(rows, ',', '[', ']');
}
