/**
 * The behaviour every Queue implementation owes (src/delivery/queue/queue.ts), run against the
 * memory queue and the disk queue under each fsync policy, so the two stay interchangeable.
 */
import { describe, expect, it } from 'vitest';
import type { Queue } from '../../../../src/delivery/queue/queue.js';
import { QueueClosedError } from '../../../../src/delivery/queue/queue-errors.js';
import { readAll, records, texts } from './fixtures.js';

/** Opens a fresh, empty queue; the suite closes it. */
export type OpenQueue = () => Promise<Queue>;

export function describeQueueContract(name: string, openQueue: OpenQueue): void {
  describe(`${name}: the Queue contract`, () => {
    async function withQueue(body: (q: Queue) => Promise<void>): Promise<void> {
      const q = await openQueue();
      try {
        await body(q);
      } finally {
        await q.close();
      }
    }

    it('reads records in append order with increasing seqs, data and append time', () =>
      withQueue(async (q) => {
        await q.append(records(0, 3), 1_000);
        await q.append(records(3, 2), 2_000);
        const got = await readAll(q);
        expect(texts(got)).toEqual(['rec-0', 'rec-1', 'rec-2', 'rec-3', 'rec-4']);
        expect(got.map((e) => e.enqueuedAtMs)).toEqual([1_000, 1_000, 1_000, 2_000, 2_000]);
        for (let i = 1; i < got.length; i++) expect((got[i]?.seq ?? 0) > (got[i - 1]?.seq ?? 0)).toBe(true);
      }));

    it('numbers records as append is called: nextSeq is the seq the next appended record gets', () =>
      withQueue(async (q) => {
        const first = q.nextSeq;
        expect(first).toBeTypeOf('number');
        // Two appends started together: each takes its seqs when called, before either resolves.
        const a = q.append(records(0, 3), 1_000);
        expect(q.nextSeq).toBe((first as number) + 3);
        const b = q.append(records(3, 2), 1_000);
        expect(q.nextSeq).toBe((first as number) + 5);
        await Promise.all([a, b]);
        const got = await readAll(q);
        expect(got.map((e) => [e.seq, e.data.toString('utf8')])).toEqual(['rec-0', 'rec-1', 'rec-2', 'rec-3', 'rec-4'].map((t, i) => [(first as number) + i, t]));
        // An empty append takes none.
        await q.append([]);
        expect(q.nextSeq).toBe((first as number) + 5);
      }));

    it('returns [] at once when nothing is unread, and an empty append adds nothing', () =>
      withQueue(async (q) => {
        expect(await q.read(10, 1_000)).toEqual([]);
        await q.append([]);
        expect(await q.read(10, 1_000)).toEqual([]);
        expect(q.stats()).toEqual({ depth: 0, bytes: 0, oldestEnqueuedAtMs: undefined });
      }));

    it('keeps the order of concurrent appends', () =>
      withQueue(async (q) => {
        await Promise.all(Array.from({ length: 50 }, (_, i) => q.append(records(i * 3, 3))));
        expect(texts(await readAll(q))).toEqual(records(0, 150).map(String));
      }));

    it('copies what it appends: the caller may reuse its buffer', () =>
      withQueue(async (q) => {
        const buf = Buffer.from('original');
        await q.append([buf]);
        buf.write('changed!');
        expect(texts(await q.read(1, 100))).toEqual(['original']);
      }));

    it('limits a read by record count and by bytes, but returns at least one record', () =>
      withQueue(async (q) => {
        await q.append([Buffer.alloc(10, 'a'), Buffer.alloc(10, 'b'), Buffer.alloc(30, 'c'), Buffer.alloc(5, 'd'), Buffer.alloc(5, 'e')]);
        expect((await q.read(1, 1_000)).map((e) => e.data.length)).toEqual([10]);
        expect((await q.read(10, 15)).map((e) => e.data.length)).toEqual([10]);
        expect((await q.read(10, 15)).map((e) => e.data.length)).toEqual([30]);
        expect((await q.read(10, 10)).map((e) => e.data.length)).toEqual([5, 5]);
        expect(await q.read(10, 10)).toEqual([]);
      }));

    it('acknowledges up to a seq, and rewinds to the oldest unacknowledged record', () =>
      withQueue(async (q) => {
        await q.append(records(0, 6));
        const first = await q.read(4, 1_000);
        await q.ack((first[1] as { seq: number }).seq);
        q.rewind();
        expect(texts(await q.read(10, 1_000))).toEqual(['rec-2', 'rec-3', 'rec-4', 'rec-5']);
        q.rewind();
        const again = await q.read(2, 1_000);
        expect(texts(again)).toEqual(['rec-2', 'rec-3']);
        await q.ack((again[1] as { seq: number }).seq);
        q.rewind();
        expect(texts(await readAll(q))).toEqual(['rec-4', 'rec-5']);
      }));

    it('an ack after a rewind moves past the acknowledged records', () =>
      withQueue(async (q) => {
        await q.append(records(0, 5));
        const got = await q.read(5, 1_000);
        q.rewind();
        await q.ack((got[2] as { seq: number }).seq);
        expect(texts(await readAll(q))).toEqual(['rec-3', 'rec-4']);
      }));

    it('rewind with everything read acknowledged changes nothing', () =>
      withQueue(async (q) => {
        await q.append(records(0, 4));
        const got = await q.read(2, 1_000);
        await q.ack((got[1] as { seq: number }).seq);
        q.rewind();
        expect(texts(await readAll(q))).toEqual(['rec-2', 'rec-3']);
      }));

    it('refuses an ack past the last record read, and ignores one already acknowledged', () =>
      withQueue(async (q) => {
        await q.append(records(0, 3));
        const got = await q.read(1, 1_000);
        const seq = (got[0] as { seq: number }).seq;
        await expect(q.ack(seq + 1)).rejects.toThrow(RangeError);
        await q.ack(seq);
        await q.ack(seq);
        await q.ack(seq - 1);
        expect(q.stats().depth).toBe(2);
        expect(texts(await readAll(q))).toEqual(['rec-1', 'rec-2']);
      }));

    it('keeps depth, bytes and the oldest append time exact', () =>
      withQueue(async (q) => {
        await q.append([Buffer.alloc(100), Buffer.alloc(50)], 10);
        await q.append([Buffer.alloc(7)], 20);
        expect(q.stats()).toEqual({ depth: 3, bytes: 157, oldestEnqueuedAtMs: 10 });
        const got = await q.read(2, 1_000);
        expect(q.stats()).toEqual({ depth: 3, bytes: 157, oldestEnqueuedAtMs: 10 });
        await q.ack((got[0] as { seq: number }).seq);
        expect(q.stats()).toEqual({ depth: 2, bytes: 57, oldestEnqueuedAtMs: 10 });
        await q.ack((got[1] as { seq: number }).seq);
        expect(q.stats()).toEqual({ depth: 1, bytes: 7, oldestEnqueuedAtMs: 20 });
        const last = await q.read(1, 1_000);
        await q.ack((last[0] as { seq: number }).seq);
        expect(q.stats()).toEqual({ depth: 0, bytes: 0, oldestEnqueuedAtMs: undefined });
        await q.append([Buffer.alloc(3)], 30);
        expect(q.stats()).toEqual({ depth: 1, bytes: 3, oldestEnqueuedAtMs: 30 });
      }));

    it('waitForRecords resolves at once with unread records, on append, on rewind, and on abort', () =>
      withQueue(async (q) => {
        const never = new AbortController().signal;
        let woke = false;
        const waiting = q.waitForRecords(never).then(() => (woke = true));
        await new Promise((r) => setTimeout(r, 20));
        expect(woke).toBe(false);
        await q.append(records(0, 1));
        await waiting;
        expect(woke).toBe(true);
        await q.waitForRecords(never);

        await q.read(1, 1_000);
        let rewound = false;
        const afterRewind = q.waitForRecords(never).then(() => (rewound = true));
        await new Promise((r) => setTimeout(r, 20));
        expect(rewound).toBe(false);
        q.rewind();
        await afterRewind;
        await q.read(1, 1_000);

        const abort = new AbortController();
        let aborted = false;
        const pending = q.waitForRecords(abort.signal).then(() => (aborted = true));
        await new Promise((r) => setTimeout(r, 20));
        expect(aborted).toBe(false);
        abort.abort();
        await pending;
        await q.waitForRecords(abort.signal);
      }));

    it('after close: waiters are released and appends, reads and acks fail', async () => {
      const q = await openQueue();
      const waiting = q.waitForRecords(new AbortController().signal);
      await q.close();
      await waiting;
      await q.waitForRecords(new AbortController().signal);
      await expect(q.append(records(0, 1))).rejects.toThrow(QueueClosedError);
      await expect(q.read(1, 1)).rejects.toThrow(QueueClosedError);
      await expect(q.ack(1)).rejects.toThrow(QueueClosedError);
      await q.close();
    });
  });
}
