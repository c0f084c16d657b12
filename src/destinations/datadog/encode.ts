/**
 * One log entry of the Logs intake API v2 (wire-protocols.md §4), from one event and its record:
 *
 *   {"ddsource":"siemkit","ddtags":"env:prod","hostname":"fw-1","service":"scaidrive",
 *    "status":"warning","timestamp":1715678467123,"message":"<the record>"}
 *
 * `message` is the record in the destination's format as a string (Datadog parses a JSON message
 * into attributes); `status` is the event's severity on Datadog's (syslog) levels; `timestamp` is
 * the event's time in epoch milliseconds, as Vector sends it. Reserved attributes only: the record
 * stays whole in `message`.
 *
 * An entry over 1 MB, or an event older than 18 hours, is refused here with a `PermanentError`:
 * Datadog would truncate the one and drop the other while answering 202 (§4, §11.3).
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { PermanentError } from '../errors.js';
import { MAX_AGE_MS, MAX_ENTRY_BYTES } from './config.js';
import { joinUtf8 } from '../transport/utf8-join.js';

/** Canonical severity -> Datadog `status` (the syslog levels its status remapper knows). */
export const DATADOG_STATUS: Readonly<Record<CanonicalEvent['severity'], string>> = {
  info: 'info',
  low: 'notice',
  medium: 'warning',
  high: 'error',
  critical: 'critical',
};

/** The reserved attributes every entry of a destination carries. */
export interface EntryFields {
  readonly ddsource: string;
  /** Omitted when empty. */
  readonly ddtags: string;
  readonly hostname: string;
  readonly service?: string;
}

/** Why Datadog would not index an event of this time, at `nowMs`; `undefined` when it would. */
export function staleReason(timestamp: string, nowMs: number): string | undefined {
  const ageMs = nowMs - Date.parse(timestamp);
  if (!(ageMs > MAX_AGE_MS)) return undefined;
  return `the event is ${(ageMs / 3_600_000).toFixed(1)} h old: Datadog takes logs at most 18 h old`;
}

/** The entry for `event`, whose record is `record`. Throws `PermanentError` for what Datadog would not keep whole. */
export function encodeEntry(event: CanonicalEvent, record: string, fields: EntryFields, nowMs: number): string {
  const stale = staleReason(event.timestamp, nowMs);
  if (stale !== undefined) throw new PermanentError(stale, 'too_old');
  const entry = JSON.stringify({
    ddsource: fields.ddsource,
    ...(fields.ddtags !== '' ? { ddtags: fields.ddtags } : {}),
    hostname: fields.hostname,
    ...(fields.service !== undefined ? { service: fields.service } : {}),
    status: DATADOG_STATUS[event.severity],
    timestamp: Date.parse(event.timestamp),
    message: record,
  });
  const bytes = Buffer.byteLength(entry, 'utf8');
  if (bytes > MAX_ENTRY_BYTES) throw new PermanentError(`the log entry is ${bytes} bytes, over Datadog's ${MAX_ENTRY_BYTES}-byte limit per log`, 'too_large');
  return entry;
}

/** The request body: a JSON array of entries. */
export function frameEntries(entries: readonly string[]): Buffer {
  return joinUtf8(entries, ',', '[', ']');
}
