/**
 * The adaptive concurrency controller (src/delivery/adaptive-concurrency.ts), on a clock the test
 * moves: cycles of one average round trip; +1 per cycle that reached the limit with answers no
 * slower than the average and within twice the baseline; x decrease_ratio (rounded down, at least
 * 1) at back-pressure or at a mean RTT past the average by rtt_deviation_scale standard deviations; nothing
 * for failures that say nothing of load; and which errors count as back-pressure.
 */
import { describe, expect, it } from 'vitest';
import type { AdaptiveConcurrencySettings } from '../../../src/delivery/adaptive-concurrency.js';
import { AdaptiveConcurrency, BASELINE_RISE, DEFAULT_ADAPTIVE_CONCURRENCY, loadSignal, SATURATED_RTT_RATIO } from '../../../src/delivery/adaptive-concurrency.js';
import { RequestTimeoutError } from '../../../src/delivery/senders/timeout-sender.js';
import { PermanentError, RetryItems, ThrottleError } from '../../../src/destinations/errors.js';
import { TransportError } from '../../../src/destinations/transport/errors.js';

/** A controller on a clock of its own, and a way to run one cycle of round trips through it. */
function controller(settings: Partial<AdaptiveConcurrencySettings> = {}): {
  c: AdaptiveConcurrency;
  /**
   * `inFlight` sends start (the last reaching the limit when `inFlight` is it) and end, each after
   * `rttMs`: all but one at once, the last once the cycle's time (the average RTT, or `rttMs`) has
   * passed. Returns whether the limit changed. (The very first answer ends the first cycle.)
   */
  cycle(rttMs: number, inFlight?: number, signal?: 'answered' | 'back_pressure' | 'none'): boolean;
} {
  let now = 0;
  const c = new AdaptiveConcurrency({ ...DEFAULT_ADAPTIVE_CONCURRENCY, ...settings }, () => now);
  return {
    c,
    cycle(rttMs, inFlight = c.limit, signal = 'answered') {
      for (let i = 1; i <= inFlight; i++) c.started(i);
      let changed = false;
      for (let i = 1; i < inFlight; i++) changed = c.ended(rttMs, signal) || changed;
      now += Math.max(rttMs, Math.ceil(c.state.averageRttMs ?? 0));
      return c.ended(rttMs, signal) || changed;
    },
  };
}

