/**
 * A destination's queue when the events live in JetStream (`inputs.jetstream`): the Queue of
 * queue/queue.ts over the destination's durable pull consumer, so the same worker, batcher, retry,
 * timeout, health and metrics drain it (destination-pipeline.ts). Every forwarder process that runs
 * the configuration binds the same consumer, and JetStream spreads the messages over them.
 *
 *   stream ──pull (fetch)──▶ held: [ read ........ | unread ...... ]  ≤ prefetch messages
 *                                   ▲ ack(seq) acks these, oldest first, once delivered or dead-lettered
 *
 * - A message is acknowledged only by `ack(seq)`, which the worker calls once the destination
 *   delivered it or it was dead-lettered. While held, the queue tells JetStream it is still working
 *   on it (every ack_wait / 3), so a long retry does not hand it to another process; a process that
 *   dies stops telling, and after ack_wait JetStream delivers the message to another one.
 * - `close` gives back what it holds unacknowledged (nak), so the others need not wait for ack_wait.
 * - A message delivered for the `max_deliver`-th time (every earlier holder died or was stopped with
 *   it) is not tried again, since trying it may be what kills them: it goes to the dead letters
 *   with the reason `max_deliver`, and is acknowledged.
 * - `select` keeps out what is not this destination's (another tenant, the filter): acknowledged at
 *   once. A message carrying the `Siemkit-Destination` header of another destination is skipped too.
 * - `append` publishes records addressed to this destination alone (drop announcements, replays).
 *
 * Sequence numbers are this process's own (1, 2, ... in arrival order): the worker reads and
 * acknowledges in order, as with the disk queue.
 */
