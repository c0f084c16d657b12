/**
 * One destination's pipeline (src/delivery/destination-pipeline.ts) over a real queue, with an
 * observer that keeps what the forwarder would turn into health, metrics and dead letters.
 */
import type { EffectiveLimits } from '../../src/delivery/batcher.js';
import type { PipelineObserver, PipelineSettings } from '../../src/delivery/destination-pipeline.js';
import { DestinationPipeline } from '../../src/delivery/destination-pipeline.js';
import type { Queue } from '../../src/delivery/queue/queue.js';
import type { Undeliverable } from '../../src/delivery/senders/item.js';
import type { Destination } from '../../src/destinations/destination.js';

export interface ObservedPipeline {
  readonly pipeline: DestinationPipeline;
  /** Items reported undeliverable, in order. */
  readonly undeliverable: Undeliverable[];
  readonly faults: unknown[];
  readonly waits: { delayMs: number; throttled: boolean }[];
  /** Sum of `delivered(n)`. */
  delivered(): number;
}

/** No retries: the first failure of a batch is its last. */
export const NO_RETRY = { nextDelayMs: (): number | undefined => undefined };

export interface PipelineOptions extends Partial<Omit<PipelineSettings, 'limits'>> {
  readonly limits?: Partial<EffectiveLimits>;
  readonly now?: () => number;
}

/** The destination's own limits, unless `options.limits` says otherwise; not started. */
export function observedPipeline(destination: Destination, queue: Queue, options: PipelineOptions = {}): ObservedPipeline {
  const undeliverable: Undeliverable[] = [];
  const faults: unknown[] = [];
  const waits: { delayMs: number; throttled: boolean }[] = [];
  let delivered = 0;
  const observer: PipelineObserver = {
    delivered: (n) => {
      delivered += n;
    },
    undeliverable: (items) => {
      undeliverable.push(...items);
      return Promise.resolve();
    },
    fault: (err) => faults.push(err),
    onAttemptFailed: () => undefined,
    onWait: (delayMs, throttled) => waits.push({ delayMs, throttled }),
    onResume: () => undefined,
  };
  const { maxEvents, maxBytes, envelopeBytes, separatorBytes } = destination.limits;
  const settings: PipelineSettings = {
    limits: { maxEvents, maxBytes, envelopeBytes, separatorBytes, ...options.limits },
    flushIntervalMs: options.flushIntervalMs ?? 0,
    timeoutMs: options.timeoutMs ?? 5_000,
    windowMs: options.windowMs ?? 1_800_000,
    backoff: options.backoff ?? NO_RETRY,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  };
  const pipeline = new DestinationPipeline(destination.name, destination, queue, settings, observer, options.now);
  return { pipeline, undeliverable, faults, waits, delivered: () => delivered };
}

/** Queue records of JSON objects. */
export function jsonRecords(values: readonly unknown[]): Buffer[] {
  return values.map((v) => Buffer.from(JSON.stringify(v), 'utf8'));
}