describe('AdaptiveConcurrency', () => {
  it('starts at initial_concurrency and adds one per cycle while the sends fill the limit at a steady round trip', () => {
    const { c, cycle } = controller();
    expect(c.limit).toBe(1);
    expect(c.state.averageRttMs).toBeUndefined();
    for (let i = 0; i < 10; i++) expect(cycle(20)).toBe(true);
    expect(c.limit).toBe(11);
    expect(c.state).toEqual({ limit: 11, averageRttMs: 20, baselineRttMs: 20 });
  });

  it('stops at max_concurrency', () => {
    const { c, cycle } = controller({ initial_concurrency: 2, max_concurrency: 5 });
    for (let i = 0; i < 20; i++) cycle(10);
    expect(c.limit).toBe(5);
    expect(cycle(10)).toBe(false);
  });

  it('does not grow while the sends do not reach the limit (the source is slower than the service)', () => {
    const { c, cycle } = controller({ initial_concurrency: 4 });
    for (let i = 0; i < 20; i++) cycle(10, 2);
    expect(c.limit).toBe(4);
  });

  it('multiplies the limit by decrease_ratio at back-pressure, rounding down and never under 1', () => {
    const { c, cycle } = controller({ initial_concurrency: 20, max_concurrency: 40 });
    cycle(10);
    expect(c.limit).toBe(21);
    expect(cycle(10, 1, 'back_pressure')).toBe(true);
    expect(c.limit).toBe(18); // floor(21 * 0.9)
    cycle(10, 1, 'back_pressure');
    expect(c.limit).toBe(16);
    const small = controller({ initial_concurrency: 2 });
    small.cycle(10, 1, 'back_pressure');
    expect(small.c.limit).toBe(1);
    expect(small.cycle(10, 1, 'back_pressure')).toBe(false);
    expect(small.c.limit).toBe(1);
  });

  it('a back-pressure answer counts in no RTT: the average stays what the answers made it', () => {
    const { c, cycle } = controller({ initial_concurrency: 8 });
    cycle(10);
    cycle(5_000, 1, 'back_pressure');
    expect(c.state.averageRttMs).toBe(10);
  });

  it('decreases when a cycle answers much slower than the average, and holds when only a little slower', () => {
    const { c, cycle } = controller({ initial_concurrency: 10, max_concurrency: 50 });
    // Round trips of 100 ± 10 ms build the average and its deviation; the limit grows when a cycle is no slower than the average.
    for (let i = 0; i < 20; i++) cycle(i % 2 === 0 ? 90 : 110);
    const grown = c.limit;
    expect(grown).toBeGreaterThan(10);
    const average = c.state.averageRttMs as number;
    expect(average).toBeGreaterThan(95);
    expect(average).toBeLessThan(110);
    // A little slower (within 2.5 deviations of about 10 ms): the limit holds.
    expect(cycle(average + 12)).toBe(false);
    expect(c.limit).toBe(grown);
    // Much slower: x 0.9.
    expect(cycle(average * 3)).toBe(true);
    expect(c.limit).toBe(Math.floor(grown * 0.9));
  });

  it('does not grow while the round trip is more than twice the baseline (the service queues), however steady', () => {
    const { c, cycle } = controller({ initial_concurrency: 4 });
    cycle(10);
    expect(c.limit).toBe(5);
    expect(c.state.baselineRttMs).toBe(10);
    // The service answers in 30 ms from now on: much slower than the average, so a decrease first.
    cycle(30);
    expect(c.limit).toBe(4);
    for (let i = 0; i < 30; i++) cycle(30);
    // Then steady: within the deviation of the average, but three times the baseline: held.
    expect(c.limit).toBe(4);
    // Faster than the average, still above twice the baseline: held.
    expect(cycle(25)).toBe(false);
    // Within twice the baseline and faster than the average: it grows again.
    expect(cycle(19)).toBe(true);
    expect(c.limit).toBe(5);
  });

  it('the baseline is the fastest cycle, rising by 0.1 % a cycle so that a service slower for good is measured afresh', () => {
    const { c, cycle } = controller();
    cycle(10);
    for (let i = 0; i < 100; i++) cycle(30);
    expect(c.state.baselineRttMs).toBeCloseTo(10 * (1 + BASELINE_RISE) ** 100, 9);
    cycle(11);
    expect(c.state.baselineRttMs).toBe(11);
    expect(SATURATED_RTT_RATIO).toBe(2);
  });

  it('the threshold is the average plus rtt_deviation_scale standard deviations, both exponentially weighted', () => {
    const { c, cycle } = controller({ initial_concurrency: 10 });
    cycle(10, 1);
    expect(c.limit).toBe(10); // one send of ten: the limit was not reached
    cycle(20, 1); // no deviation yet: slower is too slow
    expect(c.limit).toBe(9);
    // Now average 10 + 0.4 x 10 = 14, variance 0.6 x (0 + 0.4 x 10²) = 24: threshold 14 + 2.5 x √24 = 26.25.
    expect(c.state.averageRttMs).toBeCloseTo(14, 9);
    expect(cycle(26, 1)).toBe(false);
    // Average 14 + 0.4 x 12 = 18.8, variance 0.6 x (24 + 0.4 x 12²) = 48.96: threshold 18.8 + 2.5 x √48.96 = 36.29.
    expect(cycle(36, 1)).toBe(false);
    expect(c.limit).toBe(9);
    const threshold = (c.state.averageRttMs as number) + 2.5 * Math.sqrt(0.6 * (48.96 + 0.4 * (36 - 18.8) ** 2));
    expect(cycle(Math.ceil(threshold), 1)).toBe(true);
    expect(c.limit).toBe(8);
  });

  it('with no deviation yet, any slower cycle decreases', () => {
    const { c, cycle } = controller({ initial_concurrency: 10 });
    cycle(50);
    expect(c.limit).toBe(11);
    cycle(51);
    expect(c.limit).toBe(9);
  });

  it('a cycle lasts one average round trip: answers before it ends only accumulate', () => {
    let now = 0;
    const c = new AdaptiveConcurrency({ ...DEFAULT_ADAPTIVE_CONCURRENCY, initial_concurrency: 4 }, () => now);
    c.started(4);
    now = 100;
    expect(c.ended(100, 'answered')).toBe(true); // the first answer ends the first cycle: average 100
    expect(c.limit).toBe(5);
    c.started(5);
    now = 150;
    expect(c.ended(20, 'answered')).toBe(false); // 50 ms into a cycle of 100
    now = 199;
    expect(c.ended(20, 'answered')).toBe(false);
    now = 200;
    expect(c.ended(20, 'answered')).toBe(true);
    expect(c.limit).toBe(6);
    expect(c.state.averageRttMs).toBeCloseTo(0.4 * 20 + 0.6 * 100, 9);
  });

  it('failures that say nothing of load change nothing and end no cycle', () => {
    const { c, cycle } = controller({ initial_concurrency: 5 });
    for (let i = 0; i < 5; i++) expect(cycle(10, 5, 'none')).toBe(false);
    expect(c.state).toEqual({ limit: 5, averageRttMs: undefined, baselineRttMs: undefined });
  });

  it('refuses settings outside their ranges, naming the key', () => {
    const make = (s: Partial<AdaptiveConcurrencySettings>): AdaptiveConcurrency => new AdaptiveConcurrency({ ...DEFAULT_ADAPTIVE_CONCURRENCY, ...s });
    expect(() => make({ max_concurrency: 0 })).toThrow(/adaptive_concurrency\.max_concurrency must be an integer >= 1, not 0/);
    expect(() => make({ initial_concurrency: 40 })).toThrow(/adaptive_concurrency\.initial_concurrency must be an integer from 1 to max_concurrency \(32\), not 40/);
    expect(() => make({ decrease_ratio: 1 })).toThrow(/adaptive_concurrency\.decrease_ratio/);
    expect(() => make({ ewma_alpha: 0 })).toThrow(/adaptive_concurrency\.ewma_alpha/);
    expect(() => make({ rtt_deviation_scale: -1 })).toThrow(/adaptive_concurrency\.rtt_deviation_scale/);
  });
});

