/**
 * The disk queue against the memory queue as a model: random sequences of appends, reads, acks,
 * rewinds and restarts, with tiny segments so that rolls and deletions happen all the time. After
 * a restart the disk queue must behave as the memory queue does after a rewind (at-least-once:
 * read but unacknowledged records come again), with the same seqs, data and stats throughout.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DiskQueue, openDiskQueue } from '../../../../src/delivery/queue/disk-queue.js';
import { createMemoryQueue } from '../../../../src/delivery/queue/memory-queue.js';
import type { QueueEntry } from '../../../../src/delivery/queue/queue.js';
import { useTempDirs } from './fixtures.js';

const tempDir = useTempDirs();
const RUNS = Math.max(20, Math.floor(Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000) / 10));

type Op =
  | { readonly op: 'append'; readonly sizes: readonly number[]; readonly nowMs: number }
  | { readonly op: 'read'; readonly maxRecords: number; readonly maxBytes: number }
  | { readonly op: 'ack'; readonly pick: number }
  | { readonly op: 'rewind' }
  | { readonly op: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('append' as const), sizes: fc.array(fc.nat(120), { maxLength: 6 }), nowMs: fc.nat(1_000_000) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('read' as const), maxRecords: fc.integer({ min: 1, max: 8 }), maxBytes: fc.nat(400) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('ack' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'rewind' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
);

const view = (entries: readonly QueueEntry[]): [number, string, number][] => entries.map((e) => [e.seq, e.data.toString('hex'), e.enqueuedAtMs]);

describe('disk queue against the memory queue', () => {
  it('agrees on every read and stat through random operations and restarts', async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 40, max: 600 }), async (ops, segmentBytes) => {
        const dir = tempDir();
        let disk: DiskQueue = await openDiskQueue({ dir, segmentBytes, fsync: 'never' });
        const memory = createMemoryQueue();
        let readSeqs: number[] = [];
        try {
          for (const op of ops) {
            if (op.op === 'append') {
              const records = op.sizes.map((n) => Buffer.alloc(n, counter++ % 251));
              await Promise.all([disk.append(records, op.nowMs), memory.append(records, op.nowMs)]);
            } else if (op.op === 'read') {
              const [d, m] = [await disk.read(op.maxRecords, op.maxBytes), await memory.read(op.maxRecords, op.maxBytes)];
              expect(view(d)).toEqual(view(m));
              readSeqs.push(...d.map((e) => e.seq));
            } else if (op.op === 'ack' && readSeqs.length > 0) {
              const seq = readSeqs[op.pick % readSeqs.length] as number;
              await Promise.all([disk.ack(seq), memory.ack(seq)]);
            } else if (op.op === 'rewind') {
              disk.rewind();
              memory.rewind();
            } else if (op.op === 'restart') {
              await disk.close();
              disk = await openDiskQueue({ dir, segmentBytes, fsync: 'never' });
              expect(disk.recovery.problems).toEqual([]);
              memory.rewind();
              // A restarted consumer has read nothing yet.
              readSeqs = [];
            }
            expect(disk.stats()).toEqual(memory.stats());
          }
          // Drain both: the same records remain.
          disk.rewind();
          memory.rewind();
          expect(view(await disk.read(1_000, 1_000_000))).toEqual(view(await memory.read(1_000, 1_000_000)));
        } finally {
          await disk.close();
          await memory.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
