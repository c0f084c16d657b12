import { describe, expect, it } from 'vitest';
import { createMemoryQueue } from '../../../../src/delivery/queue/memory-queue.js';
import { QueueFullError } from '../../../../src/delivery/queue/queue-errors.js';
import { records, texts } from './fixtures.js';
import { describeQueueContract } from './queue-contract.js';

describeQueueContract('memory queue', () => Promise.resolve(createMemoryQueue()));

describe('memory queue', () => {
  it('refuses a whole append that would pass maxBytes, and takes more once records are acknowledged', async () => {
    const q = createMemoryQueue({ maxBytes: 20 });
    await q.append([Buffer.alloc(15)]);
    await expect(q.append([Buffer.alloc(3), Buffer.alloc(3)])).rejects.toThrow(QueueFullError);
    expect(q.stats()).toEqual({ depth: 1, bytes: 15, oldestEnqueuedAtMs: expect.any(Number) });
    const [first] = await q.read(1, 100);
    await q.ack(first?.seq ?? 0);
    await q.append(records(0, 2));
    expect(texts(await q.read(10, 100))).toEqual(['rec-0', 'rec-1']);
    await q.close();
  });

  it('holds many records in order through interleaved reads and acks', async () => {
    const q = createMemoryQueue();
    const seen: string[] = [];
    for (let i = 0; i < 5_000; i += 50) {
      await q.append(records(i, 50));
      const got = await q.read(40, 1_000_000);
      seen.push(...texts(got));
      await q.ack(got[got.length - 1]?.seq ?? 0);
    }
    for (let got = await q.read(100, 1_000_000); got.length > 0; got = await q.read(100, 1_000_000)) seen.push(...texts(got));
    expect(seen).toEqual(records(0, 5_000).map(String));
    await q.close();
  });
});
