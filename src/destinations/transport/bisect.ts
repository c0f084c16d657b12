/**
 * Sending a batch in as many requests as the server needs: a request answered 413 is split in two
 * halves, each sent on its own, down to single records (wire-protocols.md §11.2: "bisect the batch
 * and retry halves; a single over-size event is a permanent failure"). The same loop sends a batch
 * one record per request, for destinations that take one event per request.
 *
 * The outcome of the parts becomes one outcome for the batch:
 *   - every part delivered: resolves;
 *   - one request only, failed: its own error, unchanged (`ThrottleError` stays a throttle);
 *   - several requests: `RetryItems` with the records to send again (a part that failed with a
 *     retryable error, and every part after it, which is not tried: the server is failing) and
 *     the records refused for good (a part answered with a `PermanentError`), each with its reason.
 */
import { PermanentError, RetryItems, ThrottleError } from '../errors.js';
import type { FailureStatus, RejectedItem } from '../errors.js';
import { PayloadTooLargeError } from './errors.js';

/** Sends records `[start, end)` of the batch in one request; resolves when delivered. */
export type SendPart = (start: number, end: number) => Promise<void>;

export interface BisectOptions {
  /** Records per request at most; 1 sends each record alone. Default: the whole batch at once. */
  readonly maxPerRequest?: number;
  /** Checked between requests: an abort rejects with its reason. */
  readonly signal?: AbortSignal;
  /** The destination, named in the message of a partial success. */
  readonly destination?: string;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

export async function sendBisecting(count: number, send: SendPart, options: BisectOptions = {}): Promise<void> {
  const per = Math.max(1, options.maxPerRequest ?? count);
  // Parts still to send, in batch order; the next one is at the end (a stack).
  const todo: Array<[number, number]> = [];
  for (let end = count; end > 0; end -= per) todo.push([Math.max(0, end - per), end]);

  const rejected: RejectedItem[] = [];
  let retry: number[] = [];
  let retryAfterMs: number | undefined;
  let status: FailureStatus | undefined;
  let requests = 0;
  let last: unknown;

  while (todo.length > 0) {
    options.signal?.throwIfAborted();
    const [start, end] = todo.pop() as [number, number];
    requests++;
    try {
      await send(start, end);
    } catch (err) {
      if (err instanceof PayloadTooLargeError && end - start > 1) {
        const mid = start + Math.ceil((end - start) / 2);
        todo.push([mid, end], [start, mid]);
        continue;
      }
      // A single record too large is refused for good, whoever said it was a split.
      last = err instanceof PayloadTooLargeError ? new PermanentError(err.message, err.status) : err;
      if (last instanceof PermanentError) {
        const reason = last.message;
        for (const index of range(start, end)) rejected.push({ index, reason, ...(last.status !== undefined ? { status: last.status } : {}) });
        continue;
      }
      if (options.signal?.aborted) throw err;
      // Retryable: this part and every part not yet tried go back to the queue.
      retry = range(start, end).concat(...todo.reverse().map(([s, e]) => range(s, e)));
      todo.length = 0;
      if (err instanceof ThrottleError) retryAfterMs = err.retryAfterMs;
      status = (err as { status?: FailureStatus }).status;
    }
  }
  if (rejected.length === 0 && retry.length === 0) return;
  if (requests === 1) throw last;
  const message = `${options.destination ?? 'destination'}: ${rejected.length} of ${count} records refused, ${retry.length} to send again`;
  throw new RetryItems(message, retry, rejected, retryAfterMs, status);
}
