/**
 * What a HEC answer means (wire-protocols.md §1.5). The body is `{"text": "...", "code": n}`, with
 * `ackId` on a success under acknowledgement and `invalid-event-number` (zero-based) when one event
 * of the request was refused. The HEC code decides first; an answer without one (a proxy's, a 413)
 * follows the shared HTTP table of ../transport/classify.ts.
 *
 * | HEC code                          | HTTP | outcome                                                          |
 * |-----------------------------------|------|------------------------------------------------------------------|
 * | 0 Success (24, 25 "approaching")  | 200  | delivered; `ackId` to wait for when acknowledgement is on        |
 * | 6, 12, 13, 15 + invalid-event-number | 400 | that event refused for good, the others sent again at once     |
 * | 1 disabled, 2, 3, 4 token         | 401/403 | `PermanentError` for the batch, the reason names the code, never the token |
 * | 5, 7, 10, 11, 14, 16, and 6/12/13/15 without a number | 400 | `PermanentError` for the batch (fix the configuration, replay) |
 * | 8 internal error                  | 500  | retry with backoff                                               |
 * | 9 busy, 23 shutting down          | 503  | `ThrottleError` (Retry-After when given)                         |
 * | 26, 27 at capacity                | 429  | `ThrottleError` (Retry-After when given)                         |
 * | none (413, a proxy's answer)      | any  | ../transport/classify.ts: 413 splits the batch, 5xx retry, ...   |
 *
 * Splunk publishes no retryable set; this is the consensus of Vector and the OTel exporter (§1.5).
 */
import { STATUS_CODES } from 'node:http';
import type { FailureStatus } from '../errors.js';
import { PermanentError, ThrottleError } from '../errors.js';
import { classifyHttpResponse } from '../transport/classify.js';
import { TransportError } from '../transport/errors.js';
import type { HttpResponse } from '../transport/http-client.js';
import type { Redact } from '../transport/redact.js';
import { SNIPPET_SOURCE_BYTES, snippet } from '../transport/redact.js';
import { parseRetryAfter } from '../transport/retry-after.js';

/** A HEC answer body, as far as it could be read. */
export interface HecAnswer {
  readonly code?: number;
  readonly text?: string;
  readonly ackId?: number;
  readonly invalidEventNumber?: number;
}

