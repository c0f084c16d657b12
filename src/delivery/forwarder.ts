/**
 * `createForwarder(config)`: the delivery runtime (DESIGN.md §5). `emit` validates, filters per
 * destination and appends to each matching destination's queue, returning once the events are
 * durable; it never waits on a network. Each destination drains its own queue through its own
 * senders (destination-pipeline.ts), so a slow or dead destination holds back nothing else.
 *
 * With `inputs.jetstream` (docs/jetstream.md) the queue is swapped, nothing else: `emit` publishes
 * each valid event once to the stream, and each destination's queue is its durable JetStream
 * consumer (jetstream/jetstream-queue.ts), shared with every other forwarder process of the same
 * configuration. The destination's tenants and filter then apply as the consumer hands events out.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { Destination } from '../destinations/destination.js';
import { newEventId } from '../registry/create-event.js';
import type { EventTypeRegistry } from '../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../registry/registry.js';
import { effectiveLimits } from './batcher.js';
import type { DestinationConfig, ForwarderConfig } from './config/load.js';
import { lockDataDir } from './data-dir-lock.js';
import type { DeadLetterRecord } from './dead-letter.js';
import { DeadLetterFile, deadLetterPath, INVALID_EVENTS_DESTINATION } from './dead-letter.js';
import { DestinationPipeline } from './destination-pipeline.js';
import type { DestinationHealthSnapshot } from './health.js';
import { DestinationHealth } from './health.js';
import type { EmitRejection, EmitResult } from './inputs/ingest-sink.js';
import type { LaneSelection } from './intake.js';
import { invalidLetters, laneSelector, selectLanes, sortEvents } from './intake.js';
import type { Metrics } from './metrics.js';
import { createMetrics } from './metrics.js';
import { openDestination } from './open-destination.js';
import type { JetStreamConnection } from './jetstream/connection.js';
import { connectJetStream } from './jetstream/connection.js';
import type { JetStreamQueue, Selection } from './jetstream/jetstream-queue.js';
import { openJetStreamQueue } from './jetstream/jetstream-queue.js';
import { consumerName } from './jetstream/names.js';
import { publishRecords } from './jetstream/publisher.js';
import { openDiskQueue } from './queue/disk-queue.js';
import { createMemoryQueue } from './queue/memory-queue.js';
import type { Queue } from './queue/queue.js';
import { RetryPolicy } from './retry-policy.js';
import { Redactor } from '../destinations/transport/redactor.js';
import type { DeliveryItem, Undeliverable } from './senders/item.js';
import type { TestResult } from './test-event.js';
import { sendTestEvent, TEST_TENANT, testEvent } from './test-event.js';
import { failureReason } from './senders/retry-sender.js';
import { validateEvent } from '../validate/canonical.js';

export type { EmitRejection, EmitResult, TestResult };

/** `emit` under `validation: reject` when some events were invalid (the valid ones were queued). */
export class EventsRejectedError extends Error {
  override readonly name = 'EventsRejectedError';
  constructor(readonly result: EmitResult) {
    const first = result.rejected[0];
    const detail = first === undefined ? '' : `: event ${first.index}${first.eventId !== undefined ? ` (${first.eventId})` : ''}: ${first.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ')}`;
    super(`${result.rejected.length} event${result.rejected.length === 1 ? '' : 's'} rejected${detail}`);
  }
}

/** `emit` of both forwarders over their `accept`: one event or a list, and `EventsRejectedError` under `validation: reject`. */
export function emitOver(accept: (input: readonly unknown[]) => Promise<EmitResult>, validation: ForwarderConfig['validation']): Forwarder['emit'] {
  return async (events) => {
    const result = await accept(Array.isArray(events) ? events : [events]);
    if (result.rejected.length > 0 && validation === 'reject') throw new EventsRejectedError(result);
    return result;
  };
}

/** What `emit` (and `appendSelected`) throw once `close` has begun. */
export const CLOSING_MESSAGE = 'the forwarder is closing: it accepts no more events';

