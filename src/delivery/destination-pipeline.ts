/**
 * One destination's delivery: its queue, and the worker that drains it through the senders.
 *
 * The chain, built here in this order and shut down in the reverse order (after the OpenTelemetry
 * Collector's exporterhelper):
 *
 *   filter     (forwarder.ts, at emit: what this destination must never see is counted, not queued)
 *     -> queue     (disk or memory: emit returns once the event is durable here)
 *     -> batcher   (this worker: reads up to max_events, waits up to flush_interval_ms, cuts
 *                   batches within the destination's limits; an event too big alone is permanent)
 *     -> retry     (senders/retry-sender.ts: backoff, Retry-After, partial successes, window)
 *     -> timeout   (senders/timeout-sender.ts: one deadline per request)
 *     -> transport (the destination: envelope, request, classification)
 *
 * The worker acknowledges a read only when every record of it was delivered or dead-lettered, so
 * a crash at any instant re-reads it at the next start (at-least-once, same `event_id`).
 *
 * Concurrency (`concurrency`, default 1): up to that many reads are sent at once, each through its
 * own retries. Reads stay in queue order; acknowledgements advance only over a contiguous prefix
 * (the window below): a read that finished while an earlier one is still being sent waits for it,
 * so what the queue counts as done is always a prefix of what was delivered or dead-lettered.
 *
 *   window: [ acking | done | sending | done | sending | encoded ]   oldest first: at most
 *             └─ ack(seq of the last done read of the prefix) ─┘         `concurrency` sending,
 *                                                                       `concurrency` + 1 in all
 *
 * With 1, reads are sent one after the other, in order. With more, the order of deliveries across
 * reads is not kept.
 *
 * With `adaptive` (adaptive-concurrency.ts), the limit moves with the service's answers: it starts
 * at `initial_concurrency`, grows by one per round trip while the reads fill it and the answers
 * come as fast as before, and shrinks at back-pressure or when they come much slower. A lower
 * limit takes effect as sends end; a higher one at once.
 *
 * One read more than `concurrency` is read and encoded ahead, while the others are on the wire;
 * it is sent when a send ends (with 1: after the send before it, so order is kept). A vendor
 * receiver that takes milliseconds per request then no longer waits for the encoding, nor the
 * encoding for it.
 *
 * A record `emit` made already (records-made-at-emit.ts) is taken as it is; the others are made
 * from the queued JSON, parsed again.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { Batch, Destination, RecordBytes } from '../destinations/destination.js';
import { abortAfter } from './abort-after.js';
import type { AdaptiveConcurrencySettings, AdaptiveConcurrencyState } from './adaptive-concurrency.js';
import { AdaptiveConcurrency, loadSignal } from './adaptive-concurrency.js';
import type { EffectiveLimits } from './batcher.js';
import { planBatches } from './batcher.js';
import type { Queue, QueueEntry } from './queue/queue.js';
import { RecordsMadeAtEmit } from './records-made-at-emit.js';
import type { DeliveryItem, Undeliverable } from './senders/item.js';
import { batchOf } from './senders/item.js';
import type { Backoff, RetrySenderHooks } from './senders/retry-sender.js';
import { failureReason, failureStatus, RetrySender } from './senders/retry-sender.js';

export interface PipelineSettings {
  readonly limits: EffectiveLimits;
  readonly flushIntervalMs: number;
  readonly timeoutMs: number;
  readonly windowMs: number;
  readonly backoff: Backoff;
  /** Reads sent at once (the `concurrency` key), or how the limit adapts; 1 when not given. */
  readonly concurrency?: number | { readonly adaptive: AdaptiveConcurrencySettings };
}

/** What health and metrics show of a pipeline's sends in flight. */
export interface ConcurrencyState {
  /** How many reads may be sent at once now. */
  readonly limit: number;
  /** How many are being sent. */
  readonly inFlight: number;
  /** With `concurrency: adaptive`: the controller's state. */
  readonly adaptive?: AdaptiveConcurrencyState;
}

/** What the pipeline reports to the forwarder (health, metrics, dead letters). */
export interface PipelineObserver extends RetrySenderHooks {
  delivered(count: number): void;
  /** Items that leave for the dead letters; resolves once they are durable there. */
  undeliverable(items: readonly Undeliverable[]): Promise<void>;
  /** An unexpected fault in the worker itself (a bug or a disk error): it rewinds and goes on. */
  fault(error: unknown): void;
}

