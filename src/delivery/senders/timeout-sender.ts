/**
 * The timeout sender: gives the transport one deadline per request, after which the request is
 * aborted and counts as a retryable failure. It sits between the retry sender and the transport,
 * so every attempt gets a fresh deadline.
 */
import type { Batch, Destination } from '../../destinations/destination.js';
import { abortAfter } from '../abort-after.js';

/** Raised when a request outlives its deadline. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  readonly status = 'timeout';
}

export function sendWithTimeout(destination: Destination, batch: Batch, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = abortAfter(timeoutMs);
  const both = AbortSignal.any([signal, deadline.signal]);
  return destination
    .send(batch, both)
    .catch((err: unknown) => {
      if (deadline.signal.aborted && !signal.aborted) throw new RequestTimeoutError(`no answer within ${timeoutMs} ms`);
      throw err;
    })
    .finally(() => deadline.clear());
}
