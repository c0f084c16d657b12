/**
 * What an HTTP answer means for delivery, for every destination that POSTs over HTTP. Vendor
 * destinations read their own answers first (HEC codes, bulk items) and fall back to this table.
 *
 * | status                             | outcome                                    | why |
 * |------------------------------------|--------------------------------------------|-----|
 * | 200-299                            | delivered                                  | RFC 9110 §15.3; Standard Webhooks "delivery success" |
 * | 429                                | `ThrottleError(Retry-After)`               | RFC 6585 §4: rate limited |
 * | 503                                | `ThrottleError(Retry-After)`               | RFC 9110 §15.6.4: overloaded, may say when to return |
 * | 408, 425                           | retry (`TransportError`)                   | request timeout, too early: the same request can succeed later |
 * | 500, 502, 504-599 (not 501)        | retry (`TransportError`)                   | server-side failure; wire-protocols.md §11.4, as Vector and OTel |
 * | 408, 425, 5xx with `Retry-After`   | `ThrottleError(Retry-After)`               | the server said when (RFC 9110 §10.2.3) |
 * | 501                                | `PermanentError`                           | the server does not implement the request |
 * | 413, several records               | `PayloadTooLargeError`: split, resend      | wire-protocols.md §11.2; `sendBisecting` splits |
 * | 413, one record                    | `PermanentError`                           | the record alone is too large: no split can help |
 * | 400-499 otherwise (400, 401, 403, 404, 405, 409, 410, 411, 414, 415, 422, ...) | `PermanentError` | the same request fails again: fix the configuration, replay the dead letters |
 * | 300-399                            | `PermanentError`                           | redirects are not followed: fix the URL (Standard Webhooks) |
 * | 100-199, other                     | retry (`TransportError`)                   | not a final answer we understand |
 * | network error, timeout             | retry (`TransportError`, code)             | http-client.ts |
 *
 * Messages name the destination, the status and a redacted snippet of the answer; never a
 * request header, a URL or a credential.
 */
import { STATUS_CODES } from 'node:http';
import { PermanentError, ThrottleError } from '../errors.js';
import { PayloadTooLargeError, TransportError } from './errors.js';
import type { HttpResponse } from './http-client.js';
import type { Redact } from './redact.js';
import { snippet, SNIPPET_SOURCE_BYTES } from './redact.js';
import { parseRetryAfter } from './retry-after.js';

/** Response headers as Node and undici give them: lower-case names. */
export type ResponseHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface ClassifyContext {
  /** Named in the message. */
  readonly destination: string;
  /** Records in the request: decides what a 413 means. */
  readonly records: number;
  /** For an HTTP-date `Retry-After`; default `Date.now()`. */
  readonly nowMs?: number;
  /** Applied to the answer's snippet: the destination's redactor (`createRedactor`). */
  readonly redact: Redact;
}

/** Statuses retried although they are 4xx. */
const RETRYABLE_4XX: ReadonlySet<number> = new Set([408, 425]);

/** `503 Service Unavailable` */
function statusLine(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase === undefined ? `HTTP ${status}` : `HTTP ${status} ${phrase}`;
}

/**
 * `undefined` when the answer means delivered, else the error to throw (see the table above).
 * `body` is the answer's text, or its start; only a redacted snippet of it is quoted.
 */
export function classifyHttpResponse(status: number, headers: ResponseHeaders, body: string, context: ClassifyContext): Error | undefined {
  if (status >= 200 && status <= 299) return undefined;
  const what = `${context.destination}: ${statusLine(status)}`;
  const answer = snippet(body, context.redact);
  if (status === 413) {
    return context.records > 1 ? new PayloadTooLargeError(`${what}: ${context.records} records in one request are too large: ${answer}`) : new PermanentError(`${what}: the record is too large for the server: ${answer}`, status);
  }
  const retryable = status >= 500 ? status !== 501 : RETRYABLE_4XX.has(status) || status < 200 || status > 599 || status === 429;
  if (!retryable) {
    const hint = status >= 300 && status <= 399 ? ' (redirects are not followed: correct the URL)' : '';
    return new PermanentError(`${what}${hint}: ${answer}`, status);
  }
  const retryAfterMs = parseRetryAfter(headers['retry-after'], context.nowMs ?? Date.now());
  if (status === 429 || status === 503 || retryAfterMs !== undefined) {
    const after = retryAfterMs === undefined ? '' : ` (retry after ${retryAfterMs} ms)`;
    return new ThrottleError(`${what}${after}: ${answer}`, retryAfterMs, status);
  }
  return new TransportError(`${what}: ${answer}`, status);
}

/**
 * An answer as a whole, through the table above: for receivers whose answers mean nothing more
 * than their status (`Retry-After` aside). Reads the start of the body for the message.
 */
export function classifyAnswer(response: HttpResponse, destination: string, records: number, redact: Redact): Error | undefined {
  if (response.status >= 200 && response.status <= 299) return undefined;
  return classifyHttpResponse(response.status, response.headers, response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8'), { destination, records, redact });
}
