/**
 * What a Logs Ingestion answer means (wire-protocols.md §2.5):
 *
 * | status | outcome | why |
 * |---|---|---|
 * | 204 | delivered | the only documented success (the Azure SDK expects 204 alone) |
 * | other 2xx | `PermanentError` | not the API: `endpoint` points at something else |
 * | 401 | `Unauthorized`: the caller drops its token, fetches one and resends once; a second 401 is permanent | §2.5: "refresh token once, then no" |
 * | 413 | split the batch (`PayloadTooLargeError`), or permanent for one row | §2.5, §11.2 |
 * | 429, 503 | `ThrottleError(Retry-After)` | §2.4: throttled with `Retry-After` |
 * | 400, 403, 404 | `PermanentError` | schema mismatch, no Monitoring Metrics Publisher role, wrong DCR or stream |
 * | 408, 5xx (not 501) | retry | ../transport/classify.ts |
 *
 * Azure's error body is `{"error":{"code":"…","message":"…"}}`; its code and message are quoted,
 * redacted, in the error.
 */
import { PermanentError } from '../errors.js';
import { classifyHttpResponse } from '../transport/classify.js';
import type { HttpResponse } from '../transport/http-client.js';
import type { Redact } from '../transport/redact.js';
import { SNIPPET_SOURCE_BYTES, snippet } from '../transport/redact.js';

/** A 401 from the ingestion endpoint: the token was refused. */
export class Unauthorized extends Error {
  override readonly name = 'Unauthorized';
}

/** `code: message` of an Azure error body, or the body's start. */
function azureError(text: string): string {
  try {
    const e = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof e?.code === 'string') return typeof e.message === 'string' ? `${e.code}: ${e.message}` : e.code;
  } catch {
    // Not JSON: quote it as it is.
  }
  return text;
}

/** `undefined` when delivered, else the error to throw. */
export function classifySentinelAnswer(response: HttpResponse, destination: string, rows: number, redact: Redact): Error | undefined {
  if (response.status === 204) return undefined;
  const text = azureError(response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8'));
  if (response.status === 401) return new Unauthorized(`${destination}: HTTP 401 Unauthorized: ${snippet(text, redact)}`);
  if (response.status >= 200 && response.status <= 299) {
    return new PermanentError(`${destination}: HTTP ${response.status}: the Logs Ingestion API answers 204; is \`endpoint\` a data collection endpoint? ${snippet(text, redact)}`, response.status);
  }
  return classifyHttpResponse(response.status, response.headers, text, { destination, records: rows, redact });
}
