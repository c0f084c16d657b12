/**
 * The retry policy (src/delivery/retry-policy.ts): full-jitter bounds, exponential growth, the
 * cap, schedule phases, Retry-After, and giving up at max_elapsed_ms. A seeded generator makes
 * the draws repeatable; the bounds are checked over many of them.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { RetryPolicy, RetrySettingsSchema } from '../../../src/delivery/retry-policy.js';

/** mulberry32: a small seeded generator of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DRAWS = 2_000;

describe('RetryPolicy backoff (full jitter)', () => {
  it('has the documented defaults', () => {
    const p = new RetryPolicy();
    expect([p.initialDelayMs, p.maxDelayMs, p.multiplier, p.maxElapsedMs, p.schedule]).toEqual([1_000, 300_000, 2, 1_800_000, undefined]);
  });

  it('draws each wait in [0, min(max, initial x multiplier^attempt)), spread over the whole range', () => {
    const p = new RetryPolicy({ initial_delay_ms: 1_000, multiplier: 3, max_delay_ms: 60_000 });
    const random = seeded(42);
    for (let attempt = 0; attempt < 8; attempt++) {
      const ceiling = Math.min(60_000, 1_000 * 3 ** attempt);
      const waits = Array.from({ length: DRAWS }, () => p.nextDelayMs(attempt, 0, undefined, random) as number);
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...waits)).toBeLessThan(ceiling);
      expect(waits.every(Number.isInteger)).toBe(true);
      // Full jitter, not "ceiling plus noise": both the low and the high tenth of the range occur.
      expect(waits.some((w) => w < ceiling / 10)).toBe(true);
      expect(waits.some((w) => w >= (ceiling * 9) / 10)).toBe(true);
      const mean = waits.reduce((s, w) => s + w, 0) / DRAWS;
      expect(mean / ceiling).toBeGreaterThan(0.45);
      expect(mean / ceiling).toBeLessThan(0.55);
    }
  });

  it('grows by the multiplier until the cap, and stays there for any attempt', () => {
    const p = new RetryPolicy({ initial_delay_ms: 100, multiplier: 2, max_delay_ms: 1_000, max_elapsed_ms: Number.MAX_SAFE_INTEGER });
    const almostOne = (): number => 1 - 2 ** -53;
    expect([0, 1, 2, 3, 4, 5, 100, 5_000].map((a) => p.nextDelayMs(a, 0, undefined, almostOne))).toEqual([99, 199, 399, 799, 999, 999, 999, 999]);
    expect(p.nextDelayMs(0, 0, undefined, () => 0)).toBe(0);
    expect(p.nextDelayMs(2, 0, undefined, () => 0.5)).toBe(200);
  });

  it('waits at least the Retry-After, beyond max_delay_ms, but a shorter one does not shorten the backoff', () => {
    const p = new RetryPolicy({ initial_delay_ms: 1_000, max_delay_ms: 10_000, max_elapsed_ms: 1_000_000 });
    const random = seeded(7);
    for (let i = 0; i < 200; i++) {
      expect(p.nextDelayMs(3, 0, 120_000, random)).toBe(120_000);
      const w = p.nextDelayMs(3, 0, 1, random) as number;
      expect(w).toBeGreaterThanOrEqual(1);
      expect(w).toBeLessThan(8_000);
    }
    expect(p.nextDelayMs(3, 0, 5_000, () => 0.9)).toBe(7_200);
    expect(p.nextDelayMs(3, 0, 5_000, () => 0.1)).toBe(5_000);
  });

  it('caps every wait, Retry-After included, at what remains of max_elapsed_ms, then gives up', () => {
    const p = new RetryPolicy({ initial_delay_ms: 10_000, max_delay_ms: 10_000, max_elapsed_ms: 60_000 });
    expect(p.nextDelayMs(0, 55_000, undefined, () => 0.99)).toBe(5_000);
    expect(p.nextDelayMs(0, 59_999, 3_600_000, () => 0.5)).toBe(1);
    expect(p.nextDelayMs(0, 60_000, undefined, () => 0.5)).toBeUndefined();
    expect(p.nextDelayMs(9, 90_000, 1_000, () => 0.5)).toBeUndefined();
    expect(new RetryPolicy({ max_elapsed_ms: 0 }).nextDelayMs(0, 0)).toBeUndefined();
  });

  it('gives up in the end in a simulated run, the total wait never passing max_elapsed_ms', () => {
    const p = new RetryPolicy({ initial_delay_ms: 1_000, max_delay_ms: 300_000, max_elapsed_ms: 1_800_000 });
    const random = seeded(1);
    let elapsed = 0;
    let attempt = 0;
    for (let w = p.nextDelayMs(attempt, elapsed, undefined, random); w !== undefined; w = p.nextDelayMs(++attempt, elapsed, undefined, random)) {
      elapsed += w + 50; // each attempt itself takes 50 ms
      expect(elapsed).toBeLessThanOrEqual(1_800_000 + 50);
    }
    expect(attempt).toBeGreaterThan(10);
    expect(elapsed).toBeGreaterThanOrEqual(1_800_000);
  });
});

describe('RetryPolicy schedule', () => {
  const p = new RetryPolicy({ schedule: [{ every_ms: 60_000, for_ms: 300_000 }, { every_ms: 900_000 }], max_elapsed_ms: 7_200_000 });

  it('is "every 60 s for 5 minutes, then every 15 minutes", exact (no jitter)', () => {
    const random = seeded(3);
    expect(p.nextDelayMs(0, 0, undefined, random)).toBe(60_000);
    expect(p.nextDelayMs(4, 299_999, undefined, random)).toBe(60_000);
    expect(p.nextDelayMs(5, 300_000, undefined, random)).toBe(900_000);
    expect(p.nextDelayMs(9, 4_000_000, undefined, random)).toBe(900_000);
    // The last wait is cut to the deadline, and after it the policy gives up.
    expect(p.nextDelayMs(12, 7_000_000, undefined, random)).toBe(200_000);
    expect(p.nextDelayMs(13, 7_200_000, undefined, random)).toBeUndefined();
  });

  it('retries at 1..5 minutes then every 15 minutes in a simulated run', () => {
    const at: number[] = [];
    let elapsed = 0;
    for (let attempt = 0; at.length < 8; attempt++) {
      elapsed += p.nextDelayMs(attempt, elapsed) as number;
      at.push(elapsed / 60_000);
    }
    expect(at).toEqual([1, 2, 3, 4, 5, 20, 35, 50]);
  });

  it('honours a longer Retry-After in a phase', () => {
    expect(p.nextDelayMs(0, 0, 120_000)).toBe(120_000);
    expect(p.nextDelayMs(0, 0, 1_000)).toBe(60_000);
  });

  it('gives up when a last phase with for_ms is over', () => {
    const bounded = new RetryPolicy({ schedule: [{ every_ms: 1_000, for_ms: 5_000 }, { every_ms: 2_000, for_ms: 10_000 }] });
    expect(bounded.nextDelayMs(0, 4_999)).toBe(1_000);
    expect(bounded.nextDelayMs(0, 5_000)).toBe(2_000);
    expect(bounded.nextDelayMs(0, 14_999)).toBe(2_000);
    expect(bounded.nextDelayMs(0, 15_000)).toBeUndefined();
  });
});

describe('RetrySettingsSchema', () => {
  it('fills the defaults, and refuses unknown keys and out-of-range values', () => {
    const check = new Ajv({ strict: false, useDefaults: true }).compile(RetrySettingsSchema);
    const settings: Record<string, unknown> = {};
    expect(check(settings)).toBe(true);
    expect(settings).toEqual({ initial_delay_ms: 1_000, max_delay_ms: 300_000, multiplier: 2, max_elapsed_ms: 1_800_000 });
    expect(check({ schedule: [{ every_ms: 60_000, for_ms: 300_000 }, { every_ms: 900_000 }] })).toBe(true);
    expect(check({ initial_delay: 5 })).toBe(false);
    expect(check({ multiplier: 0.5 })).toBe(false);
    expect(check({ initial_delay_ms: 0 })).toBe(false);
    expect(check({ schedule: [] })).toBe(false);
    expect(check({ schedule: [{ every: 1 }] })).toBe(false);
  });
});
