/**
 * What a Log API answer means (wire-protocols.md §6.1), through the shared table of
 * ../transport/classify.ts: 202 (any 2xx) is delivered; 429 is the rate limit, with `Retry-After`
 * in seconds for the rest of the minute; 413 (over 1 MB) splits the batch; 408 and 5xx retry;
 * 400, 403 (a wrong key), 404, 405, 411, 415 are permanent.
 */
import { classifyHttpResponse } from '../transport/classify.js';
import type { HttpResponse } from '../transport/http-client.js';
import type { Redact } from '../transport/redact.js';
import { SNIPPET_SOURCE_BYTES } from '../transport/redact.js';

export function classifyNewRelicAnswer(response: HttpResponse, destination: string, records: number, redact: Redact): Error | undefined {
  const text = response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8');
  return classifyHttpResponse(response.status, response.headers, text, { destination, records, redact });
}
