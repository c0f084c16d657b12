/**
 * A batch some of whose records a destination refused before sending (Datadog: too old; Sentinel:
 * a row the DCR would drop): the others are sent, and the whole batch's outcome is one `RetryItems`
 * in the batch's own indices, so the runtime dead-letters the refused records alone and retries
 * only what the send left to retry.
 */
import type { RejectedItem } from '../errors.js';
import { PermanentError, RetryItems, ThrottleError } from '../errors.js';

/**
 * Sends the records at `kept` (indices into a batch of `count`) with `send`, which sees them as a
 * batch of their own, and throws the batch's `RetryItems`: `refused` beside what `send` refused or
 * left to retry, mapped back.
 */
export async function sendKept(destination: string, count: number, kept: readonly number[], refused: readonly RejectedItem[], send: () => Promise<void>, signal: AbortSignal): Promise<never> {
  let retry: readonly number[] = [];
  let rejected: RejectedItem[] = [...refused];
  let retryAfterMs: number | undefined;
  if (kept.length > 0) {
    try {
      await send();
    } catch (err) {
      if (signal.aborted) throw err;
      if (err instanceof RetryItems) {
        retry = err.indices.map((i) => kept[i] as number);
        rejected = rejected.concat(err.rejected.map((r) => ({ ...r, index: kept[r.index] as number })));
        retryAfterMs = err.retryAfterMs;
      } else if (err instanceof PermanentError) {
        rejected = rejected.concat(kept.map((index) => ({ index, reason: err.message, ...(err.status !== undefined ? { status: err.status } : {}) })));
      } else {
        retry = kept;
        if (err instanceof ThrottleError) retryAfterMs = err.retryAfterMs;
      }
    }
  }
  throw new RetryItems(`${destination}: ${rejected.length} of ${count} records refused, ${retry.length} to send again`, retry, rejected.sort((a, b) => a.index - b.index), retryAfterMs);
}
