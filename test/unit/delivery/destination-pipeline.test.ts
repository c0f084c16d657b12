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
import { PermanentError } from '../../../src/destinations/errors.js';
import { createFileDestination } from '../../../src/destinations/file/destination.js';
import { createHttpDestination } from '../../../src/destinations/http/destination.js';
import { recordFormat } from '../../../src/formats/record-format.js';
import { startHttpReceiver } from '../../helpers/http-receiver.js';
import { jsonRecords, observedPipeline } from '../../helpers/pipeline.js';
import { scriptedDestination } from '../../helpers/scripted-destination.js';
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
    let failAck = true;
    const queue: Queue = {
      ...inner,
      append: (r, n) => inner.append(r, n),
      read: (a, b) => inner.read(a, b),
      waitForRecords: (s) => inner.waitForRecords(s),
      rewind: () => inner.rewind(),
      stats: () => inner.stats(),
      close: () => inner.close(),
      ack: (seq) => {
        if (failAck) {
          failAck = false;
          return Promise.reject(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
        }
        return inner.ack(seq);
      },
    };
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

describe('DestinationPipeline with real destinations', () => {
  it('writes canonical events to the file destination, one line each, in order, from the queue’s JSON as is', async () => {
    const dir = tempDir();
    const canonical = recordFormat('canonical');
    const file = createFileDestination({ path: path.join(dir, 'out.ndjson') }, contextFor('archive', { format: 'canonical', encode: canonical?.encoder({ product: { vendor: 'A', name: 'B' } }) ?? JSON.stringify, encodeCanonicalJson: (j) => j, dataDir: dir }));
    cleanup.push(() => file.close());
    const queue = createMemoryQueue();
    const p = started(observedPipeline(file, queue, { limits: { maxEvents: 7 } }).pipeline);
    const list = events(20, 'file');
    const data = jsonRecords(list);
    await queue.append(data);
    await settled(p, 20);
    expect(readFileSync(path.join(dir, 'out.ndjson'), 'utf8')).toBe(data.map((b) => `${b.toString('utf8')}\n`).join(''));
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