describe('loadSignal', () => {
  it('a delivered request and a partial success are answers', () => {
    expect(loadSignal(undefined)).toBe('answered');
    expect(loadSignal(new RetryItems('1 of 2 refused', [], [{ index: 0, reason: 'bad' }], undefined, 400))).toBe('answered');
  });

  it('throttle answers, request timeouts and items refused for load are back-pressure', () => {
    expect(loadSignal(new ThrottleError('HTTP 429', 1_000, 429))).toBe('back_pressure');
    expect(loadSignal(new ThrottleError('HTTP 503', undefined, 503))).toBe('back_pressure');
    expect(loadSignal(new RequestTimeoutError('no answer within 30000 ms'))).toBe('back_pressure');
    expect(loadSignal(new RetryItems('2 of 5 to send again', [1, 3], [], undefined, 429))).toBe('back_pressure');
    expect(loadSignal(new RetryItems('2 of 5 to send again', [1, 3], [], 2_000))).toBe('back_pressure');
  });

  it('other failures say nothing of load', () => {
    expect(loadSignal(new PermanentError('HTTP 400', 400))).toBe('none');
    expect(loadSignal(new TransportError('connect ECONNREFUSED', 'ECONNREFUSED'))).toBe('none');
    expect(loadSignal(new Error('boom'))).toBe('none');
  });
});
