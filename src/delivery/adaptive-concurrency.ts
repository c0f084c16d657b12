/**
 * Adaptive concurrency (`concurrency: adaptive`): how many of a destination's sends are in flight
 * at once, found from the service's answers instead of configured. A feedback loop after TCP
 * congestion control (additive increase, multiplicative decrease), as Vector's adaptive request
 * concurrency (ARC) runs one:
 *
 *   - Time runs in cycles of about one round trip: a cycle ends at the first answer after the
 *     average RTT so far has passed since it began.
 *   - A cycle with back-pressure (a throttle answer such as 429 or 503, items refused with 429, a
 *     request timeout), or whose mean RTT reached the average RTT plus `rtt_deviation_scale` times
 *     its standard deviation, multiplies the limit by `decrease_ratio` (rounded down, never under 1).
 *   - Otherwise, a cycle in which the limit was reached (a send took the last free slot) and whose
 *     mean RTT is not above the average adds 1, up to `max_concurrency`. A cycle between the two
 *     keeps the limit: the service is answering more slowly, but not yet too slowly.
 *   - Nor does the limit grow while a cycle's mean RTT is more than `SATURATED_RTT_RATIO` times the
 *     lowest seen (the baseline: the service unloaded). A service that queues what it cannot serve
 *     at once answers more slowly by a little at each step, so the moving average alone would
 *     follow it up to `max_concurrency`, with more in flight and no more delivered. The baseline
 *     rises by `BASELINE_RISE` a cycle, so that a service whose round trip grew for good (a new
 *     route, a bigger batch) is in time measured afresh.
 *   - The average RTT and its variance are exponentially weighted (weight `ewma_alpha`) over the
 *     cycles' mean RTTs.
 *
 * Other failures (a 400, a refused connection) say nothing of the service's load: they count in no
 * RTT and change nothing. Nor does a send that never reached the service.
 */
import { RetryItems, ThrottleError } from '../destinations/errors.js';
import { RequestTimeoutError } from './senders/timeout-sender.js';

/** The `adaptive_concurrency` keys (docs/forward.md), defaults filled. */
export interface AdaptiveConcurrencySettings {
  /** The limit at the start. */
  readonly initial_concurrency: number;
  /** The limit never grows past this: each send in flight holds its read's records in memory. */
  readonly max_concurrency: number;
  /** What a decrease multiplies the limit by, in (0, 1). */
  readonly decrease_ratio: number;
  /** The weight of the newest cycle in the exponentially weighted average and variance of the RTT, in (0, 1]. */
  readonly ewma_alpha: number;
  /** How many standard deviations above the average RTT a cycle's mean RTT may be before the limit decreases. */
  readonly rtt_deviation_scale: number;
}

export const DEFAULT_ADAPTIVE_CONCURRENCY: AdaptiveConcurrencySettings = {
  initial_concurrency: 1,
  max_concurrency: 32,
  decrease_ratio: 0.9,
  ewma_alpha: 0.4,
  rtt_deviation_scale: 2.5,
};

/** What one request's end says of the service: it answered, it pushed back, or nothing (another failure). */
export type LoadSignal = 'answered' | 'back_pressure' | 'none';

/** Past this multiple of the baseline RTT, the service is taken as saturated: the limit stops growing. */
export const SATURATED_RTT_RATIO = 2;
/** How much the baseline RTT rises per cycle (0.1 %: twice as high after about 700 round trips) unless a faster cycle lowers it. */
export const BASELINE_RISE = 0.001;

const BACK_PRESSURE_STATUSES: ReadonlySet<number | string> = new Set([429, 503]);

/**
 * How a request ended, as a load signal: `error` undefined for a delivered request. A partial
 * success is an answer, unless the service refused items for load (Elasticsearch's per-item 429).
 */
export function loadSignal(error: unknown): LoadSignal {
  if (error === undefined) return 'answered';
  if (error instanceof ThrottleError || error instanceof RequestTimeoutError) return 'back_pressure';
  if (error instanceof RetryItems) return error.retryAfterMs !== undefined || (error.status !== undefined && BACK_PRESSURE_STATUSES.has(error.status)) ? 'back_pressure' : 'answered';
  return 'none';
}

/** What health and metrics show of it. */
export interface AdaptiveConcurrencyState {
  readonly limit: number;
  /** The average RTT in ms, once a cycle has ended. */
  readonly averageRttMs: number | undefined;
  /** The baseline RTT in ms (the service unloaded), once a cycle has ended. */
  readonly baselineRttMs: number | undefined;
}

