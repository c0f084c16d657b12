/**
 * One event on its way through a destination's senders: the canonical event, the record it
 * encodes to, and what the dead letters and the buffer window need to know about it.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { Batch, RecordBytes } from '../../destinations/destination.js';

export interface DeliveryItem {
  readonly event: CanonicalEvent;
  /** The record in the destination's format. */
  readonly record: string;
  /** UTF-8 bytes of `record`. */
  readonly bytes: number;
  /** Those bytes, when the runtime holds them (a canonical JSON record, as the queue keeps it). */
  readonly recordBytes?: RecordBytes;
  /** When the event entered this destination's queue (epoch ms): the buffer window counts from here. */
  readonly enqueuedAtMs: number;
  /** Sends tried so far. */
  attempts: number;
  firstAttemptAtMs?: number;
  lastAttemptAtMs?: number;
}

/** An item that leaves for the dead letters, and why. */
export interface Undeliverable {
  readonly item: DeliveryItem;
  readonly reason: string;
  readonly status?: number | string;
  /** `window` when the buffer window expired: those are also announced by `siem.delivery.dropped`. */
  readonly kind: 'permanent' | 'retries_exhausted' | 'window' | 'closing';
}

/** What a sender reports for a batch: every item either delivered or undeliverable. */
export interface SendOutcome {
  readonly delivered: number;
  readonly undeliverable: readonly Undeliverable[];
}

/** A link of the chain (after the OpenTelemetry Collector's exporterhelper senders). */
export interface Sender {
  send(items: readonly DeliveryItem[], signal: AbortSignal): Promise<SendOutcome>;
}

/**
 * The batch a destination is given for these items. Its `records` and `events` are read from the
 * items only when the destination asks: items decode their record and parse their event lazily,
 * and a destination that frames `recordBytes` (given when every item holds its bytes) needs neither.
 */
export function batchOf(items: readonly DeliveryItem[]): Batch {
  let records: string[] | undefined;
  let recordBytes: RecordBytes[] | undefined = [];
  for (const item of items) {
    if (item.recordBytes === undefined) {
      recordBytes = undefined;
      break;
    }
    recordBytes.push(item.recordBytes);
  }
  return {
    get records() {
      return (records ??= items.map((i) => i.record));
    },
    get events() {
      return items.map((i) => i.event);
    },
    ...(recordBytes !== undefined ? { recordBytes } : {}),
  };
}
