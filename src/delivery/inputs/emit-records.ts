/**
 * Feeds records to the forwarder in arrays: one `emit` per batch rather than per event, because
 * `emit` resolves once its events are durable (one queue write per batch, not per event).
 *
 * A batch closes at `maxRecords` records or `maxDelayMs` after its first record, whichever comes
 * first: a file or a request body fills batches at once, a followed file that grows slowly still
 * sees each line queued within `maxDelayMs`. One batch is emitted while the next is read, and
 * batches are emitted in input order.
 */
import type { IngestSink } from './ingest-sink.js';
import type { InputRecord } from './ndjson-stream.js';

export interface BatchOptions {
  /** Records per batch at most. */
  readonly maxRecords?: number;
  /** How long the first record of a batch waits for more, in milliseconds. */
  readonly maxDelayMs?: number;
}

export const DEFAULT_BATCH_MAX_RECORDS = 1_000;
export const DEFAULT_BATCH_MAX_DELAY_MS = 64;

/**
 * Groups `records` into arrays of at most `maxRecords`, each closed at most `maxDelayMs` after its
 * first record arrived.
 */
export async function* batchRecords<R>(records: AsyncIterable<R>, options: BatchOptions = {}): AsyncGenerator<R[]> {
  const maxRecords = Math.max(1, options.maxRecords ?? DEFAULT_BATCH_MAX_RECORDS);
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_BATCH_MAX_DELAY_MS;
  const source = records[Symbol.asyncIterator]();
  /** The read in progress; it may outlive a batch (a slow source), so it is kept across them. */
  let pending: Promise<IteratorResult<R>> | undefined;
  let batch: R[] = [];
  /** One timer per batch (not per record), started by its first record. */
  let timer: NodeJS.Timeout | undefined;
  let expired: Promise<'expired'> | undefined;
  let finished = false;
  const stopTimer = (): void => {
    clearTimeout(timer);
    timer = undefined;
    expired = undefined;
  };
  try {
    for (;;) {
      pending ??= source.next();
      const result = expired === undefined ? await pending : await Promise.race([pending, expired]);
      if (result === 'expired') {
        stopTimer();
        const full = batch;
        batch = [];
        yield full;
        continue;
      }
      pending = undefined;
      if (result.done === true) {
        finished = true;
        break;
      }
      batch.push(result.value);
      if (batch.length >= maxRecords) {
        stopTimer();
        const full = batch;
        batch = [];
        yield full;
      } else if (expired === undefined) {
        expired = new Promise((resolve) => {
          timer = setTimeout(() => resolve('expired'), maxDelayMs);
        });
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    stopTimer();
    if (!finished) {
      // Stopped early. With a read still in progress, `return()` would wait for it (perhaps
      // forever, on a followed file), so it is not awaited: the source ends on its own signal.
      if (pending === undefined) await source.return?.();
      else void pending.then(() => source.return?.(), () => undefined);
    }
  }
}

/** A record the input could not read or `emit` refused, by its record number. */
export interface RecordRejection {
  /** The record's 1-based number in the input. */
  readonly index: number;
  readonly eventId?: string;
  readonly errors: readonly { readonly code: string; readonly path: string; readonly message: string }[];
}

export interface EmitRecordsOptions<R extends InputRecord> extends BatchOptions {
  /** Called for every refused record, in input order. */
  readonly onRejected?: (rejection: RecordRejection) => void;
  /**
   * Called after each batch's `emit` resolved, in order, before the next batch is emitted: the
   * batch's records are then queued or refused for good (a followed file saves its offset here).
   */
  readonly onBatchDone?: (batch: readonly R[]) => void | Promise<void>;
}

export interface EmitRecordsResult {
  /** Records read (blank lines are not records). */
  readonly records: number;
  /** Events queued. */
  readonly accepted: number;
  /** Records refused: unreadable, or invalid by `emit`. */
  readonly rejected: number;
}

/**
 * Reads `records` to the end, emitting them in batches to `sink`. Rejects with the first error of
 * `emit` or of the source; batches emitted before it are queued.
 */
export async function emitRecords<R extends InputRecord>(records: AsyncIterable<R>, sink: Pick<IngestSink, 'emit'>, options: EmitRecordsOptions<R> = {}): Promise<EmitRecordsResult> {
  let total = 0;
  let accepted = 0;
  let rejected = 0;

  const emitBatch = async (batch: R[]): Promise<void> => {
    const readable: R[] = [];
    const refused: RecordRejection[] = [];
    for (const record of batch) {
      if (record.error === undefined) readable.push(record);
      else refused.push({ index: record.index, errors: [record.error] });
    }
    if (readable.length > 0) {
      const result = await sink.emit(readable.map((r) => r.value));
      accepted += result.accepted;
      for (const r of result.rejected) {
        // The sink numbers from 0 within the array it was given; the input numbers records from 1.
        const record = readable[r.index];
        refused.push({ index: record?.index ?? -1, ...(r.eventId !== undefined ? { eventId: r.eventId } : {}), errors: r.errors });
      }
    }
    total += batch.length;
    rejected += refused.length;
    if (options.onRejected !== undefined) {
      refused.sort((a, b) => a.index - b.index);
      for (const r of refused) options.onRejected(r);
    }
    await options.onBatchDone?.(batch);
  };

  // One batch in `emit` while the next is read; each waits for the one before it.
  let inFlight: Promise<void> | undefined;
  try {
    for await (const batch of batchRecords(records, options)) {
      if (inFlight !== undefined) await inFlight;
      inFlight = emitBatch(batch);
      // Mark it handled now: its error is thrown by the `await` above or below, not as unhandled.
      inFlight.catch(() => undefined);
    }
    await inFlight;
  } catch (err) {
    await inFlight?.catch(() => undefined);
    throw err;
  }
  return { records: total, accepted, rejected };
}
