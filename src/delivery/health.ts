/**
 * The health of one destination (DESIGN.md §5, "Health"; docs/health.md): what the CLI, `/status`
 * and the metrics show. The engine records what happens; `snapshot` turns it into JSON.
 *
 *   not_yet_invoked   nothing sent or failed since the start
 *   ok                the last send delivered
 *   error             the last send failed (`last_error` says how)
 *   paused            sending is held (a server's Retry-After being waited out, or an operator);
 *                     `resume` returns to the state before
 *
 * Memory is constant: totals are counters, the send rate is a ring of 60 per-second buckets, and
 * dead letters by reason keep at most `MAX_REASONS` reasons (the rest count under `other`).
 */
import type { ConcurrencyState } from './destination-pipeline.js';
import type { ConsumerStats } from './jetstream/jetstream-queue.js';
import type { QueueStats } from './queue/queue.js';

export type DestinationState = 'not_yet_invoked' | 'ok' | 'error' | 'paused';

export interface DestinationHealthSnapshot {
  readonly destination: string;
  readonly state: DestinationState;
  readonly last_success_at: string | null;
  /** `message` was redacted by the engine before it was recorded. */
  readonly last_error: { readonly at: string; readonly message: string; readonly status: number | string | null } | null;
  /**
   * With `inputs.jetstream`, `depth` is the consumer's lag (pending plus unacknowledged, across every
   * forwarder process), `bytes` and `oldest_age_ms` what this process holds, and `consumer` the
   * consumer's own numbers: lag and redeliveries (docs/jetstream.md).
   */
  readonly queue: { readonly depth: number; readonly bytes: number; readonly oldest_age_ms: number | null; readonly consumer?: ConsumerStats };
  /**
   * Sends in flight and the limit on them: the `concurrency` key, or with `concurrency: adaptive`
   * the limit found so far and the average round trip it was found with (null before the first).
   */
  readonly concurrency: { readonly limit: number; readonly in_flight: number; readonly adaptive: boolean; readonly average_rtt_ms: number | null };
  /** Events delivered per second, averaged over the last 60 s. */
  readonly send_rate_per_second: number;
  readonly totals: {
    /** Events delivered. */
    readonly sent: number;
    /** Events in sends that failed; an event sent three times before it got through counts 2. */
    readonly failed: number;
    /** Events the filter kept from this destination. */
    readonly filtered: number;
    readonly dead_lettered: number;
    /** Waits before a new attempt. */
    readonly retried: number;
    /** Events that left the queue by the buffer window (age or bytes); they are dead-lettered too. */
    readonly dropped: number;
  };
  readonly dead_lettered_by_reason: Readonly<Record<string, number>>;
}

/** The width of the send-rate window, in one-second buckets. */
export const SEND_RATE_WINDOW_SECONDS = 60;
/** Distinct dead-letter reasons kept; reasons are meant to be a few codes (`permanent`, `window`). */
export const MAX_REASONS = 32;
/** Longest `last_error.message` kept, in UTF-16 units: a server's page of HTML stays out of health. */
export const MAX_ERROR_MESSAGE_LENGTH = 1_024;

const EMPTY_QUEUE: QueueStats = { depth: 0, bytes: 0, oldestEnqueuedAtMs: undefined };
const IDLE: ConcurrencyState = { limit: 1, inFlight: 0 };

export class DestinationHealth {
  private outcome: Exclude<DestinationState, 'paused'> = 'not_yet_invoked';
  private paused = false;
  private lastSuccessAtMs: number | undefined;
  private lastError: { atMs: number; message: string; status: number | string | null } | undefined;
  private readonly totals = { sent: 0, failed: 0, filtered: 0, dead_lettered: 0, retried: 0, dropped: 0 };
  private readonly reasons = new Map<string, number>();
  private readonly rate = new PerSecondRing(SEND_RATE_WINDOW_SECONDS);

  /** `queueStats` and `concurrency` give the destination's queue and sends in flight, read at each snapshot. */
  constructor(
    readonly destination: string,
    private readonly queueStats: () => QueueStats & { readonly consumer?: ConsumerStats } = () => EMPTY_QUEUE,
    private readonly concurrency: () => ConcurrencyState = () => IDLE,
  ) {}

  recordSent(n: number, nowMs: number): void {
    this.totals.sent += n;
    this.rate.add(n, nowMs);
    this.lastSuccessAtMs = nowMs;
    this.outcome = 'ok';
  }

  /** A failed send of `events` events; `message` must already be redacted. */
  recordFailure(message: string, status: number | string | undefined, nowMs: number, events = 1): void {
    this.totals.failed += events;
    const short = message.length > MAX_ERROR_MESSAGE_LENGTH ? `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…` : message;
    this.lastError = { atMs: nowMs, message: short, status: status ?? null };
    this.outcome = 'error';
  }

  recordFiltered(n: number): void {
    this.totals.filtered += n;
  }

  recordDeadLettered(n: number, reason: string): void {
    this.totals.dead_lettered += n;
    const key = this.reasons.has(reason) || this.reasons.size < MAX_REASONS ? reason : 'other';
    this.reasons.set(key, (this.reasons.get(key) ?? 0) + n);
  }

  recordRetry(n = 1): void {
    this.totals.retried += n;
  }

  recordDropped(n: number): void {
    this.totals.dropped += n;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  get state(): DestinationState {
    return this.paused ? 'paused' : this.outcome;
  }

  snapshot(nowMs: number): DestinationHealthSnapshot {
    const q = this.queueStats();
    const c = this.concurrency();
    const rtt = c.adaptive?.averageRttMs;
    return {
      destination: this.destination,
      state: this.state,
      last_success_at: this.lastSuccessAtMs === undefined ? null : iso(this.lastSuccessAtMs),
      last_error: this.lastError === undefined ? null : { at: iso(this.lastError.atMs), message: this.lastError.message, status: this.lastError.status },
      queue: { depth: q.depth, bytes: q.bytes, oldest_age_ms: q.oldestEnqueuedAtMs === undefined ? null : Math.max(0, nowMs - q.oldestEnqueuedAtMs), ...(q.consumer !== undefined ? { consumer: q.consumer } : {}) },
      concurrency: { limit: c.limit, in_flight: c.inFlight, adaptive: c.adaptive !== undefined, average_rtt_ms: rtt === undefined ? null : Math.round(rtt * 1_000) / 1_000 },
      send_rate_per_second: this.rate.sum(nowMs) / SEND_RATE_WINDOW_SECONDS,
      totals: { ...this.totals },
      dead_lettered_by_reason: Object.fromEntries(this.reasons),
    };
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Counts per second over the last `size` seconds (the current one included), in `size` slots.
 * Each slot remembers which second it holds, so a slot left from an older lap counts as empty.
 */
export class PerSecondRing {
  private readonly counts: Float64Array;
  private readonly seconds: Float64Array;

  constructor(readonly size: number) {
    this.counts = new Float64Array(size);
    this.seconds = new Float64Array(size).fill(-Infinity);
  }

  add(n: number, nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    const i = this.slot(second);
    if (this.seconds[i] !== second) {
      this.seconds[i] = second;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] as number) + n;
  }

  /** The total over the seconds (now - size, now]. */
  sum(nowMs: number): number {
    const now = Math.floor(nowMs / 1000);
    let total = 0;
    for (let i = 0; i < this.size; i++) {
      const s = this.seconds[i] as number;
      if (s > now - this.size && s <= now) total += this.counts[i] as number;
    }
    return total;
  }

  private slot(second: number): number {
    return ((second % this.size) + this.size) % this.size;
  }
}
