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
import { plainUtcEnd } from '../../../schemas/formats/rfc3339.js';
import { PermanentError } from '../errors.js';
import { joinUtf8 } from '../transport/utf8-join.js';

/** RFC 3339 date-time: the seconds part, the fraction, the zone. */
const RFC3339 = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/** `timestamp` as `YYYY-MM-DDTHH:MM:SS.ffffffZ`. Throws `PermanentError` for what is no instant. */
export function timeGenerated(timestamp: string): string {
  // `YYYY-MM-DDThh:mm:ss.sssZ` naming a real day and second (what toISOString writes): three more zeros.
  if (timestamp.length === 24 && timestamp.charCodeAt(19) === 46 && plainUtcEnd(timestamp) === 23) return `${timestamp.slice(0, 23)}000Z`;
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
