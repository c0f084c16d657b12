/**
 * How a destination says a send did not deliver, so the retry sender knows what to do (after the
 * OpenTelemetry Collector's exporterhelper): a `PermanentError` goes to the dead letters at once, a
 * `ThrottleError` is retried no sooner than the server asked, `RetryItems` retries only the items
 * of a partial success that failed, and any other error is retried with backoff.
 *
 * Messages never hold a secret: destinations build them from status codes and server answers, and
 * redact what they echo (src/delivery redacts once more before anything is logged or stored).
 */

/** What a dead-letter record and the health report show of a failure: an HTTP status or an error code. */
export type FailureStatus = number | string;

/** The request, or one record of it, can never succeed as it is: do not retry. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  constructor(
    message: string,
    readonly status?: FailureStatus,
  ) {
    super(message);
  }
}

/** The server is overloaded or rate-limits us: retry, but not before `retryAfterMs` (when it said). */
export class ThrottleError extends Error {
  override readonly name = 'ThrottleError';
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    readonly status?: FailureStatus,
  ) {
    super(message);
  }
}

/** One record of a batch that the server refused for good, with its index in the batch. */
export interface RejectedItem {
  readonly index: number;
  readonly reason: string;
  readonly status?: FailureStatus;
}

/**
 * A partial success: every record of the batch was delivered but those at `indices` (to retry)
 * and those in `rejected` (permanent, to the dead letters).
 */
export class RetryItems extends Error {
  override readonly name = 'RetryItems';
  constructor(
    message: string,
    readonly indices: readonly number[],
    readonly rejected: readonly RejectedItem[] = [],
    readonly retryAfterMs?: number,
    readonly status?: FailureStatus,
  ) {
    super(message);
  }
}
