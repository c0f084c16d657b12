/**
 * The transport's own errors, beside the runtime's typed ones (../errors.ts). A `TransportError`
 * is worth retrying with backoff (a network error, a timeout, a 5xx); the retry sender treats it as
 * any error that is neither permanent nor a throttle. `PayloadTooLargeError` asks the caller to
 * split the request (wire-protocols.md §11.2): `sendBisecting` (bisect.ts) does so, and never lets
 * it escape.
 */
import type { FailureStatus } from '../errors.js';

/** A failure worth retrying: `status` is the HTTP status, or the error code (`ECONNREFUSED`, `timeout`). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly status: FailureStatus,
  ) {
    super(message);
  }
}

/** HTTP 413 for a request of several records: resend them in smaller requests. */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
}
