/**
 * The queue between `emit()` and a destination's sender: one per destination, FIFO, holding each
 * event as the bytes of its canonical JSON. Two implementations: `disk-queue.ts` (the default, an
 * embedded segmented log that survives `kill -9`) and `memory-queue.ts`.
 *
 * The consumer (one per destination) reads in order and acknowledges in order: `ack(seq)` marks
 * every record up to `seq` as done. Records read but not acknowledged when the process dies are
 * read again after a restart (at-least-once).
 */

export interface QueueEntry {
  /** Position in the queue: strictly increasing, stable across restarts. */
  readonly seq: number;
  /** The record as appended. */
  readonly data: Buffer;
  /** When it was appended (epoch ms), for the buffer window. */
  readonly enqueuedAtMs: number;
}

export interface QueueStats {
  /** Records appended and not yet acknowledged. */
  readonly depth: number;
  /** Their bytes (record data only). */
  readonly bytes: number;
  /** Append time of the oldest of them; undefined when the queue is empty. */
  readonly oldestEnqueuedAtMs: number | undefined;
}

export interface Queue {
  /**
   * The seq the next appended record gets, where the queue numbers records as `append` is called
   * (seqs in call order, given before `append` returns). A queue numbered elsewhere (JetStream)
   * has none.
   */
  readonly nextSeq?: number;
  /** Appends records in order. Resolves once they are durable under the queue's fsync policy. */
  append(records: readonly Uint8Array[], nowMs?: number): Promise<void>;
  /**
   * Up to `maxRecords` records (and at most `maxBytes` of data, but always at least one record
   * when one is unread) after the read cursor, oldest first, and moves the read cursor past them.
   * Returns [] at once when nothing is unread. A record's `data` is never written again: it may be
   * a view of a larger buffer (a chunk of a segment file), which it keeps alive, so a consumer
   * holds it as long as it needs without a copy.
   */
  read(maxRecords: number, maxBytes: number): Promise<QueueEntry[]>;
  /**
   * Resolves when there is an unread record (at once if there is one already), when `signal`
   * aborts, or when the queue closes.
   */
  waitForRecords(signal: AbortSignal): Promise<void>;
  /** Every record up to and including `seq` is done and never read again, even after a restart. */
  ack(seq: number): Promise<void>;
  /** Moves the read cursor back to the oldest unacknowledged record (after a failed send). */
  rewind(): void;
  stats(): QueueStats;
  /** Flushes and closes; records stay for the next start (disk) or are lost (memory). */
  close(): Promise<void>;
}
