/**
 * `Retry-After` (RFC 9110 §10.2.3): how long the server asks us to wait, as delay-seconds
 * (`120`) or as an HTTP-date. Azure Logs Ingestion and New Relic document it on 429 and 503, and
 * OTel's Splunk exporter honours it (wire-protocols.md §0, §11.4).
 */
import { parseHttpDate } from './http-date.js';

/** delay-seconds = 1*DIGIT (§10.2.3). */
const DELAY_SECONDS = /^\d+$/;

/**
 * The wait in ms from `nowMs`, or undefined when the value is absent or neither form. A date in the
 * past means no wait (0). A value given several times (a list, or repeated headers) counts once:
 * the first.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, nowMs: number): number | undefined {
  const v = (typeof value === 'string' ? value : value?.[0])?.trim();
  if (v === undefined || v === '') return undefined;
  if (DELAY_SECONDS.test(v)) {
    const seconds = Number(v);
    return Number.isSafeInteger(seconds * 1_000) ? seconds * 1_000 : undefined;
  }
  const at = parseHttpDate(v, nowMs);
  return at === undefined ? undefined : Math.max(0, at - nowMs);
}