export interface ForwarderOptions {
  /** Event types for validation and mapping. Default: the built-in registry. */
  readonly registry?: EventTypeRegistry;
  /** Warnings (already redacted): recovery reports, worker faults. Default: stderr. */
  readonly log?: (line: string) => void;
  readonly now?: () => number;
}

export interface ForwarderHealth {
  readonly status: 'ok' | 'degraded';
  readonly destinations: readonly DestinationHealthSnapshot[];
  readonly totals: { readonly emitted: number; readonly rejected: number; readonly dead_lettered: number };
}

export interface FlushResult {
  /** Whether every event emitted before the call was delivered or dead-lettered in time. */
  readonly drained: boolean;
}

export interface Forwarder {
  /** Validates and queues durably; never waits on a network. Under `validation: reject`, throws `EventsRejectedError` after queueing the valid events. */
  emit(events: unknown): Promise<EmitResult>;
  /** Like `emit`, but reports rejections in the result instead of throwing (for inputs). */
  accept(events: readonly unknown[]): Promise<EmitResult>;
  health(): ForwarderHealth;
  metrics(): Promise<string>;
  /** Sends one synthetic test event straight to the destination (the "Test" button) and reports its answer. */
  test(name: string): Promise<TestResult>;
  /** Waits until everything emitted so far is delivered or dead-lettered, or `timeoutMs` passes. */
  flush(options?: { timeoutMs?: number }): Promise<FlushResult>;
  /** Stops intake, flushes within `deadlineMs` (default 10 s), then stops; what is left stays on disk. */
  close(options?: { deadlineMs?: number }): Promise<FlushResult>;
  /** Events dead-lettered by this process so far (all destinations and `_invalid`). */
  readonly deadLettered: number;
}

/** Valid events, already written as canonical JSON and sorted per destination (intake.ts), to queue. */
export interface SelectedRecords {
  /** Each event's canonical JSON. */
  readonly data: readonly Buffer[];
  /** Per destination, in the configuration's order. */
  readonly lanes: readonly LaneSelection[];
  /** The events themselves, where they are at hand (else parsed back from `data` when needed). */
  readonly events?: readonly CanonicalEvent[];
  /** `data` decoded, where it is at hand (with `events`). */
  readonly texts?: readonly string[];
  /** Events of the same `emit` that validation refused (counted here, queued nowhere). */
  readonly rejected: number;
}

/** The forwarder, and the way in for events validated and selected elsewhere (the delivery thread's intake). */
export interface ForwarderCore {
  readonly forwarder: Forwarder;
  appendSelected(batch: SelectedRecords): Promise<void>;
}

interface Lane {
  readonly config: DestinationConfig;
  readonly destination: Destination;
  readonly queue: Queue;
  readonly pipeline: DestinationPipeline;
  readonly accepts: (event: CanonicalEvent) => boolean;
  readonly acceptsTenant: (tenant: string) => boolean;
  readonly health: DestinationHealth;
  readonly deadLetters: DeadLetterFile;
  /** Records in the queue when it opened, plus those appended since. */
  queued: number;
  /** The JetStream consumer's queue, with `inputs.jetstream`. */
  readonly jetstream?: JetStreamQueue;
}

/** Messages one process holds ahead of a destination's worker, with `inputs.jetstream`: two reads' worth. */
function jetstreamPrefetch(dc: DestinationConfig): number {
  return Math.max(2 * dc.batch.max_events, 64);
}

/** How often `flush` asks the consumers whether they are drained, with `inputs.jetstream`: 200 ms. */
const JETSTREAM_DRAIN_POLL_MS = 200;

const DROPPED_ACTION = 'siem.delivery.dropped';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export async function createForwarder(config: ForwarderConfig, options: ForwarderOptions = {}): Promise<Forwarder> {
  return (await openForwarderCore(config, options)).forwarder;
}

