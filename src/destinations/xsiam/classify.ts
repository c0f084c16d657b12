/**
 * What the collector's answer means (wire-protocols.md §6.2), through the shared table of
 * ../transport/classify.ts:
 *
 * | status | the collector's meaning                              | outcome |
 * |--------|------------------------------------------------------|---------|
 * | 200    | received                                             | delivered |
 * | 400    | malformed or invalid request                         | permanent |
 * | 401    | "Failed to validate authentication detail" (the key) | permanent |
 * | 403    | forbidden                                            | permanent |
 * | 413    | over 25 MB                                           | split the batch |
 * | 429    | ingestion limits reached                             | throttle, `Retry-After` honoured if sent |
 * | 500    | "Unexpected error while processing bulk load request" | retry |
 */
import { classifyHttpResponse } from '../transport/classify.js';
import type { HttpResponse } from '../transport/http-client.js';
import type { Redact } from '../transport/redact.js';
import { SNIPPET_SOURCE_BYTES } from '../transport/redact.js';

export function classifyXsiamAnswer(response: HttpResponse, destination: string, records: number, redact: Redact): Error | undefined {
  const text = response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8');
  return classifyHttpResponse(response.status, response.headers, text, { destination, records, redact });
}