import type { Consumer, ConsumerInfo, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { Fifo } from '../queue/fifo.js';
import type { Queue, QueueEntry, QueueStats } from '../queue/queue.js';
import { QueueClosedError } from '../queue/queue-errors.js';
import { Waiters } from '../queue/waiters.js';
import { DESTINATION_HEADER } from './names.js';
import { publishRecords } from './publisher.js';

/**
 * What `select` says of a message: this destination's (`take`), kept out by its filter
 * (`filtered`), another's (`skip`), or not to be delivered at all, for this reason (`refuse`: it
 * goes to the dead letters, as an exhausted message does).
 */
export type Selection = 'take' | 'filtered' | 'skip' | { readonly refuse: string };

/** A message `select` refused: dead-lettered with the reason, then acknowledged. */
export interface RefusedMessage {
  readonly data: Buffer;
  readonly enqueuedAtMs: number;
  readonly reason: string;
}

export interface ExhaustedMessage {
  readonly data: Buffer;
  readonly enqueuedAtMs: number;
  readonly deliveries: number;
}

export interface JetStreamQueueOptions {
  readonly js: JetStreamClient;
  readonly stream: string;
  readonly consumer: string;
  readonly destination: string;
  readonly subjectPrefix: string;
  readonly ackWaitMs: number;
  readonly maxDeliver: number;
  /** Messages held at once (read and unread): what one process takes ahead of its worker. */
  readonly prefetch: number;
  /** Whether a record is this destination's: `filtered` counts it, `skip` does not (another tenant). Default: take all. */
  readonly select?: (data: Buffer) => Selection;
  readonly onFiltered?: (count: number) => void;
  /** A message at its last delivery: resolves once it is in the dead letters (then it is acknowledged). */
  readonly onExhausted: (message: ExhaustedMessage) => Promise<void>;
  /** A message `select` refused: resolves once it is in the dead letters (then it is acknowledged). */
  readonly onRefused: (message: RefusedMessage) => Promise<void>;
  readonly log: (line: string) => void;
}

/** Consumer lag and redeliveries, for health (docs/health.md) and metrics. */
export interface ConsumerStats {
  readonly consumer: string;
  /** Messages of the stream this consumer has not yet been given: the destination's backlog. */
  readonly num_pending: number;
  /** Given to a forwarder process and not yet acknowledged, all processes together. */
  readonly num_ack_pending: number;
  /** Of those, given more than once (JetStream's count). */
  readonly num_redelivered: number;
  /** Redelivered messages this process received since its start. */
  readonly redeliveries_received: number;
  /** When the numbers were read from the server (ISO 8601); null before the first read. */
  readonly read_at: string | null;
}

export interface JetStreamQueue extends Queue {
  stats(): QueueStats & { readonly consumer: ConsumerStats };
  /** Whether the consumer has nothing left for this destination: nothing pending, nothing unacknowledged. */
  drained(): Promise<boolean>;
}

/** How long one pull request waits on the server for messages: 2 s (a stop ends it at once). */
export const FETCH_EXPIRES_MS = 2_000;
/** How often the consumer's lag is read for health: 1 s. */
export const CONSUMER_INFO_INTERVAL_MS = 1_000;
/** How much later than the last pull request's expiry a message given back at close is redelivered: 500 ms. */
const NAK_MARGIN_MS = 500;
/** Pause after a failed pull (the server is away): 500 ms, the client reconnects meanwhile. */
const FETCH_RETRY_PAUSE_MS = 500;

interface Held {
  readonly seq: number;
  readonly msg: JsMsg;
  readonly entry: QueueEntry;
}

export async function openJetStreamQueue(options: JetStreamQueueOptions): Promise<JetStreamQueue> {
  const consumer = await options.js.consumers.get(options.stream, options.consumer).catch((err: unknown) => {
    throw new Error(`destination ${options.destination}: JetStream consumer ${options.consumer} of stream ${options.stream} is not there (${(err as Error).message}); run siemkit jetstream setup --config FILE`, { cause: err });
  });
  return new JetStreamConsumerQueue(consumer, options);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

class JetStreamConsumerQueue implements JetStreamQueue {
  private readonly held = new Fifo<Held>();
  private readCount = 0;
  private bytes = 0;
  /** The seq the next message handed out gets (its position in this process, not in the stream). */
  private heldSeq = 1;
  private readonly waiters = new Waiters();
  private readonly room = new Waiters();
  private closed = false;
  private fetching: Promise<void> | undefined;
  private current: ConsumerMessages | undefined;
  private readonly stopFetch = new AbortController();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly infoTimer: NodeJS.Timeout;
  private info: ConsumerInfo | undefined;
  private infoAt: number | undefined;
  private redeliveries = 0;
  /** Exhausted and refused messages being dead-lettered, in order. */
  private deadLettering: Promise<void> = Promise.resolve();

  constructor(
    private readonly consumer: Consumer,
    private readonly options: JetStreamQueueOptions,
  ) {
    this.heartbeat = setInterval(() => this.keepWorking(), Math.max(250, Math.floor(options.ackWaitMs / 3)));
    this.heartbeat.unref();
    this.infoTimer = setInterval(() => void this.refreshInfo(), CONSUMER_INFO_INTERVAL_MS);
    this.infoTimer.unref();
    void this.refreshInfo();
  }

  append(records: readonly Uint8Array[]): Promise<void> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    const h = natsHeaders();
    h.set(DESTINATION_HEADER, this.options.destination);
    const out = records.map((data) => ({ tenantId: (JSON.parse(Buffer.from(data).toString('utf8')) as { tenant_id: string }).tenant_id, data, headers: h }));
    return publishRecords(this.options.js, this.options.stream, this.options.subjectPrefix, out).then(() => undefined);
  }

  read(maxRecords: number, maxBytes: number): Promise<QueueEntry[]> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    this.startFetching();
    const out: QueueEntry[] = [];
    let outBytes = 0;
    for (let h = this.held.at(this.readCount); h !== undefined && out.length < maxRecords; h = this.held.at(this.readCount)) {
      if (out.length > 0 && outBytes + h.entry.data.length > maxBytes) break;
      out.push(h.entry);
      outBytes += h.entry.data.length;
      this.readCount++;
    }
    return Promise.resolve(out);
  }

  waitForRecords(signal: AbortSignal): Promise<void> {
    this.startFetching();
    if (this.closed || this.readCount < this.held.length) return Promise.resolve();
    return this.waiters.wait(signal);
  }

  ack(seq: number): Promise<void> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    for (let h = this.held.first(); h !== undefined && h.seq <= seq && this.readCount > 0; h = this.held.first()) {
      h.msg.ack();
      this.held.shift();
      this.bytes -= h.entry.data.length;
      this.readCount--;
    }
    this.room.wakeAll();
    return Promise.resolve();
  }

  rewind(): void {
    if (this.readCount === 0) return;
    this.readCount = 0;
    this.waiters.wakeAll();
  }

  stats(): QueueStats & { consumer: ConsumerStats } {
    const i = this.info;
    // Before the first read of the consumer, what this process holds is all it knows.
    const depth = i === undefined ? this.held.length : i.num_pending + i.num_ack_pending;
    return {
      depth,
      bytes: this.bytes,
      oldestEnqueuedAtMs: this.held.first()?.entry.enqueuedAtMs,
      consumer: {
        consumer: this.options.consumer,
        num_pending: i?.num_pending ?? 0,
        num_ack_pending: i?.num_ack_pending ?? this.held.length,
        num_redelivered: i?.num_redelivered ?? 0,
        redeliveries_received: this.redeliveries,
        read_at: this.infoAt === undefined ? null : new Date(this.infoAt).toISOString(),
      },
    };
  }

  async drained(): Promise<boolean> {
    const info = await this.consumer.info();
    this.info = info;
    this.infoAt = Date.now();
    return this.held.length === 0 && info.num_pending === 0 && info.num_ack_pending === 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearInterval(this.infoTimer);
    this.stopFetch.abort();
    this.current?.stop();
    this.room.wakeAll();
    this.waiters.wakeAll();
    await this.fetching;
    await this.deadLettering;
    // What is held and unacknowledged goes back now rather than after ack_wait, yet not at once:
    // this process's last pull request stays on the server until it expires, and a message
    // redelivered into it would be lost to a closed subscription (one delivery wasted, ack_wait lost).
    for (let h = this.held.shift(); h !== undefined; h = this.held.shift()) h.msg.nak(FETCH_EXPIRES_MS + NAK_MARGIN_MS);
    this.readCount = 0;
    this.bytes = 0;
  }

  private startFetching(): void {
    if (this.closed) return;
    this.fetching ??= this.fetchLoop();
  }

  /** Pulls while there is room, each pull for as many messages as there is room for. */
  private async fetchLoop(): Promise<void> {
    const signal = this.stopFetch.signal;
    while (!this.closed) {
      const room = this.options.prefetch - this.held.length;
      if (room <= 0) {
        await this.room.wait(signal);
        continue;
      }
      try {
        this.current = await this.consumer.fetch({ max_messages: room, expires: FETCH_EXPIRES_MS });
        for await (const msg of this.current) this.receive(msg);
      } catch (err) {
        if (this.closed) break;
        this.options.log(`destination ${this.options.destination}: JetStream pull failed: ${(err as Error).message}`);
        await sleep(FETCH_RETRY_PAUSE_MS);
      } finally {
        this.current = undefined;
      }
    }
  }

  private receive(msg: JsMsg): void {
    if (this.closed) {
      msg.nak(FETCH_EXPIRES_MS + NAK_MARGIN_MS);
      return;
    }
    const addressed = msg.headers?.get(DESTINATION_HEADER);
    if (addressed !== undefined && addressed !== '' && addressed !== this.options.destination) {
      msg.ack();
      return;
    }
    const data = Buffer.from(msg.data);
    const selection = this.options.select?.(data) ?? 'take';
    const enqueuedAtMs = Number(msg.timestampNanos / 1_000_000n);
    if (typeof selection === 'object') {
      this.deadLetter(msg, () => this.options.onRefused({ data, enqueuedAtMs, reason: selection.refuse }), 'a refused message');
      return;
    }
    if (selection !== 'take') {
      msg.ack();
      if (selection === 'filtered') this.options.onFiltered?.(1);
      return;
    }
    const deliveries = msg.info.deliveryCount;
    if (msg.redelivered) this.redeliveries++;
    if (deliveries >= this.options.maxDeliver) {
      this.deadLetter(msg, () => this.options.onExhausted({ data, enqueuedAtMs, deliveries }), 'a message at max_deliver');
      return;
    }
    const seq = this.heldSeq++;
    this.held.push({ seq, msg, entry: { seq, data, enqueuedAtMs } });
    this.bytes += data.length;
    this.waiters.wakeAll();
  }

  /**
   * Dead-letters a message through `write`, after those before it, then acknowledges it. When
   * writing fails it stays unacknowledged: JetStream delivers it again after ack_wait.
   */
  private deadLetter(msg: JsMsg, write: () => Promise<void>, what: string): void {
    this.deadLettering = this.deadLettering.then(async () => {
      try {
        await write();
        msg.ack();
      } catch (err) {
        this.options.log(`destination ${this.options.destination}: could not dead-letter ${what}: ${(err as Error).message}`);
      }
    });
  }

  /** Tells JetStream the held messages are still being worked on, so ack_wait does not expire for them. */
  private keepWorking(): void {
    for (let i = 0; i < this.held.length; i++) this.held.at(i)?.msg.working();
  }

  private async refreshInfo(): Promise<void> {
    try {
      this.info = await this.consumer.info();
      this.infoAt = Date.now();
    } catch {
      // The server is away: keep the last numbers (read_at tells how old they are).
    }
  }
}