/** A read encoded for sending: its batches (the items, and the batch the destination prepared), and its records that cannot be sent (not encodable, too big). */
interface Prepared {
  readonly batches: readonly { readonly items: readonly DeliveryItem[]; readonly batch: Batch }[];
  readonly undeliverable: readonly Undeliverable[];
}

/** A read on its way: sent, then acknowledged once every read before it is. */
interface InFlight {
  readonly entries: readonly Entry[];
  state: 'sending' | 'done' | 'acking' | 'failed';
}

const UNEXPECTED_FAULT_PAUSE_MS = 1_000;

/**
 * What records made at emit (records-made-at-emit.ts) may hold while they wait for the reads: 4
 * MiB, some 1,700 OCSF records with their JSON, three reads' worth at the default 500 a read.
 */
const MADE_AT_EMIT_MAX_BYTES = 4 * 1024 * 1024;

/** Whether a record's bytes hold a raw LF or CR (JSON.stringify never writes one). */
function holdsLineBreak(b: RecordBytes): boolean {
  const lf = b.buffer.indexOf(0x0a, b.start);
  if (lf !== -1 && lf < b.end) return true;
  const cr = b.buffer.indexOf(0x0d, b.start);
  return cr !== -1 && cr < b.end;
}

/** A queue record as the worker keeps it: its canonical JSON's bytes, as the queue returned them (never written again). */
interface Entry {
  readonly seq: number;
  readonly data: RecordBytes;
  readonly enqueuedAtMs: number;
}

function toEntry(e: QueueEntry): Entry {
  return { seq: e.seq, data: { buffer: e.data, start: 0, end: e.data.length }, enqueuedAtMs: e.enqueuedAtMs };
}

const textOf = (b: RecordBytes): string => b.buffer.toString('utf8', b.start, b.end);

/**
 * A queued event on its way. Its canonical JSON is decoded, and the event parsed from it, only
 * when something asks: a destination whose records are that JSON (`canonicalJsonRecords`) is
 * handed the bytes, and a delivered event is never parsed. The event parsed to encode the record
 * is kept only for a destination that reads events (`readsEvents`): a batch in flight would
 * otherwise hold every event twice, as record and as object, for nothing (6-7 % of the CPU per
 * event of forwarding to HEC, much of it in the garbage collector).
 */
class QueuedItem implements DeliveryItem {
  readonly bytes: number;
  readonly recordBytes?: RecordBytes;
  attempts = 0;
  firstAttemptAtMs?: number;
  lastAttemptAtMs?: number;
  readonly #data: RecordBytes;
  readonly #record: string | undefined;
  #json: string | undefined;
  #parsed: CanonicalEvent | undefined;

  /** `record` undefined: the record is the canonical JSON itself. */
  constructor(data: RecordBytes, record: string | undefined, readonly enqueuedAtMs: number, parsed?: CanonicalEvent) {
    this.#data = data;
    this.#record = record;
    this.#parsed = parsed;
    if (record === undefined) {
      this.recordBytes = data;
      this.bytes = data.end - data.start;
    } else this.bytes = Buffer.byteLength(record, 'utf8');
  }

  get record(): string {
    return this.#record ?? this.#text;
  }

