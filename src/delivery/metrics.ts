/**
 * Prometheus metrics for `/metrics` (DESIGN.md §5, "Health"; docs/health.md), in a registry of
 * their own so that an application embedding siemkit keeps its global registry to itself.
 *
 * The engine increments the counters and observes request durations as things happen. The gauges
 * (queue depth, bytes, oldest age, up) are read from the destinations' health snapshots at scrape
 * time, so nothing has to keep them current. Label values are destination names and short reason
 * codes only: no event data, no secret.
 */
import type { Counter, Histogram } from 'prom-client';
import { Counter as PromCounter, Gauge, Histogram as PromHistogram, Registry } from 'prom-client';
import type { DestinationHealthSnapshot } from './health.js';

/** Request durations in seconds: from a fast loopback answer to a vendor's slowest acceptable one. */
export const REQUEST_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** How a request ended, for the duration histogram. */
export type RequestOutcome = 'delivered' | 'partial' | 'retry' | 'permanent';

export interface Metrics {
  readonly registry: Registry;
  /** Events accepted by `emit`. */
  readonly emitted: Counter;
  /** Events `emit` refused or set aside as invalid. */
  readonly rejected: Counter;
  readonly sent: Counter<'destination'>;
  /** Events in failed sends (each attempt counts). */
  readonly failed: Counter<'destination'>;
  readonly filtered: Counter<'destination'>;
  /** `reason`: a short code (`permanent`, `retries_exhausted`, `window`), never a message. */
  readonly deadLettered: Counter<'destination' | 'reason'>;
  readonly retries: Counter<'destination'>;
  readonly requestDuration: Histogram<'destination' | 'outcome'>;
  /** Where the gauges read the destinations' health snapshots, once per scrape. */
  collectHealth(snapshots: () => readonly DestinationHealthSnapshot[]): void;
  /** The exposition text (Prometheus text format 0.0.4). */
  text(): Promise<string>;
  /** The content type of `text()`. */
  readonly contentType: string;
}

/** `error`, or paused after a failure (waiting out a Retry-After): both ISO times come from `toISOString`, so they compare as strings. */
function lastSendFailed(s: DestinationHealthSnapshot): boolean {
  if (s.state !== 'paused') return s.state === 'error';
  return s.last_error !== null && (s.last_success_at === null || s.last_error.at >= s.last_success_at);
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  let snapshots: () => readonly DestinationHealthSnapshot[] = () => [];
  const registers = [registry];
  // One scrape reads the snapshots once, however many gauges ask.
  let current: readonly DestinationHealthSnapshot[] | undefined;
  const read = (): readonly DestinationHealthSnapshot[] => current ?? snapshots();

  /** `value` undefined: no series for that destination (a consumer gauge of a destination without one). */
  const gauge = (name: string, help: string, value: (s: DestinationHealthSnapshot) => number | undefined): void => {
    new Gauge({
      name,
      help,
      labelNames: ['destination'],
      registers,
      collect() {
        this.reset(); // a destination that is gone leaves no stale series
        for (const s of read()) {
          const v = value(s);
          if (v !== undefined) this.set({ destination: s.destination }, v);
        }
      },
    });
  };
  gauge('siemkit_queue_depth', 'Events waiting in the destination queue.', (s) => s.queue.depth);
  gauge('siemkit_queue_bytes', 'Bytes of the events waiting in the destination queue.', (s) => s.queue.bytes);
  gauge('siemkit_queue_oldest_age_seconds', 'Age of the oldest event waiting in the destination queue (0 when empty).', (s) => (s.queue.oldest_age_ms ?? 0) / 1000);
  gauge('siemkit_jetstream_consumer_pending', 'Messages of the stream the destination consumer has not yet handed out (inputs.jetstream).', (s) => s.queue.consumer?.num_pending);
  gauge('siemkit_jetstream_consumer_ack_pending', 'Messages handed out to forwarder processes and not yet acknowledged (inputs.jetstream).', (s) => s.queue.consumer?.num_ack_pending);
  gauge('siemkit_jetstream_consumer_redelivered', 'Unacknowledged messages handed out more than once (inputs.jetstream).', (s) => s.queue.consumer?.num_redelivered);
  gauge('siemkit_concurrency_limit', 'Sends to the destination that may be in flight at once (with concurrency: adaptive, the limit found so far).', (s) => s.concurrency.limit);
  gauge('siemkit_requests_in_flight', 'Sends to the destination in flight.', (s) => s.concurrency.in_flight);
  gauge('siemkit_adaptive_concurrency_rtt_seconds', 'Average round trip of requests to the destination, as concurrency: adaptive measures it.', (s) => (s.concurrency.average_rtt_ms === null ? undefined : s.concurrency.average_rtt_ms / 1_000));
  gauge('siemkit_destination_up', '0 while the last send to the destination failed, else 1.', (s) => (lastSendFailed(s) ? 0 : 1));

  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> => new PromCounter<L>({ name, help, labelNames, registers });
  return {
    registry,
    emitted: counter('siemkit_events_emitted_total', 'Events accepted by emit.', []),
    rejected: counter('siemkit_events_rejected_total', 'Events refused or set aside as invalid by emit.', []),
    sent: counter('siemkit_events_sent_total', 'Events delivered to the destination.', ['destination']),
    failed: counter('siemkit_events_failed_total', 'Events in sends to the destination that failed (each attempt counts).', ['destination']),
    filtered: counter('siemkit_events_filtered_total', 'Events the destination filter kept out.', ['destination']),
    deadLettered: counter('siemkit_events_dead_lettered_total', 'Events written to the dead-letter file.', ['destination', 'reason']),
    retries: counter('siemkit_retries_total', 'Waits before a new attempt to send.', ['destination']),
    requestDuration: new PromHistogram<'destination' | 'outcome'>({
      name: 'siemkit_request_duration_seconds',
      help: 'Duration of requests to the destination, by outcome.',
      labelNames: ['destination', 'outcome'],
      buckets: REQUEST_DURATION_BUCKETS_SECONDS,
      registers,
    }),
    contentType: registry.contentType,
    collectHealth(source) {
      snapshots = source;
    },
    async text() {
      current = snapshots();
      try {
        return await registry.metrics();
      } finally {
        current = undefined;
      }
    },
  };
}
