/**
 * One destination's pipeline (src/delivery/destination-pipeline.ts): queue -> batcher -> retry ->
 * timeout -> transport, over real memory and disk queues, with a scripted destination and the real
 * `file` and `http` destinations. What it must do: deliver in order and acknowledge only what was
 * delivered or dead-lettered (`settledCount`, `settledAtLeast`); cut batches within the limits in
 * UTF-8 bytes; wait for a full batch at most the flush interval from the first record's arrival;
 * treat a record too big alone, or one that cannot be encoded, as a permanent failure for itself
 * only; on shutdown abort the send in flight before the destination and the queue are closed, and
 * leave its records for the next start.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { DestinationPipeline } from '../../../src/delivery/destination-pipeline.js';
import { openDiskQueue } from '../../../src/delivery/queue/disk-queue.js';
import { createMemoryQueue } from '../../../src/delivery/queue/memory-queue.js';
import type { Queue } from '../../../src/delivery/queue/queue.js';
import type { Batch, Destination } from '../../../src/destinations/destination.js';
import { PermanentError, RetryItems } from '../../../src/destinations/errors.js';
import { createFileDestination } from '../../../src/destinations/file/destination.js';
import { createHttpDestination } from '../../../src/destinations/http/destination.js';
import { recordFormat } from '../../../src/formats/record-format.js';
import { parseRfc5424 } from '../../../src/formats/syslog/index.js';
import { startHttpReceiver } from '../../helpers/http-receiver.js';
import { collectGarbage } from '../../helpers/gc.js';
import { serveUnderLoad, slowly } from '../../helpers/load-rule.js';
import { jsonRecords, observedPipeline } from '../../helpers/pipeline.js';
import { scriptedDestination, transportError } from '../../helpers/scripted-destination.js';
import { contextFor, events } from '../destinations/fixtures.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-pipeline-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts it, and shuts it down after the test. */
function started(p: DestinationPipeline): DestinationPipeline {
  p.start();
  cleanup.push(() => p.shutdown());
  return p;
}

