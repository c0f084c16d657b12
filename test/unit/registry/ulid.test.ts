/**
 * ULIDs (https://github.com/ulid/spec): 26 Crockford base32 characters, 48-bit millisecond time
 * first, monotonic within one millisecond. `ulid` keeps the last time in module state, so each
 * test imports a fresh copy of the module.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ulid as UlidFunction } from '../../../src/registry/ulid.js';

let ulid: typeof UlidFunction;

beforeEach(async () => {
  vi.resetModules();
  ({ ulid } = await import('../../../src/registry/ulid.js'));
});

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const FORMAT = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function decode(text: string): bigint {
  let n = 0n;
  for (const c of text) {
    const v = CROCKFORD.indexOf(c);
    if (v < 0) throw new Error(`not Crockford base32: ${c}`);
    n = n * 32n + BigInt(v);
  }
  return n;
}

describe('ulid', () => {
  it('is 26 characters of the Crockford alphabet (no I, L, O, U)', () => {
    for (let i = 0; i < 200; i++) expect(ulid()).toMatch(FORMAT);
  });

  it('starts with the time: the spec example 1469918176385 is 01ARYZ6S41', () => {
    expect(ulid(1469918176385).slice(0, 10)).toBe('01ARYZ6S41');
  });

  it.each([0, 1, 1_700_000_000_000, 1_893_456_000_123, 2 ** 48 - 1])('encodes the time %d in its first 10 characters', (ms) => {
    const id = ulid(ms);
    expect(id).toMatch(FORMAT);
    expect(Number(decode(id.slice(0, 10)))).toBe(ms);
  });

  it('uses the current time by default', () => {
    const before = Date.now();
    const id = ulid();
    const after = Date.now();
    const t = Number(decode(id.slice(0, 10)));
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
  });

  it('is monotonic within one millisecond: the random part counts up by one', () => {
    const ids = Array.from({ length: 1000 }, () => ulid(1_800_000_000_000));
    expect(new Set(ids.map((id) => id.slice(0, 10)))).toEqual(new Set([ulid(1_800_000_000_000).slice(0, 10)]));
    for (let i = 1; i < ids.length; i++) {
      expect((ids[i] as string) > (ids[i - 1] as string)).toBe(true);
      expect(decode((ids[i] as string).slice(10)) - decode((ids[i - 1] as string).slice(10))).toBe(1n);
    }
  });

  it('sorts in creation order across milliseconds, and draws new randomness each millisecond', () => {
    const ids = [ulid(1_800_000_000_000), ulid(1_800_000_000_001), ulid(1_800_000_000_002)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(10))).size).toBe(3);
  });

  it('stays monotonic when the clock goes back: the earlier time is read as the last one', () => {
    const a = ulid(1_800_000_000_500);
    const b = ulid(1_800_000_000_000);
    expect(b > a).toBe(true);
    expect(b.slice(0, 10)).toBe(a.slice(0, 10));
  });
});
