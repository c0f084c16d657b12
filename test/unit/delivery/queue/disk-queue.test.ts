import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DiskQueueOptions, openDiskQueue } from '../../../../src/delivery/queue/disk-queue.js';
import { readAll, records, segmentFiles, texts, useTempDirs } from './fixtures.js';
import { describeQueueContract } from './queue-contract.js';

const tempDir = useTempDirs();

describeQueueContract('disk queue (fsync interval)', () => openDiskQueue({ dir: tempDir() }));
describeQueueContract('disk queue (fsync always, small segments)', () => openDiskQueue({ dir: tempDir(), fsync: 'always', segmentBytes: 100 }));
describeQueueContract('disk queue (fsync never)', () => openDiskQueue({ dir: tempDir(), fsync: 'never' }));

describe('disk queue', () => {
  it('has the bytes in the file when append resolves', async () => {
    const dir = tempDir();
    const q = await openDiskQueue({ dir, fsync: 'never' });
    await q.append([Buffer.from('visible-after-write')]);
    const file = path.join(dir, segmentFiles(dir)[0] as string);
    expect(readFileSync(file).includes('visible-after-write')).toBe(true);
    await q.close();
  });

  it('keeps its acknowledged position across a restart', async () => {
    const dir = tempDir();
    let q = await openDiskQueue({ dir });
    await q.append(records(0, 10), 5);
    const got = await q.read(4, 1_000);
    await q.ack(got[3]?.seq ?? 0);
    await q.close();
    q = await openDiskQueue({ dir });
    expect(q.recovery).toMatchObject({ records: 6, ackFile: 'ok', problems: [] });
    expect(q.stats()).toEqual({ depth: 6, bytes: 6 * 5, oldestEnqueuedAtMs: 5 });
    const rest = await readAll(q);
    expect(texts(rest)).toEqual(records(4, 6).map(String));
    expect(rest[0]?.seq).toBe((got[3]?.seq ?? 0) + 1);
    await q.close();
  });

  it('delivers again what was read but not acknowledged before a restart (at-least-once), with the same seqs', async () => {
    const dir = tempDir();
    let q = await openDiskQueue({ dir });
    await q.append(records(0, 5));
    const before = await readAll(q);
    await q.close();
    q = await openDiskQueue({ dir });
    const after = await readAll(q);
    expect(after.map((e) => [e.seq, e.data.toString()])).toEqual(before.map((e) => [e.seq, e.data.toString()]));
    await q.append(records(5, 1));
    expect((await q.read(1, 100))[0]?.seq).toBe((before[4]?.seq ?? 0) + 1);
    await q.close();
  });

  it('rolls segments, deletes them once acknowledged, and reads across them', async () => {
    const dir = tempDir();
    const segmentBytes = 400;
    let q = await openDiskQueue({ dir, segmentBytes });
    for (let i = 0; i < 40; i += 4) await q.append(records(i, 4, 40));
    const files = segmentFiles(dir);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(path.join(dir, f)).length).toBeLessThanOrEqual(segmentBytes);

    const first = await q.read(25, 1_000_000);
    expect(texts(first)).toEqual(records(0, 25).map(String));
    await q.ack(first[24]?.seq ?? 0);
    const left = segmentFiles(dir);
    expect(left.length).toBeLessThan(files.length);
    // The oldest segment left holds record 25 (seq 26); every one before it is gone.
    expect(Number(left[0]?.slice(0, 20))).toBeLessThanOrEqual(26);
    expect(Number(left[1]?.slice(0, 20))).toBeGreaterThan(26);

    q.rewind();
    expect(texts(await readAll(q))).toEqual(records(25, 15).map(String));
    await q.close();
    q = await openDiskQueue({ dir, segmentBytes });
    expect(texts(await readAll(q))).toEqual(records(25, 15).map(String));
    await q.ack(40);
    expect(segmentFiles(dir)).toHaveLength(1);
    await q.close();
  });

  it('rewinds into a segment that has since been sealed', async () => {
    const dir = tempDir();
    const q = await openDiskQueue({ dir, segmentBytes: 200 });
    await q.append(records(0, 3, 20));
    const got = await q.read(3, 1_000);
    await q.append(records(3, 6, 20));
    expect(segmentFiles(dir).length).toBeGreaterThan(1);
    await q.ack(got[0]?.seq ?? 0);
    q.rewind();
    expect(texts(await readAll(q))).toEqual(records(1, 8).map(String));
    await q.close();
  });

  it('gives an append larger than a segment a segment of its own', async () => {
    const dir = tempDir();
    const q = await openDiskQueue({ dir, segmentBytes: 100 });
    await q.append(records(0, 1));
    await q.append([Buffer.alloc(500, 'x')]);
    await q.append(records(1, 1));
    expect(segmentFiles(dir)).toHaveLength(3);
    expect((await readAll(q)).map((e) => e.data.length)).toEqual([5, 500, 5]);
    await q.close();
  });

  it('keeps appending and rolling while the interval fsync runs beside the writer', async () => {
    const dir = tempDir();
    const q = await openDiskQueue({ dir, segmentBytes: 2_000, fsyncIntervalMs: 1 });
    for (let i = 0; i < 300; i += 10) {
      await q.append(records(i, 10, 50));
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(segmentFiles(dir).length).toBeGreaterThan(5);
    expect(texts(await readAll(q))).toEqual(records(0, 300).map(String));
    await q.close();
  });

  it('never returns an acknowledged record and loses none while appends, reads, acks and rewinds overlap', async () => {
    const dir = tempDir();
    const q = await openDiskQueue({ dir, segmentBytes: 300 });
    const total = 2_000;
    const producing = (async () => {
      for (let i = 0; i < total; i += 20) await q.append(records(i, 20));
    })();
    const acked = new Set<number>();
    const seen = new Set<number>();
    const acks: Promise<void>[] = [];
    let ackedUpTo = 0;
    let rounds = 0;
    while (ackedUpTo < total) {
      await q.waitForRecords(AbortSignal.timeout(1_000));
      const got = await q.read(1 + (rounds % 13), 1_000);
      for (const e of got) {
        expect(acked.has(e.seq), `seq ${e.seq} was acknowledged`).toBe(false);
        seen.add(e.seq);
      }
      const last = got[got.length - 1];
      if (last === undefined) continue;
      if (rounds++ % 5 === 4) q.rewind();
      else {
        // Not awaited: the next read runs while the ack is written and segments are deleted.
        for (let s = ackedUpTo + 1; s <= last.seq; s++) acked.add(s);
        ackedUpTo = Math.max(ackedUpTo, last.seq);
        acks.push(q.ack(last.seq));
      }
    }
    await Promise.all([producing, ...acks]);
    expect(seen.size).toBe(total);
    expect(q.stats()).toEqual({ depth: 0, bytes: 0, oldestEnqueuedAtMs: undefined });
    expect(segmentFiles(dir)).toHaveLength(1);
    await q.close();
  });

  it('skips a record damaged while the queue is open, and corrects its counters', async () => {
    const dir = tempDir();
    const q = await openDiskQueue({ dir });
    await q.append(records(0, 3, 10));
    const file = path.join(dir, segmentFiles(dir)[0] as string);
    const bytes = readFileSync(file);
    bytes[bytes.indexOf('rec-1')] = 0x21;
    writeFileSync(file, bytes);
    expect(q.stats().depth).toBe(3);
    expect(texts(await readAll(q))).toEqual(['rec-0', 'rec-2']);
    expect(q.stats()).toEqual({ depth: 2, bytes: 30, oldestEnqueuedAtMs: expect.any(Number) });
    await q.ack(3);
    expect(q.stats()).toEqual({ depth: 0, bytes: 0, oldestEnqueuedAtMs: undefined });
    await q.close();
  });

  it('refuses a second open of the same directory in one process, and bad options', async () => {
    const dir = tempDir();
    const q = await openDiskQueue({ dir });
    await expect(openDiskQueue({ dir: `${dir}/.` })).rejects.toThrow(/already open/);
    await q.close();
    const again = await openDiskQueue({ dir });
    await again.close();
    const bad: DiskQueueOptions[] = [
      { dir, fsync: 'sometimes' as 'always' },
      { dir, segmentBytes: 0 },
      { dir, fsyncIntervalMs: -1 },
    ];
    for (const options of bad) await expect(openDiskQueue(options)).rejects.toThrow(RangeError);
  });

  it('refuses a record over the size limit and a time that is not epoch ms', async () => {
    const q = await openDiskQueue({ dir: tempDir() });
    await expect(q.append([Buffer.alloc(1)], 1.5)).rejects.toThrow(RangeError);
    await expect(q.append([Buffer.alloc(1)], -1)).rejects.toThrow(RangeError);
    expect(q.stats().depth).toBe(0);
    await q.close();
  });

  it('creates a missing directory and leaves files that are not its own alone', async () => {
    const parent = tempDir();
    const dir = path.join(parent, 'a', 'b');
    let q = await openDiskQueue({ dir });
    expect(q.recovery).toMatchObject({ ackFile: 'created', problems: [] });
    writeFileSync(path.join(dir, 'README'), 'mine');
    await q.close();
    q = await openDiskQueue({ dir });
    expect(readFileSync(path.join(dir, 'README'), 'utf8')).toBe('mine');
    expect(q.recovery.problems).toEqual([]);
    await q.close();
  });
});