  get event(): CanonicalEvent {
    return (this.#parsed ??= JSON.parse(this.#text) as CanonicalEvent);
  }

  /** The canonical JSON, decoded once. */
  get #text(): string {
    return (this.#json ??= textOf(this.#data));
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class DestinationPipeline {
  private readonly stop = new AbortController();
  /** The limit of a fixed `concurrency` (with `adaptive`, its maximum: the controller's limit applies). */
  private readonly fixed: number;
  private readonly adaptive: AdaptiveConcurrency | undefined;
  private running: Promise<void> | undefined;
  /** Records acknowledged by this worker since the start (delivered or dead-lettered). */
  private settled = 0;
  private waiters: { target: number; resolve: () => void }[] = [];
  /** Reads encoded or sent and not yet acknowledged, in queue order. */
  private window: InFlight[] = [];
  /** The sends of the window's reads, until each has ended. */
  private readonly sending = new Set<Promise<void>>();
  /** The acknowledgements, one after the other, in queue order. */
  private acks: Promise<void> = Promise.resolve();
  /** Aborted by a fault: stops the reading (not the sends in flight) until the worker has rewound. */
  private epoch = new AbortController();
  private ackFailed = false;
  /** Wakes the reader when the window changed (a read acknowledged, a fault, the stop). */
  private wakeReader: (() => void) | undefined;
  /** Sends waiting out a server's Retry-After: the destination is paused until the last one resumes. */
  private throttledWaits = 0;
  /** Sends in progress (at most the limit), and the encoded reads waiting for one to end, in read order. */
  private active = 0;
  private readonly slots: (() => void)[] = [];
  /** Aborted (and replaced) each time a send ends: wakes a read waiting for a slot. */
  private freed = new AbortController();
  /**
   * Records made at emit: for a destination that makes its records (they are not the canonical
   * JSON as it is) and does not read the events at send time (`readsEvents`), on a queue that
   * numbers its records as they are appended.
   */
  private readonly madeAtEmit: RecordsMadeAtEmit | undefined;

  constructor(
    readonly name: string,
    readonly destination: Destination,
    readonly queue: Queue,
    private readonly settings: PipelineSettings,
    private readonly observer: PipelineObserver,
    private readonly now: () => number = Date.now,
  ) {
    const concurrency = settings.concurrency ?? 1;
    if (typeof concurrency === 'number') {
      if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new RangeError(`destination ${name}: concurrency must be an integer >= 1, not ${concurrency}`);
      this.fixed = concurrency;
    } else {
      this.adaptive = new AdaptiveConcurrency(concurrency.adaptive);
      this.fixed = concurrency.adaptive.max_concurrency;
    }
    const makesRecords = destination.canonicalJsonRecords !== true && destination.readsEvents !== true && queue.nextSeq !== undefined;
    this.madeAtEmit = makesRecords ? new RecordsMadeAtEmit((event, json) => destination.encode(event, json), MADE_AT_EMIT_MAX_BYTES) : undefined;
  }

  /**
   * Called by `emit` right before it appends `events` to the queue as `data` (their canonical
   * JSON, `texts` decoded): makes their records now, while the events are at hand, for the reads
   * to take instead of parsing the JSON again (records-made-at-emit.ts).
   */
  makeRecordsAhead(events: readonly CanonicalEvent[], data: readonly Uint8Array[], texts?: readonly string[]): void {
    const firstSeq = this.queue.nextSeq;
    if (this.madeAtEmit !== undefined && firstSeq !== undefined) this.madeAtEmit.make(firstSeq, events, data, texts);
  }

  /** How many reads may be sent at once now. */
  private get limit(): number {
    return this.adaptive?.limit ?? this.fixed;
  }

  get concurrency(): ConcurrencyState {
    return { limit: this.limit, inFlight: this.active, ...(this.adaptive !== undefined ? { adaptive: this.adaptive.state } : {}) };
  }

  /** Starts the worker. */
  start(): void {
    this.running ??= this.run();
  }

  /** Resolves once `count` records (counted from the start) have been settled, or the worker stopped. */
  settledAtLeast(count: number): Promise<void> {
    if (this.settled >= count || this.stop.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ target: count, resolve }));
  }

  get settledCount(): number {
    return this.settled;
  }

  /** Stops the worker: the sends in flight are aborted and their records stay in the queue. */
  async shutdown(): Promise<void> {
    this.stop.abort(new Error(`destination ${this.name} is shutting down`));
    this.poke();
    await this.running;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  private async run(): Promise<void> {
    const stop = this.stop.signal;
    while (!stop.aborted) {
      this.epoch = new AbortController();
      await this.readAndSend(AbortSignal.any([stop, this.epoch.signal]));
      // A fault or the stop: what is in flight ends (aborted at a stop), what finished before the
      // first unfinished read is acknowledged; the rest is read again after the rewind.
      while (this.sending.size > 0) await Promise.all([...this.sending]);
      await this.acks;
      if (stop.aborted) break;
      this.window = [];
      this.ackFailed = false;
      this.queue.rewind();
      await delay(UNEXPECTED_FAULT_PAUSE_MS, stop);
    }
  }

  /** Reads in order and starts each read's send while the window has room, until `signal` aborts. */
  private async readAndSend(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        // `limit` reads on the wire, and one encoded ahead.
        while (this.window.length > this.limit && !signal.aborted) await new Promise<void>((resolve) => (this.wakeReader = resolve));
        if (signal.aborted) break;
        await this.queue.waitForRecords(signal);
        if (signal.aborted) break;
        const entries = await this.collect(signal);
        // Read at a fault: read again after the rewind; at the stop: left for the next start.
        if (entries.length === 0 || signal.aborted) continue;
        this.dispatch(entries, signal);
      } catch (err) {
        this.fail(err);
      }
    }
  }