/** One event's problem: the request was refused because of it alone (§1.5, §11.3). */
const EVENT_CODES: ReadonlySet<number> = new Set([6, 12, 13, 15]);
/** The token is missing, malformed, unknown or disabled. */
const TOKEN_CODES: ReadonlySet<number> = new Set([1, 2, 3, 4]);
const PERMANENT_CODES: ReadonlySet<number> = new Set([5, 6, 7, 10, 11, 12, 13, 14, 15, 16]);
const THROTTLE_CODES: ReadonlySet<number> = new Set([9, 23, 26, 27]);
const RETRY_CODES: ReadonlySet<number> = new Set([8]);

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The HEC fields of an answer body; empty when it is not a HEC answer. */
export function readHecAnswer(body: Buffer): HecAnswer {
  let doc: unknown;
  try {
    doc = JSON.parse(body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8'));
  } catch {
    return {};
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return {};
  const d = doc as Record<string, unknown>;
  return {
    ...(isIndex(d.code) ? { code: d.code } : {}),
    ...(typeof d.text === 'string' ? { text: d.text } : {}),
    ...(isIndex(d.ackId) ? { ackId: d.ackId } : {}),
    ...(isIndex(d['invalid-event-number']) ? { invalidEventNumber: d['invalid-event-number'] } : {}),
  };
}

export type HecOutcome =
  /** Received (and, without acknowledgement, as good as delivered). */
  | { readonly kind: 'delivered'; readonly ackId?: number }
  /** The whole request was refused because of record `index` (of the request): drop it, send the rest. */
  | { readonly kind: 'invalid_event'; readonly index: number; readonly reason: string; readonly status: FailureStatus }
  /** `PermanentError`, `ThrottleError`, `PayloadTooLargeError` or a retryable error, for the whole request. */
  | { readonly kind: 'failed'; readonly error: Error };

export interface HecClassifyContext {
  readonly destination: string;
  /** Records in the request. */
  readonly records: number;
  readonly redact: Redact;
  readonly nowMs?: number;
}

function statusLine(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase === undefined ? `HTTP ${status}` : `HTTP ${status} ${phrase}`;
}

/** `HEC code 4 "Invalid token"`: the server's text, redacted (a server may echo what it was sent). */
function describeCode(answer: HecAnswer, redact: Redact): string {
  return `HEC code ${answer.code} ${snippet(answer.text ?? '', redact)}`;
}

/** What the answer to a batch POST means. */
export function classifyHecAnswer(response: HttpResponse, context: HecClassifyContext): HecOutcome {
  const { status } = response;
  const answer = readHecAnswer(response.body);
  if (status >= 200 && status <= 299) return { kind: 'delivered', ...(answer.ackId !== undefined ? { ackId: answer.ackId } : {}) };
  const code = answer.code;
  const what = `${context.destination}: ${statusLine(status)}`;
  if (code !== undefined && status !== 413) {
    const described = describeCode(answer, context.redact);
    const n = answer.invalidEventNumber;
    if (EVENT_CODES.has(code) && n !== undefined && n < context.records) {
      return { kind: 'invalid_event', index: n, reason: `${what}: ${described}: this event was refused`, status };
    }
    if (TOKEN_CODES.has(code)) return { kind: 'failed', error: new PermanentError(`${what}: ${described}: the HEC refused the token (check \`token\`)`, status) };
    if (PERMANENT_CODES.has(code)) return { kind: 'failed', error: new PermanentError(`${what}: ${described}`, status) };
    if (THROTTLE_CODES.has(code)) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], context.nowMs ?? Date.now());
      return { kind: 'failed', error: new ThrottleError(`${what}: ${described}${retryAfterMs !== undefined ? ` (retry after ${retryAfterMs} ms)` : ''}`, retryAfterMs, status) };
    }
    if (RETRY_CODES.has(code)) return { kind: 'failed', error: new TransportError(`${what}: ${described}`, status) };
  }
  const text = response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8');
  const error = classifyHttpResponse(status, response.headers, text, { destination: context.destination, records: context.records, redact: context.redact, ...(context.nowMs !== undefined ? { nowMs: context.nowMs } : {}) });
  return { kind: 'failed', error: error ?? new TransportError(`${what}: unexpected answer`, status) };
}

export type AckOutcome =
  /** The ids Splunk reports indexed (each is reported `true` once, §1.6). */
  | { readonly kind: 'acks'; readonly acked: ReadonlySet<number> }
  /** Code 14 "ACK is disabled": the token has no acknowledgement; a 200 was all there is (Vector's fallback). */
  | { readonly kind: 'disabled' }
  /** Any other answer: not known yet, ask again until the deadline. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** What the answer to an acknowledgement query means. */
export function classifyAckAnswer(response: HttpResponse, destination: string, redact: Redact): AckOutcome {
  const answer = readHecAnswer(response.body);
  if (answer.code === 14) return { kind: 'disabled' };
  if (response.status === 200) {
    let doc: unknown;
    try {
      doc = JSON.parse(response.body.toString('utf8'));
    } catch {
      doc = undefined;
    }
    const acks = (doc as { acks?: unknown } | undefined)?.acks;
    if (typeof acks === 'object' && acks !== null && !Array.isArray(acks)) {
      const acked = new Set<number>();
      for (const [id, ok] of Object.entries(acks)) if (ok === true && /^\d+$/.test(id)) acked.add(Number(id));
      return { kind: 'acks', acked };
    }
  }
  const detail = answer.code !== undefined ? describeCode(answer, redact) : snippet(response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8'), redact);
  return { kind: 'unknown', reason: `${destination}: acknowledgement query: ${statusLine(response.status)}: ${detail}` };
}