export class AdaptiveConcurrency {
  #limit: number;
  #averageRttMs: number | undefined;
  /** The exponentially weighted variance of the cycles' mean RTTs, ms². */
  #varianceMs2 = 0;
  #baselineMs: number | undefined;
  #cycleStartMs: number;
  #rttSumMs = 0;
  #rttCount = 0;
  #backPressure = false;
  #reachedLimit = false;

  constructor(
    private readonly settings: AdaptiveConcurrencySettings,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    checkSettings(settings);
    this.#limit = settings.initial_concurrency;
    this.#cycleStartMs = now();
  }

  get limit(): number {
    return this.#limit;
  }

  get state(): AdaptiveConcurrencyState {
    return { limit: this.#limit, averageRttMs: this.#averageRttMs, baselineRttMs: this.#baselineMs };
  }

  /** A send took a slot; `inFlight` counts it. */
  started(inFlight: number): void {
    if (inFlight >= this.#limit) this.#reachedLimit = true;
  }

  /** A request ended after `rttMs`; returns true when the limit changed. */
  ended(rttMs: number, signal: LoadSignal): boolean {
    if (signal === 'none') return false;
    if (signal === 'back_pressure') this.#backPressure = true;
    else {
      this.#rttSumMs += rttMs;
      this.#rttCount++;
    }
    const now = this.now();
    if (now - this.#cycleStartMs < (this.#averageRttMs ?? 0)) return false;
    return this.#endCycle(now);
  }

  #endCycle(now: number): boolean {
    const { decrease_ratio: ratio, ewma_alpha: alpha, rtt_deviation_scale: scale, max_concurrency: max } = this.settings;
    const before = this.#limit;
    const mean = this.#rttCount > 0 ? this.#rttSumMs / this.#rttCount : undefined;
    const average = this.#averageRttMs;
    const slower = mean !== undefined && average !== undefined && mean >= average + scale * Math.sqrt(this.#varianceMs2) && mean > average;
    const saturated = mean !== undefined && this.#baselineMs !== undefined && mean > SATURATED_RTT_RATIO * this.#baselineMs;
    if (this.#backPressure || slower) this.#limit = Math.max(1, Math.floor(this.#limit * ratio));
    else if (this.#reachedLimit && mean !== undefined && (average === undefined || mean <= average) && !saturated) this.#limit = Math.min(max, this.#limit + 1);
    if (mean !== undefined) {
      this.#baselineMs = this.#baselineMs === undefined ? mean : Math.min(mean, this.#baselineMs * (1 + BASELINE_RISE));
      if (average === undefined) this.#averageRttMs = mean;
      else {
        const diff = mean - average;
        this.#averageRttMs = average + alpha * diff;
        this.#varianceMs2 = (1 - alpha) * (this.#varianceMs2 + alpha * diff * diff);
      }
    }
    this.#cycleStartMs = now;
    this.#rttSumMs = 0;
    this.#rttCount = 0;
    this.#backPressure = false;
    this.#reachedLimit = false;
    return this.#limit !== before;
  }
}

function checkSettings(s: AdaptiveConcurrencySettings): void {
  const problem = (key: string, want: string, value: number): never => {
    throw new RangeError(`adaptive_concurrency.${key} must be ${want}, not ${value}`);
  };
  if (!Number.isSafeInteger(s.max_concurrency) || s.max_concurrency < 1) problem('max_concurrency', 'an integer >= 1', s.max_concurrency);
  if (!Number.isSafeInteger(s.initial_concurrency) || s.initial_concurrency < 1 || s.initial_concurrency > s.max_concurrency) problem('initial_concurrency', `an integer from 1 to max_concurrency (${s.max_concurrency})`, s.initial_concurrency);
  if (!(s.decrease_ratio > 0 && s.decrease_ratio < 1)) problem('decrease_ratio', 'between 0 and 1 (both excluded)', s.decrease_ratio);
  if (!(s.ewma_alpha > 0 && s.ewma_alpha <= 1)) problem('ewma_alpha', 'above 0 and at most 1', s.ewma_alpha);
  if (!(s.rtt_deviation_scale >= 0 && Number.isFinite(s.rtt_deviation_scale))) problem('rtt_deviation_scale', 'a finite number >= 0', s.rtt_deviation_scale);
}