  /**
   * Encodes one read now and sends it when a send slot is free; its acknowledgement waits for every
   * read before it. A read whose slot comes after a fault or the stop (`reading` aborted) is not
   * sent: it is read again after the rewind, or at the next start.
   */
  private dispatch(entries: readonly Entry[], reading: AbortSignal): void {
    const read: InFlight = { entries, state: 'sending' };
    this.window.push(read);
    let send: Promise<void>;
    try {
      const prepared = this.prepare(entries);
      send = this.acquire().then(async () => {
        try {
          if (reading.aborted) return false;
          await this.send(prepared, this.stop.signal);
          return true;
        } finally {
          this.release();
        }
      }).then(
        (sent) => {
          read.state = sent ? 'done' : 'failed';
          if (sent) this.advance();
        },
        (err: unknown) => {
          read.state = 'failed';
          this.fail(err);
        },
      );
    } catch (err) {
      read.state = 'failed';
      this.fail(err);
      return;
    }
    this.sending.add(send);
    void send.finally(() => this.sending.delete(send));
  }

  /** Resolves when one of the send slots is this caller's; callers are served in order. */
  private acquire(): Promise<void> {
    if (this.active < this.limit && this.slots.length === 0) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.slots.push(resolve));
  }

  private take(): void {
    this.active++;
    this.adaptive?.started(this.active);
  }

  /** Frees the slot, and hands the free slots to the reads waiting for one. */
  private release(): void {
    this.active--;
    this.grant();
    const freed = this.freed;
    this.freed = new AbortController();
    freed.abort();
  }

  /** Gives waiting reads the slots under the limit (which may have grown). */
  private grant(): void {
    while (this.active < this.limit) {
      const next = this.slots.shift();
      if (next === undefined) break;
      this.take();
      next();
    }
  }

  /** One request's end, for the adaptive limit: a higher limit lets waiting reads go, and the reader read ahead. */
  private requestEnded(ms: number, error: unknown): void {
    const adaptive = this.adaptive;
    if (adaptive === undefined) return;
    const before = adaptive.limit;
    if (!adaptive.ended(ms, loadSignal(error)) || adaptive.limit < before) return;
    this.grant();
    this.poke();
  }

  /** Acknowledges the reads at the front of the window that are done, in one `ack`. */
  private advance(): void {
    let first = 0;
    while (first < this.window.length && (this.window[first] as InFlight).state === 'acking') first++;
    let end = first;
    let count = 0;
    for (let r = this.window[end]; r !== undefined && r.state === 'done'; r = this.window[++end]) {
      r.state = 'acking';
      count += r.entries.length;
    }
    if (end === first) return;
    const reads = end - first;
    const seq = ((this.window[end - 1] as InFlight).entries.at(-1) as Entry).seq;
    this.acks = this.acks.then(async () => {
      if (this.ackFailed) return;
      try {
        await this.queue.ack(seq);
      } catch (err) {
        this.ackFailed = true;
        this.fail(err);
        return;
      }
      // Acknowledgements run in window order, so these reads are at its front now.
      this.window.splice(0, reads);
      this.settle(count);
      this.poke();
    });
  }

  /** A fault of the worker: reported, and the reading stops until what is in flight has ended and the queue is rewound. */
  private fail(err: unknown): void {
    if (this.stop.signal.aborted) return;
    this.observer.fault(err);
    this.epoch.abort(err);
    this.poke();
  }

  private poke(): void {
    const wake = this.wakeReader;
    this.wakeReader = undefined;
    wake?.();
  }

  /** A retry sender for one send, whose throttled waits count toward the destination's pause. */
  private retrySender(): RetrySender {
    const { observer, settings } = this;
    let throttled = false;
    const hooks: RetrySenderHooks = {
      onAttemptFailed: (err, status, items) => observer.onAttemptFailed(err, status, items),
      onWait: (ms, isThrottled) => {
        throttled = isThrottled;
        if (throttled) this.throttledWaits++;
        observer.onWait(ms, isThrottled);
      },
      onResume: () => {
        if (throttled) this.throttledWaits--;
        throttled = false;
        // Another send still waiting out a Retry-After keeps the destination paused.
        if (this.throttledWaits === 0) observer.onResume();
      },
      onRequest: (ms, outcome, error) => {
        this.requestEnded(ms, error);
        observer.onRequest?.(ms, outcome, error);
      },
    };
    return new RetrySender(this.destination, settings.backoff, { timeoutMs: settings.timeoutMs, windowMs: settings.windowMs, now: this.now }, hooks);
  }

  /**
   * Reads up to max_events records, waiting up to the flush interval (from the first record's
   * arrival) for a full batch. The records' bytes are the queue's own: it never writes them again.
   */
  private async collect(signal: AbortSignal): Promise<Entry[]> {
    const { maxEvents } = this.settings.limits;
    const entries = (await this.queue.read(maxEvents, Number.MAX_SAFE_INTEGER)).map(toEntry);
    while (entries.length > 0 && entries.length < maxEvents) {
      const wait = this.settings.flushIntervalMs - (this.now() - (entries[0] as Entry).enqueuedAtMs);
      // A read encoded ahead cannot go before a send slot is free: until then it goes on filling,
      // even past the flush interval, rather than leave as a small batch.
      const slotsTaken = this.active >= this.limit;
      if (wait <= 0 && !slotsTaken) break;
      const deadline = wait > 0 ? abortAfter(wait) : undefined;
      const until = AbortSignal.any([signal, ...(deadline !== undefined ? [deadline.signal] : []), ...(slotsTaken ? [this.freed.signal] : [])]);
      try {
        await this.queue.waitForRecords(until);
      } finally {
        deadline?.clear();
      }
      if (signal.aborted) break;
      const more = await this.queue.read(maxEvents - entries.length, Number.MAX_SAFE_INTEGER);
      for (const e of more) entries.push(toEntry(e));
    }
    return entries;
  }

  /** A read's items, encoded and cut into batches, and what cannot be sent at all. */
  private prepare(entries: readonly Entry[]): Prepared {
    const items: DeliveryItem[] = [];
    const undeliverable: Undeliverable[] = [];
    const passthrough = this.destination.canonicalJsonRecords === true;
    const keepEvents = this.destination.readsEvents === true;
    for (const entry of entries) {
      // The queue holds the event as JSON.stringify wrote it (and checksums it): the record's very
      // bytes. JSON another tool published to JetStream may be laid out over lines: that one is
      // parsed and written again (the canonical encoder makes it one line).
      if (passthrough && !holdsLineBreak(entry.data)) {
        items.push(new QueuedItem(entry.data, undefined, entry.enqueuedAtMs));
        continue;
      }
      const made = this.madeAtEmit?.take(entry.seq, entry.data);
      if (made !== undefined) {
        items.push(new QueuedItem(entry.data, made, entry.enqueuedAtMs));
        continue;
      }
      const json = textOf(entry.data);
      let event: CanonicalEvent;
      try {
        event = JSON.parse(json) as CanonicalEvent;
      } catch {
        // The queue checksums records, so this is a record written by something else: nothing to send or dead-letter.
        this.observer.fault(new Error(`destination ${this.name}: queue record ${entry.seq} is not JSON; skipped`));
        continue;
      }
      try {
        // The text parsed is the event's canonical JSON (the queue holds what JSON.stringify wrote): a format that carries it takes it as it is.
        items.push(new QueuedItem(entry.data, this.destination.encode(event, json), entry.enqueuedAtMs, keepEvents ? event : undefined));
      } catch (err) {
        const item = new QueuedItem(entry.data, '', entry.enqueuedAtMs, event);
        undeliverable.push({ item, kind: 'permanent', reason: `cannot be encoded for ${this.destination.type}: ${failureReason(err)}`, status: failureStatus(err) ?? 'encode_error' });
      }
    }
    const plan = planBatches(items, this.settings.limits);
    for (const item of plan.oversize) {
      undeliverable.push({ item, kind: 'permanent', reason: `the record is ${item.bytes} bytes, over the ${this.settings.limits.maxBytes}-byte request limit of ${this.destination.type}`, status: 'too_large' });
    }
    const batches = plan.batches.map((items) => {
      const batch = batchOf(items);
      try {
        this.destination.prepare?.(batch);
      } catch {
        // Work started ahead is an optimisation: what it did not do, the send does.
      }
      return { items, batch };
    });
    return { batches, undeliverable };
  }

  /** Sends a prepared read's batches in order, then dead-letters what could not be delivered. */
  private async send(prepared: Prepared, signal: AbortSignal): Promise<void> {
    const { batches } = prepared;
    const undeliverable = [...prepared.undeliverable];
    let delivered = 0;
    const retry = this.retrySender();
    for (const { items, batch } of batches) {
      const outcome = await retry.send(items, signal, batch);
      delivered += outcome.delivered;
      for (const u of outcome.undeliverable) undeliverable.push(u);
    }
    if (undeliverable.length > 0) await this.observer.undeliverable(undeliverable);
    if (delivered > 0) this.observer.delivered(delivered);
  }

  private settle(count: number): void {
    this.settled += count;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.settled >= w.target) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }
}