export async function openForwarderCore(config: ForwarderConfig, options: ForwarderOptions = {}): Promise<ForwarderCore> {
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const now = options.now ?? Date.now;
  const redactor = new Redactor();
  for (const s of config.secrets) redactor.add(s);
  const redact = (s: string): string => redactor.redact(s);
  const log = (line: string): void => (options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(redact(line));
  mkdirSync(config.data_dir, { recursive: true });
  const unlock = lockDataDir(config.data_dir);
  const metrics: Metrics = createMetrics();
  const invalidLetterFile = new DeadLetterFile<unknown>(deadLetterPath(config.data_dir, INVALID_EVENTS_DESTINATION), redact);
  const lanes: Lane[] = [];
  let emitted = 0;
  let rejected = 0;
  let deadLettered = 0;
  let closing = false;

  /** Queues `siem.delivery.dropped` on every other destination that takes the tenant (DESIGN.md §5). */
  async function announceDrops(from: Lane, dropped: readonly DeliveryItem[], reason: string): Promise<void> {
    // A drop of drop announcements is not announced again: two dead destinations would otherwise trade them forever.
    const real = dropped.filter((i) => i.event.action !== DROPPED_ACTION);
    const byTenant = new Map<string, DeliveryItem[]>();
    for (const item of real) {
      const list = byTenant.get(item.event.tenant_id) ?? [];
      list.push(item);
      byTenant.set(item.event.tenant_id, list);
    }
    for (const [tenant, items] of byTenant) {
      const times = items.map((i) => Date.parse(i.event.timestamp)).sort((a, b) => a - b);
      const t = now();
      const announcement: CanonicalEvent = {
        event_id: newEventId(t),
        timestamp: iso(t),
        tenant_id: tenant,
        category: 'SECURITY',
        action: DROPPED_ACTION,
        outcome: 'failure',
        severity: 'high',
        actor: { type: 'system', id: 'siemkit' },
        message: `${items.length} event${items.length === 1 ? '' : 's'} for destination ${from.config.name} moved to its dead-letter file: ${reason}`,
        payload: { destination: from.config.name, count: items.length, oldest: iso(times[0] as number), newest: iso(times[times.length - 1] as number), window_ms: from.config.buffer.max_age_ms, reason },
      };
      const data = Buffer.from(JSON.stringify(announcement), 'utf8');
      await Promise.all(lanes.filter((l) => l !== from && l.acceptsTenant(tenant)).map((l) => append(l, [data], 1)));
    }
  }

  async function deadLetter(lane: Lane, items: readonly Undeliverable[]): Promise<void> {
    const at = iso(now());
    const records: DeadLetterRecord[] = items.map((u) => ({
      event: u.item.event,
      destination: lane.config.name,
      reason: u.reason,
      ...(u.status !== undefined ? { status: u.status } : {}),
      attempts: u.item.attempts,
      ...(u.item.firstAttemptAtMs !== undefined ? { first_attempt_at: iso(u.item.firstAttemptAtMs) } : {}),
      ...(u.item.lastAttemptAtMs !== undefined ? { last_attempt_at: iso(u.item.lastAttemptAtMs) } : {}),
      dead_lettered_at: at,
    }));
    await lane.deadLetters.append(records);
    deadLettered += records.length;
    const byReason = new Map<string, number>();
    for (const u of items) byReason.set(u.kind, (byReason.get(u.kind) ?? 0) + 1);
    for (const [kind, n] of byReason) {
      lane.health.recordDeadLettered(n, kind);
      metrics.deadLettered.inc({ destination: lane.config.name, reason: kind }, n);
    }
    const expired = items.filter((u) => u.kind === 'window').map((u) => u.item);
    if (expired.length > 0) lane.health.recordDropped(expired.length);
    if (expired.length > 0) await announceDrops(lane, expired, `waited longer than the buffer window of ${lane.config.buffer.max_age_ms} ms`);
  }

  /** Appends to a lane's queue, moving what overflows its byte cap to the dead letters (newest first out). */
  async function append(lane: Lane, data: readonly Buffer[], count: number, events?: readonly CanonicalEvent[], texts?: readonly string[]): Promise<void> {
    const cap = lane.config.buffer.max_bytes;
    let bytes = lane.queue.stats().bytes;
    let fit = 0;
    while (fit < data.length && bytes + (data[fit] as Buffer).length <= cap) bytes += (data[fit++] as Buffer).length;
    if (fit > 0) {
      const taken = fit === data.length ? data : data.slice(0, fit);
      // Synchronously before the append, which numbers the records: the events are at hand now.
      if (events !== undefined) lane.pipeline.makeRecordsAhead(fit === events.length ? events : events.slice(0, fit), taken, texts);
      await lane.queue.append(taken, now());
      lane.queued += fit;
    }
    if (fit < count) {
      const t = now();
      const over = data.slice(fit).map((d, i) => ({
        item: { event: events?.[fit + i] ?? (JSON.parse(d.toString('utf8')) as CanonicalEvent), record: '', bytes: 0, enqueuedAtMs: t, attempts: 0 } satisfies DeliveryItem,
        kind: 'permanent' as const,
        reason: `the queue is over its byte cap of ${cap} bytes`,
        status: 'buffer_full',
      }));
      await deadLetter(lane, over);
      lane.health.recordDropped(over.length);
      await announceDrops(lane, over.map((o) => o.item), `the queue is over its byte cap of ${cap} bytes`);
    }
  }

  // What was opened so far, closed again (newest first) if a later destination cannot start: a
  // forwarder that fails to start leaves no file open and the data directory free for the next try.
  const opened: { close(): Promise<void> }[] = [];
  const jsInput = config.inputs.jetstream;
  let jsConnection: JetStreamConnection | undefined;
  try {
    if (jsInput !== undefined) {
      jsConnection = await connectJetStream({ servers: jsInput.servers, name: 'siemkit forward' });
      opened.push(jsConnection);
    }
    for (const dc of config.destinations) {
      const laneDir = path.join(config.data_dir, dc.name);
      const destination = openDestination(dc, config.data_dir, config.product, registry, log);
      opened.push(destination);
      const selector = laneSelector(dc);
      // eslint-disable-next-line prefer-const -- the observer refers to the lane, which holds the pipeline
      let lane: Lane;
      let jetstreamQueue: JetStreamQueue | undefined;
      if (jsConnection !== undefined && jsInput !== undefined) {
        jetstreamQueue = await openJetStreamQueue({
          js: jsConnection.js,
          stream: jsInput.stream,
          consumer: consumerName(dc.name),
          destination: dc.name,
          subjectPrefix: jsInput.subject_prefix,
          ackWaitMs: jsInput.ack_wait_ms,
          maxDeliver: jsInput.max_deliver,
          prefetch: jetstreamPrefetch(dc),
          select: (data): Selection => {
            let event: CanonicalEvent;
            try {
              event = JSON.parse(data.toString('utf8')) as CanonicalEvent;
            } catch {
              log(`destination ${dc.name}: a JetStream message is not JSON (published without siemkit publish?): skipped`);
              return 'skip';
            }
            // `siemkit publish` validates; a message another tool published may not be an event.
            // Validated here before anything reads it (the tenant, the filter): one that is not is
            // set aside with the finding, for this destination (whose consumer holds it).
            const checked = validateEvent(event, { registry });
            const finding = checked.errors[0];
            if (finding !== undefined) return { refuse: `the JetStream message is not a valid canonical event (published without siemkit publish?): ${finding.code} at ${JSON.stringify(finding.path)}: ${finding.message}` };
            if (!selector.acceptsTenant(event.tenant_id)) return 'skip';
            return selector.accepts(event) ? 'take' : 'filtered';
          },
          onFiltered: (n) => {
            lane.health.recordFiltered(n);
            metrics.filtered.inc({ destination: dc.name }, n);
          },
          onRefused: (m) =>
            deadLetter(lane, [
              {
                item: { event: JSON.parse(m.data.toString('utf8')) as CanonicalEvent, record: '', bytes: 0, enqueuedAtMs: m.enqueuedAtMs, attempts: 0 },
                kind: 'permanent',
                reason: m.reason,
                status: 'invalid_event',
              },
            ]),
          onExhausted: (m) =>
            deadLetter(lane, [
              {
                item: { event: JSON.parse(m.data.toString('utf8')) as CanonicalEvent, record: '', bytes: 0, enqueuedAtMs: m.enqueuedAtMs, attempts: m.deliveries },
                kind: 'retries_exhausted',
                reason: `JetStream delivered it ${m.deliveries} times (max_deliver ${jsInput.max_deliver}) and every forwarder that held it stopped before it was settled`,
                status: 'max_deliver',
              },
            ]),
          log,
        });
      }
      const queue: Queue =
        jetstreamQueue ??
        (dc.queue.type === 'memory'
          ? createMemoryQueue({ maxBytes: dc.buffer.max_bytes })
          : await openDiskQueue({ dir: path.join(laneDir, 'queue'), fsync: dc.queue.fsync, fsyncIntervalMs: dc.queue.fsync_interval_ms, segmentBytes: dc.queue.segment_bytes }));
      opened.push(queue);
      const recovery = (queue as { recovery?: { problems?: readonly string[] } }).recovery;
      for (const p of recovery?.problems ?? []) log(`destination ${dc.name}: queue recovery: ${p}`);
      // Read at snapshots only, once the pipeline below exists.
      const health = new DestinationHealth(dc.name, () => queue.stats(), () => pipeline.concurrency);
      const deadLetters = new DeadLetterFile(deadLetterPath(config.data_dir, dc.name), redact);
      const limits = effectiveLimits(destination.limits, dc.batch);
      const pipeline = new DestinationPipeline(
        dc.name,
        destination,
        queue,
        { limits, flushIntervalMs: dc.batch.flush_interval_ms, timeoutMs: dc.timeout_ms, windowMs: dc.buffer.max_age_ms, backoff: new RetryPolicy(dc.retry), concurrency: dc.concurrency },
        {
          delivered: (n) => {
            lane.health.recordSent(n, now());
            metrics.sent.inc({ destination: dc.name }, n);
          },
          undeliverable: (items) => deadLetter(lane, items),
          onAttemptFailed: (err, status, n) => {
            lane.health.recordFailure(redact(failureReason(err)), status, now(), n);
            metrics.failed.inc({ destination: dc.name }, n);
          },
          onWait: (_ms, throttled) => {
            lane.health.recordRetry();
            metrics.retries.inc({ destination: dc.name });
            if (throttled) lane.health.pause();
          },
          onResume: () => lane.health.resume(),
          onRequest: (ms, outcome) => metrics.requestDuration.observe({ destination: dc.name, outcome }, ms / 1_000),
          fault: (err) => log(`destination ${dc.name}: ${failureReason(err)}`),
        },
        now,
      );
      lane = { config: dc, destination, queue, pipeline, accepts: selector.accepts, acceptsTenant: selector.acceptsTenant, health, deadLetters, queued: queue.stats().depth, ...(jetstreamQueue !== undefined ? { jetstream: jetstreamQueue } : {}) };
      lanes.push(lane);
    }
  } catch (err) {
    for (const o of opened.reverse()) await o.close().catch(() => undefined);
    unlock();
    throw err;
  }
  metrics.collectHealth(() => lanes.map((l) => l.health.snapshot(now())));
  for (const lane of lanes) lane.pipeline.start();

  function count(accepted: number, refused: number): void {
    emitted += accepted;
    rejected += refused;
    metrics.emitted.inc(accepted);
    if (refused > 0) metrics.rejected.inc(refused);
  }

  /** Queues each destination's share of `batch` (counting what its filter kept out), then counts the batch. */
  async function appendSelected(batch: SelectedRecords): Promise<void> {
    if (closing) throw new Error(CLOSING_MESSAGE);
    await Promise.all(
      lanes.map(async (lane, l) => {
        const selection = batch.lanes[l];
        if (selection === undefined) return;
        if (selection.filtered > 0) {
          lane.health.recordFiltered(selection.filtered);
          metrics.filtered.inc({ destination: lane.config.name }, selection.filtered);
        }
        const { indices } = selection;
        if (indices.length === 0) return;
        const all = indices.length === batch.data.length;
        const take = all ? batch.data : indices.map((i) => batch.data[i] as Buffer);
        const { events, texts } = batch;
        await append(lane, take, take.length, events === undefined || all ? events : indices.map((i) => events[i] as CanonicalEvent), texts === undefined || all ? texts : indices.map((i) => texts[i] as string));
      }),
    );
    count(batch.data.length, batch.rejected);
  }

  async function accept(input: readonly unknown[]): Promise<EmitResult> {
    if (closing) throw new Error(CLOSING_MESSAGE);
    const { valid, rejections, invalid } = sortEvents(input, registry);
    const texts = valid.map((e) => JSON.stringify(e));
    const data = texts.map((t) => Buffer.from(t, 'utf8'));
    if (jsConnection !== undefined && jsInput !== undefined) {
      // Once to the stream; each destination's consumer applies its tenants and filter as it hands events out.
      await publishRecords(jsConnection.js, jsInput.stream, jsInput.subject_prefix, valid.map((e, i) => ({ tenantId: e.tenant_id, data: data[i] as Buffer, msgId: e.event_id })));
      count(valid.length, rejections.length);
    } else await appendSelected({ data, lanes: selectLanes(lanes, valid), events: valid, texts, rejected: rejections.length });
    if (invalid.length > 0 && config.validation === 'dead_letter') {
      await invalidLetterFile.append(invalidLetters(invalid, iso(now())));
      deadLettered += invalid.length;
    }
    return { accepted: valid.length, rejected: rejections };
  }

  /** Waits until every lane has settled what it holds, again if settling queued more (drop announcements). */
  async function flush(timeoutMs = 30_000): Promise<FlushResult> {
    const deadline = Date.now() + timeoutMs;
    if (jsConnection !== undefined) return flushJetStream(deadline);
    for (;;) {
      const targets = lanes.map((l) => l.queued);
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
      await Promise.race([Promise.all(lanes.map((l, i) => l.pipeline.settledAtLeast(targets[i] as number))), timeout]);
      clearTimeout(timer);
      if (lanes.every((l, i) => l.queued === targets[i] && l.pipeline.settledCount >= l.queued)) return { drained: true };
    }
    return { drained: lanes.every((l) => l.pipeline.settledCount >= l.queued) };
  }

  /** With `inputs.jetstream`: until every destination's consumer is drained (by whichever processes share it). */
  async function flushJetStream(deadline: number): Promise<FlushResult> {
    for (;;) {
      const drained = await Promise.all(lanes.map((l) => l.jetstream?.drained().catch(() => false) ?? true));
      if (drained.every(Boolean)) return { drained: true };
      if (Date.now() >= deadline) return { drained: false };
      await new Promise((resolve) => setTimeout(resolve, Math.min(JETSTREAM_DRAIN_POLL_MS, Math.max(0, deadline - Date.now()))));
    }
  }

  const forwarder: Forwarder = {
    emit: emitOver(accept, config.validation),
    accept,
    health() {
      const destinations = lanes.map((l) => l.health.snapshot(now()));
      return { status: destinations.every((d) => d.state !== 'error') ? 'ok' : 'degraded', destinations, totals: { emitted, rejected, dead_lettered: deadLettered } };
    },
    metrics: () => metrics.text(),
    async test(name) {
      const lane = lanes.find((l) => l.config.name === name);
      if (lane === undefined) throw new Error(`no destination named "${name}" (${lanes.map((l) => l.config.name).join(', ')})`);
      const result = await sendTestEvent(lane.destination, testEvent(name, lane.config.tenants?.[0] ?? TEST_TENANT, now()), lane.config.timeout_ms, redact);
      if (result.ok) lane.health.recordSent(1, now());
      else lane.health.recordFailure(result.message, result.status, now());
      return result;
    },
    flush: (o) => flush(o?.timeoutMs),
    async close(o) {
      closing = true;
      const result = await flush(o?.deadlineMs ?? 10_000);
      // Reverse order of construction: workers (retry, timeout, transport in flight), then destinations, then queues.
      await Promise.all(lanes.map((l) => l.pipeline.shutdown()));
      await Promise.all(lanes.map((l) => l.destination.close()));
      await Promise.all(lanes.map((l) => l.queue.close()));
      await jsConnection?.close();
      unlock();
      return result;
    },
    get deadLettered() {
      return deadLettered;
    },
  };
  return { forwarder, appendSelected };
}