/** `settledAtLeast(n)`, failing the test with a message instead of hanging it. */
async function settled(p: DestinationPipeline, n: number, timeoutMs = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${p.settledCount} of ${n} records settled`)), timeoutMs)));
  try {
    await Promise.race([p.settledAtLeast(n), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const small = (n: number, tag = 'e'): { event_id: string; message: string }[] => Array.from({ length: n }, (_, i) => ({ event_id: `${tag}${i}`, message: `m${i}` }));
const messageOf = (e: CanonicalEvent): string => e.message ?? '';

describe('DestinationPipeline: delivery and acknowledgement', () => {
  it('delivers every record in order, acknowledges it, and counts it settled', async () => {
    const queue = createMemoryQueue();
    const d = scriptedDestination({ limits: { maxEvents: 4 } });
    const o = observedPipeline(d, queue);
    const p = started(o.pipeline);
    expect(p.settledCount).toBe(0);
    await queue.append(jsonRecords(small(10)));
    await settled(p, 10);
    expect(d.sent.flatMap((s) => s.eventIds)).toEqual(small(10).map((e) => e.event_id));
    expect(d.sent.every((s) => s.records.length <= 4)).toBe(true);
    expect(o.delivered()).toBe(10);
    expect(p.settledCount).toBe(10);
    expect(queue.stats().depth).toBe(0);
  });

  it('settledAtLeast resolves at once for what is settled, later for what is not, and at shutdown for what never will be', async () => {
    const queue = createMemoryQueue();
    const d = scriptedDestination();
    const p = started(observedPipeline(d, queue).pipeline);
    await expect(p.settledAtLeast(0)).resolves.toBeUndefined();
    const later = p.settledAtLeast(3);
    await queue.append(jsonRecords(small(3)));
    await later;
    expect(p.settledCount).toBe(3);
    const never = p.settledAtLeast(1_000);
    let resolved = false;
    void never.then(() => (resolved = true));
    await settled(p, 3);
    expect(resolved).toBe(false);
    await p.shutdown();
    await never;
    expect(p.settledCount).toBe(3);
  });

  it('counts dead-lettered records as settled, and acknowledges them', async () => {
    const queue = createMemoryQueue();
    const d = scriptedDestination();
    d.script(new PermanentError('400 Bad Request', 400));
    const o = observedPipeline(d, queue, { limits: { maxEvents: 2 } });
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(4)));
    await settled(p, 4);
    expect(o.undeliverable.map((u) => [u.item.event.event_id, u.kind, u.status])).toEqual([
      ['e0', 'permanent', 400],
      ['e1', 'permanent', 400],
    ]);
    expect(o.delivered()).toBe(2);
    expect(queue.stats().depth).toBe(0);
  });
});

describe('DestinationPipeline: batching', () => {
  it('counts UTF-8 bytes: a record too big alone is a permanent failure for itself only, its neighbours go in order', async () => {
    const queue = createMemoryQueue();
    // NDJSON-like: a separator per record. 'é' is 2 bytes in UTF-8 and 1 unit in a JS string.
    const d = scriptedDestination({ limits: { maxBytes: 50, separatorBytes: 1 }, encode: messageOf });
    const o = observedPipeline(d, queue);
    const p = started(o.pipeline);
    const list = [
      { event_id: 'a', message: 'é'.repeat(20) }, // 41 bytes with its separator
      { event_id: 'too-big', message: 'é'.repeat(25) }, // 50 + 1: over, though 25 units
      { event_id: 'b', message: 'x' },
      { event_id: 'c', message: '€'.repeat(16) }, // 48 + 1
    ];
    await queue.append(jsonRecords(list));
    await settled(p, 4);
    expect(d.sent.map((s) => s.eventIds)).toEqual([['a', 'b'], ['c']]);
    for (const s of d.sent) expect(s.records.reduce((n, r) => n + Buffer.byteLength(r) + 1, 0)).toBeLessThanOrEqual(50);
    expect(o.undeliverable.map((u) => [u.item.event.event_id, u.kind, u.status, u.item.attempts])).toEqual([['too-big', 'permanent', 'too_large', 0]]);
    expect(o.undeliverable[0]?.reason).toBe('the record is 50 bytes, over the 50-byte request limit of scripted');
  });

  it('dead-letters an event the destination cannot encode, and sends the others', async () => {
    const queue = createMemoryQueue();
    const d = scriptedDestination({
      encode: (e) => {
        if (e.event_id === 'e1') throw new PermanentError('the cef record of event e1 holds a line break', 'line_break');
        return JSON.stringify(e);
      },
    });
    const o = observedPipeline(d, queue);
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(3)));
    await settled(p, 3);
    expect(d.sent.flatMap((s) => s.eventIds)).toEqual(['e0', 'e2']);
    expect(o.undeliverable.map((u) => [u.item.event.event_id, u.status, u.reason])).toEqual([['e1', 'line_break', 'cannot be encoded for scripted: the cef record of event e1 holds a line break']]);
  });

  it('waits for a full batch while the flush interval has not passed', async () => {
    const queue = createMemoryQueue();
    const d = scriptedDestination();
    const p = started(observedPipeline(d, queue, { limits: { maxEvents: 3 }, flushIntervalMs: 60_000 }).pipeline);
    await queue.append(jsonRecords(small(2)));
    await new Promise((r) => setImmediate(r));
    await queue.append(jsonRecords(small(1, 'late')));
    await settled(p, 3);
    // Sent before the interval, the first two would have gone alone.
    expect(d.sent.map((s) => s.eventIds)).toEqual([['e0', 'e1', 'late0']]);
  });

  it('counts the flush interval from the first record’s arrival, not from when the worker read it', async () => {
    const t = Date.now();
    const queue = createMemoryQueue();
    const d = scriptedDestination();
    const p = started(observedPipeline(d, queue, { limits: { maxEvents: 100 }, flushIntervalMs: 60_000, now: () => t }).pipeline);
    // Queued a minute ago (a restart finds them there): their interval has passed.
    await queue.append(jsonRecords(small(2)), t - 60_000);
    await settled(p, 2);
    expect(d.sent.map((s) => s.eventIds)).toEqual([['e0', 'e1']]);
  });

  it('sends a partial batch once the flush interval passes', async () => {
    const queue = createMemoryQueue();
    const d = scriptedDestination();
    const p = started(observedPipeline(d, queue, { limits: { maxEvents: 100 }, flushIntervalMs: 20 }).pipeline);
    await queue.append(jsonRecords(small(2)));
    await settled(p, 2);
    expect(d.sent.map((s) => s.eventIds)).toEqual([['e0', 'e1']]);
  });

  it('sends a partial batch once the flush interval passes, even when a garbage collection falls within the wait', async () => {
    // On Node 20 a composite signal whose source is an AbortSignal.timeout never aborted after a
    // collection (nodejs/node#57736): the last records of a burst then waited for the next burst.
    const queue = createMemoryQueue();
    const d = scriptedDestination();
    const p = started(observedPipeline(d, queue, { limits: { maxEvents: 100 }, flushIntervalMs: 300 }).pipeline);
    await queue.append(jsonRecords(small(2)));
    await tick(30);
    collectGarbage();
    collectGarbage();
    await settled(p, 2, 3_000);
    expect(d.sent.map((s) => s.eventIds)).toEqual([['e0', 'e1']]);
  });

  it('dead-letters by the buffer window what waited too long in the queue, without sending it', async () => {
    const t = Date.now();
    const queue = createMemoryQueue();
    const d = scriptedDestination();
    const o = observedPipeline(d, queue, { windowMs: 1_000, now: () => t });
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(2, 'old')), t - 1_001);
    await queue.append(jsonRecords(small(1, 'new')), t);
    await settled(p, 3);
    expect(d.sent.flatMap((s) => s.eventIds)).toEqual(['new0']);
    expect(o.undeliverable.map((u) => [u.item.event.event_id, u.kind])).toEqual([
      ['old0', 'window'],
      ['old1', 'window'],
    ]);
  });
});

describe('DestinationPipeline: faults and shutdown', () => {
  it('skips a queue record that is not JSON, reports it, and delivers the rest', async () => {
    const queue = createMemoryQueue();
    const d = scriptedDestination();
    const o = observedPipeline(d, queue);
    const p = started(o.pipeline);
    await queue.append([...jsonRecords(small(1)), Buffer.from('{torn'), ...jsonRecords(small(1, 'f'))]);
    await settled(p, 3);
    expect(d.sent.flatMap((s) => s.eventIds)).toEqual(['e0', 'f0']);
    expect(o.faults.map(String)).toEqual(['Error: destination scripted: queue record 2 is not JSON; skipped']);
  });

  it('after a fault of its own (a failed acknowledgement) rewinds and sends again: duplicates, never a loss', async () => {
    const inner = createMemoryQueue();
    const queue = failingFirstAck(inner);
    const d = scriptedDestination();
    const o = observedPipeline(d, queue);
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(2)));
    await settled(p, 2);
    expect(o.faults.map(String)).toEqual(['Error: EIO: i/o error, write']);
    expect(d.sent.map((s) => s.eventIds)).toEqual([
      ['e0', 'e1'],
      ['e0', 'e1'],
    ]);
    expect(inner.stats().depth).toBe(0);
  });

  it('on shutdown aborts the send in flight before the destination closes, and leaves its records for the next start', async () => {
    const dir = tempDir();
    const list = events(5, 'stay');
    const queue = await openDiskQueue({ dir, fsync: 'always' });
    const d = scriptedDestination();
    d.script('hang');
    const o = observedPipeline(d, queue);
    o.pipeline.start();
    await queue.append(jsonRecords(list));
    while (d.sent.length === 0) await new Promise((r) => setTimeout(r, 5));
    // The forwarder's order: workers, then destinations, then queues.
    await o.pipeline.shutdown();
    await d.close();
    await queue.close();
    expect(d.log).toEqual(['send', 'aborted', 'close']);
    expect(o.pipeline.settledCount).toBe(0);
    expect(o.undeliverable).toEqual([]);

    const reopened = await openDiskQueue({ dir, fsync: 'always' });
    cleanup.push(() => reopened.close());
    expect(reopened.stats().depth).toBe(5);
    const d2 = scriptedDestination();
    const p2 = started(observedPipeline(d2, reopened).pipeline);
    await settled(p2, 5);
    expect(d2.sent.flatMap((s) => s.eventIds)).toEqual(list.map((e) => e.event_id));
  });
});

/** A send that ends when the test says: `release()` delivers, `fail(err)` rejects. */
interface Gate {
  readonly answer: (batch: unknown, signal: AbortSignal) => Promise<void>;
  release(): void;
  fail(err: Error): void;
}

function gate(): Gate {
  let release!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  return {
    answer: (_batch, signal) =>
      new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        done.then(resolve, reject);
      }),
    release: () => release(),
    fail: (err) => fail(err),
  };
}

/** A queue that records its acknowledgements. */
/** `inner`, whose first acknowledgement fails as a disk error would (EIO); later ones go through. */
function failingFirstAck(inner: Queue): Queue {
  let failAck = true;
  return {
    ...ackRecording(inner).queue,
    ack: (seq) => {
      if (failAck) {
        failAck = false;
        return Promise.reject(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
      }
      return inner.ack(seq);
    },
  };
}

function ackRecording(inner: Queue): { queue: Queue; acks: number[] } {
  const acks: number[] = [];
  const queue: Queue = {
    append: (r, n) => inner.append(r, n),
    read: (a, b) => inner.read(a, b),
    waitForRecords: (s) => inner.waitForRecords(s),
    rewind: () => inner.rewind(),
    stats: () => inner.stats(),
    close: () => inner.close(),
    ack: (seq) => {
      acks.push(seq);
      return inner.ack(seq);
    },
  };
  return { queue, acks };
}

const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await tick(2);
  }
}

describe('DestinationPipeline: the read encoded ahead', () => {
  it('keeps filling past the flush interval while every send slot is taken, and goes as one batch when one frees', async () => {
    const { queue } = ackRecording(createMemoryQueue());
    const d = scriptedDestination();
    const first = gate();
    d.script(first.answer, 'ok');
    const o = observedPipeline(d, queue, { limits: { maxEvents: 4 }, flushIntervalMs: 0 });
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(2, 'a')));
    await until(() => d.sent.length === 1);
    // The next records come one by one while the first read is on the wire: with a flush interval
    // of 0 each would go alone, but none can go yet, so they wait together (up to max_events).
    for (let i = 0; i < 5; i++) {
      await queue.append(jsonRecords(small(1, `b${i}-`)));
      await tick();
    }
    expect(d.sent.length).toBe(1);
    first.release();
    await settled(p, 7);
    expect(d.sent.map((s) => s.eventIds)).toEqual([['a0', 'a1'], ['b0-0', 'b1-0', 'b2-0', 'b3-0'], ['b4-0']]);
  });
});

describe('DestinationPipeline: batches prepared by the destination', () => {
  it('calls prepare once per batch, before its send, and sends that very batch', async () => {
    const { queue } = ackRecording(createMemoryQueue());
    const s = scriptedDestination();
    const steps: { step: 'prepare' | 'send'; batch: Batch }[] = [];
    const d: Destination = {
      ...s,
      prepare: (batch) => {
        steps.push({ step: 'prepare', batch });
      },
      send: (batch, signal) => {
        steps.push({ step: 'send', batch });
        return s.send(batch, signal);
      },
    };
    const p = started(observedPipeline(d, queue, { limits: { maxEvents: 2 } }).pipeline);
    await queue.append(jsonRecords(small(5)));
    await settled(p, 5);
    const prepared = steps.filter((x) => x.step === 'prepare').map((x) => x.batch);
    const sent = steps.filter((x) => x.step === 'send').map((x) => x.batch);
    expect(sent.map((b) => b.records.length)).toEqual([2, 2, 1]);
    expect(prepared).toEqual(sent);
    // The very objects, each prepared before it is sent (the next one possibly while one is on the wire).
    sent.forEach((b, i) => {
      expect(b).toBe(prepared[i]);
      expect(steps.findIndex((x) => x.batch === b && x.step === 'prepare')).toBeLessThan(steps.findIndex((x) => x.batch === b && x.step === 'send'));
    });
  });
});

describe('DestinationPipeline: a prepare that throws', () => {
  it('is ignored: every batch is still sent and delivered, and nothing is reported as a fault', async () => {
    const { queue } = ackRecording(createMemoryQueue());
    const s = scriptedDestination();
    const d: Destination = {
      ...s,
      prepare: () => {
        throw new Error('not ready');
      },
    };
    const o = observedPipeline(d, queue, { limits: { maxEvents: 2 } });
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(3)));
    await settled(p, 3);
    expect(s.sent.map((b) => b.eventIds)).toEqual([['e0', 'e1'], ['e2']]);
    expect(o.faults).toEqual([]);
  });
});

describe('DestinationPipeline: concurrency > 1', () => {
  it('an http destination keeps as many connections as sends in flight: all 8 of concurrency 8 reach the server at once', async () => {
    const receiver = await startHttpReceiver({ body: 'ndjson' });
    cleanup.push(() => receiver.close());
    const { maxInFlight } = serveUnderLoad(receiver, slowly(60));
    const http = createHttpDestination({ url: receiver.url('/in'), body: 'ndjson' }, contextFor('webhook', { maxConcurrency: 8 }));
    cleanup.push(() => http.close());
    const queue = createMemoryQueue();
    const p = started(observedPipeline(http, queue, { limits: { maxEvents: 2 }, concurrency: 8 }).pipeline);
    await queue.append(jsonRecords(events(32, 'conn')));
    await settled(p, 32);
    expect(maxInFlight()).toBe(8);
    expect(new Set(receiver.requests.map((r) => r.remotePort)).size).toBe(8);
  });

  it('sends up to `concurrency` reads at once, encodes one more ahead, and acknowledges only the contiguous prefix of what finished', async () => {
    const { queue, acks } = ackRecording(createMemoryQueue());
    const d = scriptedDestination();
    const gates = [gate(), gate(), gate(), gate(), gate()];
    d.script(...gates.map((g) => g.answer));
    const o = observedPipeline(d, queue, { limits: { maxEvents: 2 }, concurrency: 3 });
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(10)));
    await until(() => d.sent.length === 3);
    expect(d.sent.map((s) => s.eventIds)).toEqual([
      ['e0', 'e1'],
      ['e2', 'e3'],
      ['e4', 'e5'],
    ]);
    // Three on the wire; the fourth read is encoded ahead and waits for a send to end.
    await tick();
    expect(d.sent.length).toBe(3);
    // The third finishes first, then the second: the first is still in flight, so nothing is
    // acknowledged. Two slots are free: the fourth read goes; the fifth is not read (the window holds
    // `concurrency` + 1 reads).
    gates[2]?.release();
    gates[1]?.release();
    await until(() => d.sent.length === 4);
    await tick();
    expect(d.sent[3]?.eventIds).toEqual(['e6', 'e7']);
    expect(o.delivered()).toBe(4);
    expect(acks).toEqual([]);
    expect(p.settledCount).toBe(0);
    expect(queue.stats().depth).toBe(10);
    expect(d.sent.length).toBe(4);
    // The first finishes: the three are acknowledged in one go, up to the last record of the third.
    gates[0]?.release();
    await settled(p, 6);
    expect(acks).toEqual([6]);
    await until(() => d.sent.length === 5);
    expect(d.sent[4]?.eventIds).toEqual(['e8', 'e9']);
    gates[3]?.release();
    gates[4]?.release();
    await settled(p, 10);
    expect(acks.at(-1)).toBe(10);
    expect(queue.stats().depth).toBe(0);
    expect(o.delivered()).toBe(10);
  });

  it('with concurrency 1, encodes the next read while one is on the wire and sends it only after that one ends', async () => {
    const { queue, acks } = ackRecording(createMemoryQueue());
    const d = scriptedDestination();
    const gates = [gate(), gate(), gate()];
    d.script(...gates.map((g) => g.answer));
    let encoded = 0;
    const counting: Destination = { ...d, encode: (event) => (encoded++, d.encode(event)) };
    const o = observedPipeline(counting, queue, { limits: { maxEvents: 2 } });
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(6)));
    await until(() => d.sent.length === 1 && encoded === 4);
    await tick();
    // One on the wire, the next encoded, the third not read.
    expect(d.sent.length).toBe(1);
    expect(encoded).toBe(4);
    gates[0]?.release();
    await until(() => d.sent.length === 2);
    expect(d.sent.map((s) => s.eventIds)).toEqual([
      ['e0', 'e1'],
      ['e2', 'e3'],
    ]);
    gates[1]?.release();
    gates[2]?.release();
    await settled(p, 6);
    expect(d.sent.map((s) => s.eventIds).flat()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    expect(acks.at(-1)).toBe(6);
  });

  it('acknowledges a read finished after the ones before it at once, and counts dead letters of a later read only once it is acknowledged', async () => {
    const { queue, acks } = ackRecording(createMemoryQueue());
    const d = scriptedDestination();
    const first = gate();
    d.script(first.answer, 'ok', new PermanentError('400 Bad Request', 400));
    const o = observedPipeline(d, queue, { limits: { maxEvents: 1 }, concurrency: 4 });
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(3)));
    await until(() => d.sent.length === 3);
    await tick();
    // The second is delivered and the third dead-lettered, yet both wait for the first.
    expect(o.undeliverable.map((u) => u.item.event.event_id)).toEqual(['e2']);
    expect(acks).toEqual([]);
    expect(p.settledCount).toBe(0);
    first.release();
    await settled(p, 3);
    expect(acks).toEqual([3]);
    expect(queue.stats().depth).toBe(0);
  });

  it('retries each read on its own: a failing read holds back acknowledgements, never the sends after it', async () => {
    const { queue, acks } = ackRecording(createMemoryQueue());
    const d = scriptedDestination();
    const failing = gate();
    d.script(failing.answer, 'ok', 'ok');
    const o = observedPipeline(d, queue, { limits: { maxEvents: 1 }, concurrency: 3, backoff: { nextDelayMs: (n) => (n < 1 ? 30 : undefined) } });
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(3)));
    await until(() => d.sent.length === 3);
    failing.fail(transportError('ECONNRESET'));
    await until(() => d.sent.length === 4);
    expect(d.sent.map((s) => s.eventIds[0])).toEqual(['e0', 'e1', 'e2', 'e0']);
    expect(o.waits).toHaveLength(1);
    await settled(p, 3);
    expect(acks).toEqual([3]);
    expect(d.delivered().length).toBe(3);
  });

  it('delivers every record exactly once in the normal path, in any completion order', async () => {
    const dir = tempDir();
    const disk = await openDiskQueue({ dir, fsync: 'never' });
    cleanup.push(() => disk.close());
    const d = scriptedDestination({ limits: { maxEvents: 7 } });
    const randomDelay = (): Promise<void> => new Promise((r) => setTimeout(r, Math.floor(Math.random() * 8)));
    d.script(...Array.from({ length: 200 }, () => randomDelay));
    const o = observedPipeline(d, disk, { concurrency: 4 });
    const p = started(o.pipeline);
    const list = small(1_000);
    for (let i = 0; i < list.length; i += 100) await disk.append(jsonRecords(list.slice(i, i + 100)));
    await settled(p, 1_000);
    const ids = d.delivered().map((r) => (JSON.parse(r) as { event_id: string }).event_id);
    expect(ids.length).toBe(1_000);
    expect(new Set(ids).size).toBe(1_000);
    expect([...ids].sort()).toEqual(list.map((e) => e.event_id).sort());
    expect(o.delivered()).toBe(1_000);
    expect(p.settledCount).toBe(1_000);
    expect(disk.stats().depth).toBe(0);
    expect(d.sent.every((s) => s.records.length <= 7)).toBe(true);
  });

  it('on shutdown aborts every send in flight; what finished after an unfinished read stays in the queue for the next start', async () => {
    const dir = tempDir();
    const queue = await openDiskQueue({ dir, fsync: 'always' });
    const d = scriptedDestination();
    d.script('ok', 'hang', 'ok', 'hang');
    const o = observedPipeline(d, queue, { limits: { maxEvents: 2 }, concurrency: 4 });
    o.pipeline.start();
    await queue.append(jsonRecords(small(8)));
    await until(() => d.sent.length === 4);
    await settled(o.pipeline, 2);
    await o.pipeline.shutdown();
    await d.close();
    await queue.close();
    expect(d.sent.map((s) => s.outcome)).toEqual(['ok', 'aborted', 'ok', 'aborted']);
    expect(o.pipeline.settledCount).toBe(2);

    const reopened = await openDiskQueue({ dir, fsync: 'always' });
    cleanup.push(() => reopened.close());
    // Only the first read was acknowledged: the third (delivered) is read again, a duplicate, never a loss.
    expect(reopened.stats().depth).toBe(6);
    const d2 = scriptedDestination();
    const p2 = started(observedPipeline(d2, reopened, { concurrency: 4 }).pipeline);
    await settled(p2, 6);
    expect(d2.sent.flatMap((s) => s.eventIds)).toEqual(['e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  });

  it('after a fault of its own waits for the sends in flight, rewinds and sends again: duplicates, never a loss', async () => {
    const inner = createMemoryQueue();
    const queue = failingFirstAck(inner);
    const d = scriptedDestination();
    const second = gate();
    d.script('ok', second.answer);
    const o = observedPipeline(d, queue, { limits: { maxEvents: 2 }, concurrency: 2 });
    const p = started(o.pipeline);
    await queue.append(jsonRecords(small(4)));
    await until(() => o.faults.length === 1);
    second.release();
    await settled(p, 4);
    expect(o.faults.map(String)).toEqual(['Error: EIO: i/o error, write']);
    const ids = d.delivered().map((r) => (JSON.parse(r) as { event_id: string }).event_id);
    expect(new Set(ids)).toEqual(new Set(['e0', 'e1', 'e2', 'e3']));
    expect(inner.stats().depth).toBe(0);
  });
});

describe('DestinationPipeline: canonical JSON records', () => {
  it('hands a destination whose records are canonical JSON the disk queue’s bytes, never encoding, and only the failed items again', async () => {
    const queue = await openDiskQueue({ dir: tempDir(), fsync: 'never' });
    cleanup.push(() => queue.close());
    // Golden events: some hold non-ASCII text, so a record's bytes are not its characters.
    const list = events(6, 'raw');
    const data = jsonRecords(list);
    const sends: { bytes: Buffer[]; text: readonly string[] }[] = [];
    let encoded = 0;
    const destination: Destination = {
      name: 'raw',
      type: 'raw',
      limits: { maxEvents: 100, maxBytes: 1_000_000, measuredOn: 'encoded', envelopeBytes: 0, separatorBytes: 1 },
      canonicalJsonRecords: true,
      encode: (event) => {
        encoded++;
        return JSON.stringify(event);
      },
      send: (batch) => {
        const bytes = (batch.recordBytes ?? []).map((b) => Buffer.from(b.buffer.subarray(b.start, b.end)));
        sends.push({ bytes, text: batch.records });
        // The first send: records 1 and 3 to be sent again.
        return sends.length === 1 ? Promise.reject(new RetryItems('two of six', [1, 3])) : Promise.resolve();
      },
      preview: () => Promise.resolve([]),
      close: () => Promise.resolve(),
    };
    const p = started(observedPipeline(destination, queue, { backoff: { nextDelayMs: (n) => (n < 3 ? 1 : undefined) } }).pipeline);
    await queue.append(data);
    await settled(p, 6);
    expect(encoded).toBe(0);
    expect(sends.map((s) => s.bytes.length)).toEqual([6, 2]);
    expect(sends[0]?.bytes).toEqual(data);
    expect(sends[1]?.bytes).toEqual([data[1], data[3]]);
    // The text, when a destination asks for it, is the same JSON.
    expect(sends[1]?.text).toEqual([data[1], data[3]].map((b) => b?.toString('utf8')));
    expect(queue.stats().depth).toBe(0);
  });
});

describe('DestinationPipeline: the events of a batch', () => {
  for (const readsEvents of [true, false]) {
    it(`gives send the events ${readsEvents ? 'it parsed to encode (readsEvents)' : 'parsed again only when asked, keeping none of those it encoded'}`, async () => {
      const queue = await openDiskQueue({ dir: tempDir(), fsync: 'never' });
      cleanup.push(() => queue.close());
      const list = events(5, 'ev');
      const encodedEvents: CanonicalEvent[] = [];
      const sent: { events: readonly CanonicalEvent[]; records: readonly string[] }[] = [];
      const destination: Destination = {
        name: 'ev',
        type: 'ev',
        limits: { maxEvents: 100, maxBytes: 1_000_000, measuredOn: 'encoded', envelopeBytes: 0, separatorBytes: 1 },
        ...(readsEvents ? { readsEvents: true } : {}),
        encode: (event) => {
          encodedEvents.push(event);
          return `<${event.event_id}>`;
        },
        send: (batch) => {
          sent.push({ events: batch.events, records: batch.records });
          // The first send: records 1 and 3 to be sent again.
          return sent.length === 1 ? Promise.reject(new RetryItems('two of five', [1, 3])) : Promise.resolve();
        },
        preview: () => Promise.resolve([]),
        close: () => Promise.resolve(),
      };
      const p = started(observedPipeline(destination, queue, { backoff: { nextDelayMs: (n) => (n < 3 ? 1 : undefined) } }).pipeline);
      await queue.append(jsonRecords(list));
      await settled(p, 5);
      expect(sent.map((s) => s.records)).toEqual([list.map((e) => `<${e.event_id}>`), [`<${list[1]?.event_id}>`, `<${list[3]?.event_id}>`]]);
      // The same events either way: equal to what was emitted.
      expect(sent[0]?.events).toEqual(list);
      expect(sent[1]?.events).toEqual([list[1], list[3]]);
      // Kept (the very objects encode was given) only for a destination that reads them.
      expect(sent[0]?.events.every((e, i) => e === encodedEvents[i])).toBe(readsEvents);
      expect(sent[0]?.events.some((e, i) => e === encodedEvents[i])).toBe(readsEvents);
    });
  }
});

describe('DestinationPipeline with real destinations', () => {
  /** The file destination writing the `canonical` format to out.ndjson in a temporary directory. */
  function canonicalFile(): { dir: string; file: Destination } {
    const dir = tempDir();
    const encode = recordFormat('canonical')?.encoder({ product: { vendor: 'A', name: 'B' } });
    if (encode === undefined) throw new Error('no canonical format');
    const file = createFileDestination({ path: path.join(dir, 'out.ndjson') }, contextFor('archive', { format: 'canonical', encode, canonicalJsonRecords: true, dataDir: dir }));
    cleanup.push(() => file.close());
    return { dir, file };
  }

  it('writes canonical events to the file destination, one line each, in order, from the queue’s JSON as is', async () => {
    const { dir, file } = canonicalFile();
    const queue = createMemoryQueue();
    const p = started(observedPipeline(file, queue, { limits: { maxEvents: 7 } }).pipeline);
    const list = events(20, 'file');
    const data = jsonRecords(list);
    await queue.append(data);
    await settled(p, 20);
    expect(readFileSync(path.join(dir, 'out.ndjson'), 'utf8')).toBe(data.map((b) => `${b.toString('utf8')}\n`).join(''));
  });

  it('writes a queue record laid out over lines (JSON another tool published) to the canonical file as one line, the others as they are', async () => {
    const { dir, file } = canonicalFile();
    const queue = createMemoryQueue();
    const p = started(observedPipeline(file, queue).pipeline);
    const list = events(3, 'lines');
    const texts = [JSON.stringify(list[0]), JSON.stringify(list[1], null, 2), JSON.stringify(list[2]).replace(',', ',\r\n')];
    await queue.append(texts.map((t) => Buffer.from(t)));
    await settled(p, 3);
    expect(readFileSync(path.join(dir, 'out.ndjson'), 'utf8')).toBe(list.map((e) => `${JSON.stringify(e)}\n`).join(''));
  });

  it('writes syslog5424 records whose JSON body is the queue’s JSON text itself, not a second serialisation (unless it holds a line break)', async () => {
    const dir = tempDir();
    const product = { vendor: 'Acme', name: 'ScaiDrive' };
    const encode = recordFormat('syslog5424')?.encoder({ product, syslog: { hostname: 'h' } });
    if (encode === undefined) throw new Error('no syslog5424 format');
    const file = createFileDestination({ path: path.join(dir, 'out.log') }, contextFor('archive', { format: 'syslog5424', encode, dataDir: dir }));
    cleanup.push(() => file.close());
    const queue = createMemoryQueue();
    const p = started(observedPipeline(file, queue).pipeline);
    const list = events(3, 'sys');
    // JSON texts of the same events as another writer might lay them out: spaces after ":" and
    // ",", and one spread over lines. The first two are taken as they are, the third is not.
    const spaced = list.map((e) => JSON.stringify(e, null, 1).replace(/\n */g, ' '));
    const texts = [spaced[0], spaced[1], JSON.stringify(list[2], null, 2)] as string[];
    await queue.append(texts.map((t) => Buffer.from(t)));
    await settled(p, 3);
    const lines = readFileSync(path.join(dir, 'out.log'), 'utf8').split('\n').slice(0, -1);
    expect(lines).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      const event = list[i] as CanonicalEvent;
      const body = lines[i]?.slice((lines[i] as string).indexOf('\ufeff') + 1);
      expect(body).toBe(i < 2 ? texts[i] : JSON.stringify(event));
      // Either way the message is the encoder's for the event, around that body, and parses back to the event.
      expect(lines[i]).toBe(encode(event).replace(JSON.stringify(event), () => body as string));
      expect(parseRfc5424(lines[i] as string)).toStrictEqual({ ok: true, value: event });
    }
  });

  it('keeps gzip request bodies of the http destination within max_bytes before compression, as it declares', async () => {
    const receiver = await startHttpReceiver({ body: 'ndjson' });
    cleanup.push(() => receiver.close());
    const http = createHttpDestination({ url: receiver.url('/in'), body: 'ndjson', gzip: true, max_bytes: 4_000 }, contextFor('webhook'));
    cleanup.push(() => http.close());
    expect(http.limits.measuredOn).toBe('encoded');
    const queue = createMemoryQueue();
    const p = started(observedPipeline(http, queue).pipeline);
    const list = events(40, 'gz');
    await queue.append(jsonRecords(list));
    await settled(p, 40);
    expect(receiver.requests.length).toBeGreaterThan(1);
    for (const r of receiver.requests) {
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.body.length).toBeLessThanOrEqual(4_000);
    }
    expect(receiver.eventIds()).toEqual(list.map((e) => e.event_id));
  });
});
