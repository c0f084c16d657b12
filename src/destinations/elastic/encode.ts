/**
 * Bulk framing (wire-protocols.md §3.1): each event is one `create` action line and its source
 * line, and the body is those pairs with every line, the last one too, ending in `\n`:
 *
 *   {"create":{"_index":"siem-audit","_id":"evt_01"}}\n
 *   {...the record...}\n
 *
 * `create` with `_id` = `event_id` makes a resend idempotent: a document already written is
 * answered 409 and counts as delivered. A data stream takes `create` only, and every document
 * needs `@timestamp`; records of a format without one (`ocsf`, `canonical`) get the event's
 * `timestamp` as `@timestamp`, first.
 *
 * One bulk item is one record for the batcher, so its limits count the action line too: the
 * separator is the `\n` after the source line (the one inside the item is part of the record).
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { joinUtf8 } from '../transport/utf8-join.js';

export interface BulkTarget {
  /** The index or data stream. */
  readonly name: string;
  readonly dataStream: boolean;
}

export const BULK_CONTENT_TYPE = 'application/x-ndjson';
export const BULK_ENVELOPE_BYTES = 0;
export const BULK_SEPARATOR_BYTES = 1;

/** The action line of an event (no line ending). */
export function actionLine(target: BulkTarget, eventId: string): string {
  return `{"create":{"_index":${JSON.stringify(target.name)},"_id":${JSON.stringify(eventId)}}}`;
}

/** The record as the document's source: with `@timestamp` first when a data stream needs it and the record has none at its top level. */
export function sourceLine(target: BulkTarget, record: string, event: CanonicalEvent): string {
  if (!target.dataStream || !record.startsWith('{') || hasTopLevelTimestamp(record)) return record;
  const rest = record.slice(1).trimStart();
  return `{"@timestamp":${JSON.stringify(event.timestamp)}${rest.startsWith('}') ? '' : ','}${rest}`;
}

/** Whether `@timestamp` is a key of the record's top-level object (ECS records), without parsing it. */
function hasTopLevelTimestamp(record: string): boolean {
  if (!record.includes('"@timestamp"')) return false;
  const doc = JSON.parse(record) as Record<string, unknown>;
  return Object.hasOwn(doc, '@timestamp');
}

/** One bulk item: the action line, `\n`, the source line. */
export function bulkItem(target: BulkTarget, record: string, event: CanonicalEvent): string {
  return `${actionLine(target, event.event_id)}\n${sourceLine(target, record, event)}`;
}

/** The body of these items: every line ends in `\n`, the last one too (a missing one is a 400). */
export function frameBulk(items: readonly string[]): Buffer {
  return items.length === 0 ? Buffer.alloc(0) : joinUtf8(items, '\n', '', '\n');
}
