/**
 * What an intake answer means (wire-protocols.md §4): any 2xx is delivered (202 is documented);
 * 400 (a bad payload), 401 (no key) and 403 (a wrong key) are permanent, where Vector retries auth
 * failures: a key does not fix itself, and the dead letters replay once it is corrected; 413 splits
 * the batch; 408, 429 and 5xx are retried, 429 and 503 as throttles honouring `Retry-After` should
 * the intake send one (undocumented, §4). The shared table is ../transport/classify.ts. Datadog's
 * error body is `{"errors":["…"]}`: its messages are quoted, redacted.
 */
import { classifyHttpResponse } from '../transport/classify.js';
import type { HttpResponse } from '../transport/http-client.js';
import type { Redact } from '../transport/redact.js';
import { SNIPPET_SOURCE_BYTES } from '../transport/redact.js';

function datadogErrors(text: string): string {
  try {
    const errors = (JSON.parse(text) as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) return errors.map(String).join('; ');
  } catch {
    // Not JSON: quote it as it is.
  }
  return text;
}

/** `undefined` when delivered, else the error to throw. */
export function classifyDatadogAnswer(response: HttpResponse, destination: string, entries: number, redact: Redact): Error | undefined {
  if (response.status >= 200 && response.status <= 299) return undefined;
  const text = datadogErrors(response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8'));
  return classifyHttpResponse(response.status, response.headers, text, { destination, records: entries, redact });
}
