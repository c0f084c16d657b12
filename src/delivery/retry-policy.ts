/**
 * How long to wait before sending a failed batch again (DESIGN.md §5, "Retries").
 *
 * Exponential backoff with full jitter (Brooker, "Exponential Backoff And Jitter", AWS
 * Architecture Blog, 2015): after the failure numbered `attempt` (0 for the first), the wait is
 * drawn uniformly from [0, ceiling) with
 *
 *   ceiling = min(max_delay_ms, initial_delay_ms × multiplier^attempt)
 *
 * Drawing from the whole range, rather than adding a little noise to the ceiling, spreads the
 * retries of many senders that failed together, so they do not hit a recovering server in waves.
 *
 * A `schedule` replaces the backoff with fixed waits by phase, measured from the first attempt:
 * `[{ every_ms: 60_000, for_ms: 300_000 }, { every_ms: 900_000 }]` is "every 60 s for 5 minutes,
 * then every 15 minutes". A schedule's waits are exact, not jittered: it is a cadence the operator
 * (or the vendor's documentation) asked for. When the last phase has a `for_ms` and it has passed,
 * the policy gives up.
 *
 * `Retry-After` (RFC 9110 §10.2.3), when the server sent one, wins over a shorter wait, and is not
 * capped by `max_delay_ms` (the server knows when it will take us back). Every wait, Retry-After's
 * included, is capped by what remains of `max_elapsed_ms`, so the last attempt happens at that
 * deadline rather than the items being dead-lettered early on the strength of an estimate. Once
 * `max_elapsed_ms` has passed since the first attempt, the policy gives up (undefined) and the
 * items go to the dead letters.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

export const RetryPhaseSchema = Type.Object(
  {
    /** The wait between attempts in this phase. */
    every_ms: Type.Integer({ minimum: 1 }),
    /** How long the phase lasts; without it the phase lasts until `max_elapsed_ms` (and later phases never start). */
    for_ms: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const RetrySettingsSchema = Type.Object(
  {
    initial_delay_ms: Type.Optional(Type.Integer({ minimum: 1, default: 1_000 })),
    max_delay_ms: Type.Optional(Type.Integer({ minimum: 1, default: 300_000 })),
    multiplier: Type.Optional(Type.Number({ minimum: 1, default: 2 })),
    /** Time from the first attempt after which a batch is given up (to the dead letters). */
    max_elapsed_ms: Type.Optional(Type.Integer({ minimum: 0, default: 1_800_000 })),
    /** Fixed waits by phase instead of the backoff. */
    schedule: Type.Optional(Type.Array(RetryPhaseSchema, { minItems: 1 })),
  },
  { additionalProperties: false },
);
export type RetrySettings = Static<typeof RetrySettingsSchema>;
export type RetryPhase = Static<typeof RetryPhaseSchema>;

export class RetryPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  readonly maxElapsedMs: number;
  readonly schedule: readonly RetryPhase[] | undefined;

  constructor({ initial_delay_ms = 1_000, max_delay_ms = 300_000, multiplier = 2, max_elapsed_ms = 1_800_000, schedule }: RetrySettings = {}) {
    this.initialDelayMs = initial_delay_ms;
    this.maxDelayMs = max_delay_ms;
    this.multiplier = multiplier;
    this.maxElapsedMs = max_elapsed_ms;
    this.schedule = schedule;
  }

  /**
   * The wait in ms after the failure numbered `attempt` (0-based), `elapsedMs` after the first
   * attempt began, or undefined to give up. `random` returns a number in [0, 1).
   */
  nextDelayMs(attempt: number, elapsedMs: number, retryAfterMs?: number, random: () => number = Math.random): number | undefined {
    const remaining = this.maxElapsedMs - elapsedMs;
    if (remaining <= 0) return undefined;
    const own = this.schedule === undefined ? this.backoffMs(attempt, random) : this.scheduledMs(elapsedMs);
    if (own === undefined) return undefined;
    const wait = retryAfterMs !== undefined && retryAfterMs > own ? retryAfterMs : own;
    return Math.min(wait, remaining);
  }

  /** Full jitter: uniform in [0, ceiling), whole ms. */
  private backoffMs(attempt: number, random: () => number): number {
    // multiplier^attempt overflows to Infinity for large attempts; min() then gives the cap.
    const ceiling = Math.min(this.maxDelayMs, this.initialDelayMs * this.multiplier ** Math.max(0, attempt));
    return Math.floor(random() * ceiling);
  }

  /** The wait of the phase that `elapsedMs` falls in, or undefined after the last bounded phase. */
  private scheduledMs(elapsedMs: number): number | undefined {
    let end = 0;
    for (const phase of this.schedule ?? []) {
      if (phase.for_ms === undefined) return phase.every_ms;
      end += phase.for_ms;
      if (elapsedMs < end) return phase.every_ms;
    }
    return undefined;
  }
}
