/**
 * What a bulk answer means (wire-protocols.md §3.3). The request as a whole follows the shared
 * table (../transport/classify.ts): 413 splits the batch, 429 and 503 throttle with Retry-After,
 * other 5xx retry, 401, 403 and other 4xx are permanent. A 2xx answer is read item by item when it
 * says `errors: true`:
 *
 * | item status      | outcome                 | why |
 * |------------------|-------------------------|-----|
 * | 200-299          | delivered               | created |
 * | 409              | delivered               | `create` of an `_id` that exists: an earlier attempt wrote it (ids are `event_id`s) |
 * | 429              | retry this item         | `es_rejected_execution_exception`: the write queue was full |
 * | 500-599          | retry this item         | a shard or node failed |
 * | other            | refused, dead letter    | mapping or parse error (400), missing index (404), ...: the same document fails again |
 *
 * A 2xx answer that is not a bulk answer (not JSON, no `errors` flag, items not one per document)
 * is retried: resending is safe, since what was written comes back 409.
 */
import type { RejectedItem } from '../errors.js';
import { classifyHttpResponse } from '../transport/classify.js';
import { TransportError } from '../transport/errors.js';
import type { HttpResponse } from '../transport/http-client.js';
import type { Redact } from '../transport/redact.js';
import { SNIPPET_SOURCE_BYTES, snippet } from '../transport/redact.js';

/** Items of one request that were not delivered, by their index in that request. */
export interface BulkItemFailures {
  readonly retry: readonly number[];
  readonly rejected: readonly RejectedItem[];
  /** The status of the first item to retry (429 or 5xx), for health and dead letters. */
  readonly status?: number;
}

interface BulkItemResult {
  readonly status?: unknown;
  readonly error?: { readonly type?: unknown; readonly reason?: unknown };
}

function text(response: HttpResponse): string {
  return response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8');
}

/**
 * `undefined` when every item was delivered, the error to throw when the request failed as a
 * whole, or the items that failed.
 */
export function classifyBulkAnswer(response: HttpResponse, destination: string, records: number, redact: Redact): Error | BulkItemFailures | undefined {
  if (response.status < 200 || response.status > 299) return classifyHttpResponse(response.status, response.headers, text(response), { destination, records, redact });
  const bad = (why: string): TransportError => new TransportError(`${destination}: HTTP ${response.status} but ${why}: ${snippet(text(response), redact)}`, 'bad_answer');
  let answer: { errors?: unknown; items?: unknown };
  try {
    answer = JSON.parse(response.body.toString('utf8')) as { errors?: unknown; items?: unknown };
  } catch {
    return bad('the answer is not JSON');
  }
  if (answer.errors === false) return undefined;
  if (answer.errors !== true) return bad('the answer has no `errors` flag');
  if (!Array.isArray(answer.items) || answer.items.length !== records) return bad(`the answer does not hold one item per document (${records})`);
  const retry: number[] = [];
  const rejected: RejectedItem[] = [];
  let status: number | undefined;
  answer.items.forEach((item: unknown, index) => {
    // Each item is `{ "<action>": { status, error } }`.
    const result = (typeof item === 'object' && item !== null ? Object.values(item)[0] : undefined) as BulkItemResult | undefined;
    const code = typeof result?.status === 'number' ? result.status : 0;
    if ((code >= 200 && code <= 299) || code === 409) return;
    if (code === 429 || code >= 500 || code === 0) {
      retry.push(index);
      status ??= code === 0 ? undefined : code;
      return;
    }
    const type = typeof result?.error?.type === 'string' ? result.error.type : 'error';
    const reason = typeof result?.error?.reason === 'string' ? result.error.reason : '';
    rejected.push({ index, reason: `${destination}: refused by the cluster: ${code} ${type}: ${snippet(reason, redact)}`, status: code });
  });
  return { retry, rejected, ...(status !== undefined ? { status } : {}) };
}
