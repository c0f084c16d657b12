/** The shared classification table of src/destinations/transport/classify.ts, row by row. */
import { describe, expect, it } from 'vitest';
import { PermanentError, ThrottleError } from '../../../../src/destinations/errors.js';
import { classifyHttpResponse } from '../../../../src/destinations/transport/classify.js';
import { PayloadTooLargeError, TransportError } from '../../../../src/destinations/transport/errors.js';
import { createRedactor } from '../../../../src/destinations/transport/redact.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const ctx = { destination: 'hook', records: 5, nowMs: NOW, redact: createRedactor([]) };
const classify = (status: number, headers: Record<string, string> = {}, body = '', records = 5): Error | undefined => classifyHttpResponse(status, headers, body, { ...ctx, records });

describe('classifyHttpResponse', () => {
  it('delivers every 2xx', () => {
    for (const s of [200, 201, 202, 204, 207, 299]) expect(classify(s)).toBeUndefined();
  });

  it('throttles 429 and 503, with Retry-After in either form or without', () => {
    const a = classify(429, { 'retry-after': '3' });
    expect(a).toBeInstanceOf(ThrottleError);
    expect((a as ThrottleError).retryAfterMs).toBe(3_000);
    expect((a as ThrottleError).status).toBe(429);
    const b = classify(503, { 'retry-after': 'Sun, 01 Jun 2025 12:01:00 GMT' });
    expect((b as ThrottleError).retryAfterMs).toBe(60_000);
    const c = classify(503);
    expect(c).toBeInstanceOf(ThrottleError);
    expect((c as ThrottleError).retryAfterMs).toBeUndefined();
  });

  it('retries 408, 425 and 5xx but 501, as throttles when they say when', () => {
    for (const s of [408, 425, 500, 502, 504, 507, 599]) {
      const e = classify(s);
      expect(e, String(s)).toBeInstanceOf(TransportError);
      expect((e as TransportError).status).toBe(s);
    }
    const e = classify(502, { 'retry-after': '2' });
    expect(e).toBeInstanceOf(ThrottleError);
    expect((e as ThrottleError).retryAfterMs).toBe(2_000);
  });

  it('refuses 501, the other 4xx and redirects for good', () => {
    for (const s of [301, 302, 307, 308, 400, 401, 403, 404, 405, 409, 410, 411, 414, 415, 422, 451, 501]) {
      const e = classify(s, { 'retry-after': '1' });
      expect(e, String(s)).toBeInstanceOf(PermanentError);
      expect((e as PermanentError).status).toBe(s);
    }
    expect(classify(302)?.message).toContain('redirects are not followed');
  });

  it('asks for a split on 413 with several records, and refuses one record for good', () => {
    expect(classify(413, {}, '', 2)).toBeInstanceOf(PayloadTooLargeError);
    const one = classify(413, {}, '', 1);
    expect(one).toBeInstanceOf(PermanentError);
    expect((one as PermanentError).status).toBe(413);
  });

  it('retries what is not a final answer', () => {
    expect(classify(101)).toBeInstanceOf(TransportError);
    expect(classify(600)).toBeInstanceOf(TransportError);
  });

  it('names the destination and status, and quotes a short one-line snippet of the answer', () => {
    const e = classify(400, {}, `{"error":"bad\nrequest"}${'x'.repeat(5_000)}`);
    expect(e?.message.startsWith('hook: HTTP 400 Bad Request: "{\\"error\\":\\"bad request\\"}xxx')).toBe(true);
    expect(e?.message.length).toBeLessThan(300);
    expect(e?.message).not.toMatch(/[\r\n]/);
    expect(classify(500, {}, '')?.message).toBe('hook: HTTP 500 Internal Server Error: (empty answer)');
  });

  it('redacts the snippet with the destination redactor', () => {
    const e = classifyHttpResponse(401, {}, 'token s3cr3t-value is not valid', { ...ctx, redact: createRedactor(['s3cr3t-value']) });
    expect(e?.message).toContain('***');
    expect(e?.message).not.toContain('s3cr3t-value');
  });
});
