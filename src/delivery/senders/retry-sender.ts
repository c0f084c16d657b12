/**
 * The retry sender: sends a batch through the timeout sender and the transport until every item is
 * delivered or undeliverable. What the destination's classification says decides the next step
 * (src/destinations/errors.ts):
 *
 *   delivered            -> done
 *   PermanentError       -> every pending item to the dead letters
 *   RetryItems           -> its `rejected` to the dead letters, its `indices` sent again, alone
 *   ThrottleError        -> retried, never sooner than its Retry-After
 *   anything else        -> retried with backoff (full jitter)
 *
 * Before each attempt, items older than the buffer window leave for the dead letters (and are
 * announced by `siem.delivery.dropped`). When the backoff gives up (max elapsed time), the pending
 * items leave with the last error as their reason. When `signal` aborts (shutdown), the send
 * rejects and the caller leaves the items in the queue for the next start: at-least-once.
 */
import type { Batch, Destination } from '../../destinations/destination.js';
import { PermanentError, RetryItems, ThrottleError } from '../../destinations/errors.js';
import type { DeliveryItem, Sender, SendOutcome, Undeliverable } from './item.js';
import { batchOf } from './item.js';
import { sendWithTimeout } from './timeout-sender.js';

/** The backoff the retry sender asks after each failed attempt (src/delivery/retry-policy.ts). */
export interface Backoff {
  /** The wait before attempt `attempt + 1` (0-based count of failures so far), or undefined to give up. */
  nextDelayMs(attempt: number, elapsedMs: number, retryAfterMs?: number): number | undefined;
}

export interface RetrySenderHooks {
  /** A failed attempt (already redacted by the caller's redactor when shown). */
  onAttemptFailed(error: unknown, status: number | string | undefined, items: number): void;
  /** A wait before the next attempt; `throttled` when the server asked for it. */
  onWait(delayMs: number, throttled: boolean): void;
  /** The attempt after a wait is about to start. */
  onResume(): void;
  /** One request's duration and how it ended (the request-duration histogram, the adaptive concurrency); `error` is what a failed one threw. */
  onRequest?(durationMs: number, outcome: 'delivered' | 'partial' | 'retry' | 'permanent', error?: unknown): void;
}

export interface RetrySenderOptions {
  readonly timeoutMs: number;
  /** The buffer window (`buffer.max_age_ms`). */
  readonly windowMs: number;
  readonly now?: () => number;
}

/** `status` of a classified error, or of a network error's code. */
export function failureStatus(err: unknown): number | string | undefined {
  if (err instanceof PermanentError || err instanceof ThrottleError || err instanceof RetryItems) return err.status;
  const e = err as { status?: unknown; code?: unknown };
  if (typeof e?.status === 'number' || typeof e?.status === 'string') return e.status;
  if (typeof e?.code === 'string') return e.code;
  return undefined;
}

export function failureReason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class RetrySender implements Sender {
  private readonly now: () => number;

  constructor(
    private readonly destination: Destination,
    private readonly backoff: Backoff,
    private readonly options: RetrySenderOptions,
    private readonly hooks: RetrySenderHooks,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** `prepared`, when given, is the batch of all `items` the destination prepared: the first attempt sends it, if every item is still in it. */
  async send(items: readonly DeliveryItem[], signal: AbortSignal, prepared?: Batch): Promise<SendOutcome> {
    const undeliverable: Undeliverable[] = [];
    let delivered = 0;
    let pending = items;
    let failures = 0;
    const start = this.now();
    while (pending.length > 0) {
      const now = this.now();
      const live: DeliveryItem[] = [];
      for (const item of pending) {
        if (now - item.enqueuedAtMs > this.options.windowMs) undeliverable.push({ item, kind: 'window', reason: `waited longer than the buffer window of ${this.options.windowMs} ms` });
        else live.push(item);
      }
      pending = live;
      if (pending.length === 0) break;
      for (const item of pending) {
        item.attempts++;
        item.firstAttemptAtMs ??= now;
        item.lastAttemptAtMs = now;
      }
      let retryAfterMs: number | undefined;
      let lastError: unknown;
      const began = performance.now();
      try {
        const batch = prepared !== undefined && failures === 0 && pending.length === items.length ? prepared : batchOf(pending);
        await sendWithTimeout(this.destination, batch, this.options.timeoutMs, signal);
        this.hooks.onRequest?.(performance.now() - began, 'delivered');
        delivered += pending.length;
        break;
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        this.hooks.onRequest?.(performance.now() - began, err instanceof PermanentError ? 'permanent' : err instanceof RetryItems ? 'partial' : 'retry', err);
        lastError = err;
        this.hooks.onAttemptFailed(err, failureStatus(err), pending.length);
        if (err instanceof PermanentError) {
          for (const item of pending) undeliverable.push({ item, kind: 'permanent', reason: err.message, status: err.status });
          break;
        }
        if (err instanceof RetryItems) {
          const rejected = new Set<number>();
          for (const r of err.rejected) {
            const item = pending[r.index];
            if (item === undefined || rejected.has(r.index)) continue;
            rejected.add(r.index);
            undeliverable.push({ item, kind: 'permanent', reason: r.reason, status: r.status ?? err.status });
          }
          const retry = [...new Set(err.indices)].filter((i) => pending[i] !== undefined && !rejected.has(i));
          delivered += pending.length - retry.length - rejected.size;
          pending = retry.map((i) => pending[i] as DeliveryItem);
          retryAfterMs = err.retryAfterMs;
          if (pending.length === 0) break;
        } else if (err instanceof ThrottleError) {
          retryAfterMs = err.retryAfterMs;
        }
      }
      const delay = this.backoff.nextDelayMs(failures++, this.now() - start, retryAfterMs);
      if (delay === undefined) {
        const reason = `gave up retrying after ${failures} attempt${failures === 1 ? '' : 's'}: ${failureReason(lastError)}`;
        for (const item of pending) undeliverable.push({ item, kind: 'retries_exhausted', reason, status: failureStatus(lastError) });
        break;
      }
      this.hooks.onWait(delay, retryAfterMs !== undefined);
      await sleep(delay, signal);
      this.hooks.onResume();
    }
    return { delivered, undeliverable };
  }
}
