/**
 * What a generic receiver's answer means: any 2xx is delivered (Standard Webhooks, "Delivery
 * success and failure"); everything else follows the shared table of
 * ../transport/classify.ts (429/503 throttle with Retry-After, 408 and 5xx retry, 413 split, other
 * 4xx and 3xx permanent).
 */
import { classifyHttpResponse } from '../transport/classify.js';
import type { HttpResponse } from '../transport/http-client.js';
import type { Redact } from '../transport/redact.js';
import { SNIPPET_SOURCE_BYTES } from '../transport/redact.js';

/** `undefined` when delivered, else the error to throw. */
export function classifyHttpAnswer(response: HttpResponse, destination: string, records: number, redact: Redact): Error | undefined {
  if (response.status >= 200 && response.status <= 299) return undefined;
  const text = response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8');
  return classifyHttpResponse(response.status, response.headers, text, { destination, records, redact });
}
