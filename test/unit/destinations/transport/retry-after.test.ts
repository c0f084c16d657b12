/** Retry-After (RFC 9110 §10.2.3) in both forms, and HTTP-date's three forms (§5.6.7). */
import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../../../../src/destinations/transport/http-date.js';
import { parseRetryAfter } from '../../../../src/destinations/transport/retry-after.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0); // Sun, 01 Jun 2025 12:00:00 GMT

describe('parseRetryAfter', () => {
  it('reads delay-seconds as ms', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('7', NOW)).toBe(7_000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
  });

  it('reads an HTTP-date as the ms from now, and a past date as no wait', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', NOW)).toBe(0);
  });

  it('takes the first of repeated values', () => {
    expect(parseRetryAfter(['3', '9'], NOW)).toBe(3_000);
  });

  it('ignores what is neither form', () => {
    for (const v of [undefined, '', '-1', '1.5', '1e3', 'soon', '10 seconds', '2025-06-01T12:00:30Z', 'Sun, 01 Jun 2025 12:00:30 UTC', '99999999999999999999']) {
      expect(parseRetryAfter(v, NOW), String(v)).toBeUndefined();
    }
  });
});

describe('parseHttpDate', () => {
  const at = Date.UTC(1994, 10, 6, 8, 49, 37);
  it('reads IMF-fixdate, rfc850-date and asctime-date, all as UTC', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(at);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(2030, 0, 1))).toBe(at);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW)).toBe(at);
    expect(parseHttpDate('Sun Nov 06 08:49:37 1994', NOW)).toBe(at);
  });

  it('places a two-digit year within 50 years ahead, else in the century before', () => {
    expect(parseHttpDate('Monday, 01-Jan-74 00:00:00 GMT', Date.UTC(2025, 0, 1))).toBe(Date.UTC(2074, 0, 1));
    expect(parseHttpDate('Monday, 01-Jan-76 00:00:00 GMT', Date.UTC(2025, 0, 1))).toBe(Date.UTC(1976, 0, 1));
  });

  it('refuses impossible instants and other shapes', () => {
    for (const v of ['Sun, 31 Feb 2025 00:00:00 GMT', 'Sun, 01 Jun 2025 24:00:00 GMT', 'Sun, 1 Jun 2025 12:00:00 GMT', 'Sun, 01 Juni 2025 12:00:00 GMT', 'Sun, 01 Jun 2025 12:00:00 +0000', '2025-06-01']) {
      expect(parseHttpDate(v, NOW), v).toBeUndefined();
    }
  });

  it('reads a leap second as the next instant', () => {
    expect(parseHttpDate('Wed, 31 Dec 2016 23:59:60 GMT', NOW)).toBe(Date.UTC(2017, 0, 1));
  });
});
