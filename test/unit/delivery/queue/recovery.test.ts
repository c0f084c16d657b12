/**
 * Recovery on real files damaged the ways a crash, a device or an operator damages them: the queue
 * always opens, reports what it found, never returns a damaged record, and delivers the rest.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDiskQueue } from '../../../../src/delivery/queue/disk-queue.js';
import { RECORD_HEADER_BYTES } from '../../../../src/delivery/queue/record-codec.js';
import { readAll, records, segmentFiles, texts, useTempDirs } from './fixtures.js';

const tempDir = useTempDirs();

/** A closed queue holding `data` (one append per record, so seqs are 1, 2, ...); its one segment and where each record starts. */
async function queueWith(data: readonly Buffer[], segmentBytes?: number): Promise<{ dir: string; segment: string; offsets: number[] }> {
  const dir = tempDir();
  const q = await openDiskQueue(segmentBytes === undefined ? { dir } : { dir, segmentBytes });
  for (const d of data) await q.append([d], 1_000);
  await q.close();
  const offsets: number[] = [];
  let at = 0;
  for (const d of data) {
    offsets.push(at);
    at += RECORD_HEADER_BYTES + d.length;
  }
  return { dir, segment: path.join(dir, segmentFiles(dir)[0] as string), offsets };
}

/** A copy of `dir` to damage, so one prepared queue serves every byte offset. */
function copyQueue(dir: string): string {
  const copy = tempDir();
  for (const f of readdirSync(dir)) copyFileSync(path.join(dir, f), path.join(copy, f));
  return copy;
}

describe('disk queue recovery: torn tail', () => {
  it('truncates a record torn at any byte, reports it, and appends after the last good record', async () => {
    const data = [...records(0, 3, 10), Buffer.from('the-last-record-is-torn')];
    const { dir, segment, offsets } = await queueWith(data);
    const start = offsets[3] as number;
    const end = start + RECORD_HEADER_BYTES + (data[3] as Buffer).length;
    for (let cut = start + 1; cut < end; cut++) {
      const copy = copyQueue(dir);
      truncateSync(path.join(copy, path.basename(segment)), cut);
      const q = await openDiskQueue({ dir: copy });
      expect(q.recovery).toMatchObject({ records: 3, truncatedTailBytes: cut - start, skippedCorruptRecords: 0, skippedBytes: 0 });
      expect(q.recovery.problems).toEqual([expect.stringMatching(/torn tail of \d+ bytes at offset \d+ truncated/)]);
      expect(texts(await readAll(q))).toEqual(['rec-0', 'rec-1', 'rec-2']);
      await q.append([Buffer.from('after')]);
      await q.close();
      const again = await openDiskQueue({ dir: copy });
      expect(again.recovery.problems).toEqual([]);
      const all = await readAll(again);
      expect(all.map((e) => [e.seq, e.data.toString()])).toEqual([
        [1, 'rec-0..........'],
        [2, 'rec-1..........'],
        [3, 'rec-2..........'],
        [4, 'after'],
      ]);
      await again.close();
      rmSync(copy, { recursive: true });
    }
  });

  it('truncates zeros a crash left after the last record (size updated, data not)', async () => {
    const { dir, segment } = await queueWith(records(0, 2));
    writeFileSync(segment, Buffer.concat([readFileSync(segment), Buffer.alloc(4_096)]));
    const q = await openDiskQueue({ dir });
    expect(q.recovery).toMatchObject({ records: 2, truncatedTailBytes: 4_096 });
    expect(texts(await readAll(q))).toEqual(['rec-0', 'rec-1']);
    await q.close();
  });
});

describe('disk queue recovery: damaged records', () => {
  it('skips a middle record with any one byte corrupted, reports it, and delivers the rest', async () => {
    const data = records(0, 5, 12);
    const { dir, segment, offsets } = await queueWith(data);
    const start = offsets[2] as number;
    for (let at = start; at < (offsets[3] as number); at++) {
      const copy = copyQueue(dir);
      const file = path.join(copy, path.basename(segment));
      const bytes = readFileSync(file);
      bytes[at] = (bytes[at] as number) ^ 0x5a;
      writeFileSync(file, bytes);
      const q = await openDiskQueue({ dir: copy });
      expect(q.recovery).toMatchObject({ records: 4, skippedCorruptRecords: 1, skippedBytes: (offsets[3] as number) - start, truncatedTailBytes: 0 });
      expect(q.recovery.problems).toEqual([`${path.basename(segment)}: ${(offsets[3] as number) - start} damaged bytes at offset ${start} skipped (1 record)`]);
      expect(q.stats().depth).toBe(4);
      const got = await readAll(q);
      expect(got.map((e) => e.seq)).toEqual([1, 2, 4, 5]);
      expect(texts(got)).toEqual(['rec-0', 'rec-1', 'rec-3', 'rec-4']);
      await q.close();
      rmSync(copy, { recursive: true });
    }
  });

  it('skips a record whose length is impossible', async () => {
    const { dir, segment, offsets } = await queueWith(records(0, 3));
    const bytes = readFileSync(segment);
    bytes.writeUInt32LE(0xfffffff0, (offsets[1] as number) + 8);
    writeFileSync(segment, bytes);
    const q = await openDiskQueue({ dir });
    expect(q.recovery).toMatchObject({ skippedCorruptRecords: 1, truncatedTailBytes: 0 });
    expect(texts(await readAll(q))).toEqual(['rec-0', 'rec-2']);
    await q.close();
  });

  it('skips a record repeated out of order (sound, but its seq does not increase)', async () => {
    const { dir, segment, offsets } = await queueWith(records(0, 3));
    const bytes = readFileSync(segment);
    const first = bytes.subarray(offsets[0], offsets[1]);
    writeFileSync(segment, Buffer.concat([bytes.subarray(0, offsets[2]), first, bytes.subarray(offsets[2])]));
    const q = await openDiskQueue({ dir });
    expect(q.recovery.skippedBytes).toBe(first.length);
    expect(q.recovery.truncatedTailBytes).toBe(0);
    expect(texts(await readAll(q))).toEqual(['rec-0', 'rec-1', 'rec-2']);
    await q.close();
  });

  it('resyncs across megabytes of garbage, at open and when reading', async () => {
    const { dir, segment, offsets } = await queueWith(records(0, 4, 100));
    const bytes = readFileSync(segment);
    const garbage = Buffer.alloc(3 * 1024 * 1024 + 17, 0x41);
    writeFileSync(segment, Buffer.concat([bytes.subarray(0, offsets[2]), garbage, bytes.subarray(offsets[2])]));
    const q = await openDiskQueue({ dir });
    expect(q.recovery).toMatchObject({ records: 4, skippedBytes: garbage.length, truncatedTailBytes: 0 });
    expect(texts(await readAll(q))).toEqual(['rec-0', 'rec-1', 'rec-2', 'rec-3']);
    await q.close();
  });

  it('skips damage at the end of a sealed segment instead of truncating it, counting from the next segment name', async () => {
    const dir = tempDir();
    // 53-byte records, two per segment.
    let q = await openDiskQueue({ dir, segmentBytes: 120 });
    for (let i = 0; i < 6; i++) await q.append(records(i, 1, 20));
    await q.close();
    const [firstSegment] = segmentFiles(dir);
    const file = path.join(dir, firstSegment as string);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] = 0;
    writeFileSync(file, bytes);
    q = await openDiskQueue({ dir, segmentBytes: 120 });
    expect(q.recovery).toMatchObject({ skippedCorruptRecords: 1, truncatedTailBytes: 0, records: 5 });
    expect(segmentFiles(dir)).toHaveLength(3);
    expect(texts(await readAll(q))).toEqual(['rec-0', 'rec-2', 'rec-3', 'rec-4', 'rec-5']);
    await q.close();
  });
});

describe('disk queue recovery: the ack file', () => {
  async function ackedQueue(): Promise<string> {
    const dir = tempDir();
    const q = await openDiskQueue({ dir });
    await q.append(records(0, 5));
    const got = await q.read(3, 1_000);
    await q.ack(got[2]?.seq ?? 0);
    await q.close();
    return dir;
  }

  const damages: [string, (file: string) => void, string][] = [
    ['missing', (f) => rmSync(f), 'missing'],
    ['empty', (f) => writeFileSync(f, ''), 'damaged'],
    ['garbage', (f) => writeFileSync(f, 'not an ack file!'), 'damaged'],
    ['damaged in every record', (f) => writeFileSync(f, Buffer.from(readFileSync(f).map((b, i) => (i % 16 === 5 ? b ^ 1 : b)))), 'damaged'],
  ];
  for (const [what, damage, state] of damages) {
    it(`re-delivers every record on disk when the ack file is ${what}, then rewrites it`, async () => {
      const dir = await ackedQueue();
      damage(path.join(dir, 'ack'));
      let q = await openDiskQueue({ dir });
      expect(q.recovery.ackFile).toBe(state);
      expect(q.recovery.problems).toEqual([expect.stringMatching(/^ack: .*delivered again \(at-least-once\)/)]);
      expect(q.stats().depth).toBe(5);
      expect(texts(await readAll(q))).toEqual(records(0, 5).map(String));
      await q.close();
      q = await openDiskQueue({ dir });
      expect(q.recovery).toMatchObject({ ackFile: 'ok', problems: [] });
      await q.close();
    });
  }

  it('falls back to the last sound ack record when the last one is torn or damaged', async () => {
    const dir = tempDir();
    let q = await openDiskQueue({ dir });
    await q.append(records(0, 5));
    const got = await q.read(4, 1_000);
    await q.ack(got[1]?.seq ?? 0);
    await q.ack(got[3]?.seq ?? 0);
    await q.close();
    const file = path.join(dir, 'ack');
    const log = readFileSync(file);
    for (const damaged of [log.subarray(0, log.length - 9), Buffer.concat([log.subarray(0, log.length - 1), Buffer.from([0])])]) {
      writeFileSync(file, damaged);
      q = await openDiskQueue({ dir });
      expect(q.recovery.ackFile).toBe('ok');
      expect(q.recovery.problems).toEqual([expect.stringMatching(/^ack: \d+ bytes of torn or damaged ack records ignored/)]);
      expect(texts(await readAll(q))).toEqual(['rec-2', 'rec-3', 'rec-4']);
      await q.close();
      // The queue rewrote the file at open: the position it fell back to is sound again.
      writeFileSync(file, log);
    }
  });

  it('removes a temp file a crash left between write and rename', async () => {
    const dir = await ackedQueue();
    writeFileSync(path.join(dir, 'ack.tmp'), 'half');
    const q = await openDiskQueue({ dir });
    expect(readdirSync(dir)).not.toContain('ack.tmp');
    expect(texts(await readAll(q))).toEqual(['rec-3', 'rec-4']);
    await q.close();
  });

  it('deletes acknowledged segments a crash left behind', async () => {
    const dir = tempDir();
    const backup = tempDir();
    let q = await openDiskQueue({ dir, segmentBytes: 100 });
    for (let i = 0; i < 8; i++) await q.append(records(i, 1, 30));
    for (const f of segmentFiles(dir)) copyFileSync(path.join(dir, f), path.join(backup, f));
    await q.ack((await q.read(6, 10_000))[5]?.seq ?? 0);
    await q.close();
    const deleted = segmentFiles(backup).filter((f) => !segmentFiles(dir).includes(f));
    expect(deleted.length).toBeGreaterThan(0);
    for (const f of deleted) copyFileSync(path.join(backup, f), path.join(dir, f));
    q = await openDiskQueue({ dir, segmentBytes: 100 });
    expect(q.recovery).toMatchObject({ deletedSegments: deleted.length, problems: [] });
    expect(texts(await readAll(q))).toEqual(['rec-6', 'rec-7']);
    await q.close();
  });

  it('numbers new records above an ack that outlived the records it covered (power loss under fsync interval)', async () => {
    const dir = await ackedQueue();
    const other = tempDir();
    const q0 = await openDiskQueue({ dir: other });
    await q0.append(records(0, 100));
    await q0.ack((await readAll(q0, 100))[99]?.seq ?? 0);
    await q0.close();
    copyFileSync(path.join(other, 'ack'), path.join(dir, 'ack'));
    const q = await openDiskQueue({ dir });
    expect(q.stats().depth).toBe(0);
    await q.append(records(100, 1));
    expect((await q.read(1, 100)).map((e) => e.seq)).toEqual([101]);
    await q.close();
  });

  it('opens a queue whose segments were all removed by hand, keeping seqs above the ack', async () => {
    const dir = await ackedQueue();
    for (const f of segmentFiles(dir)) rmSync(path.join(dir, f));
    mkdirSync(path.join(dir, 'unrelated'));
    const q = await openDiskQueue({ dir });
    expect(q.recovery).toMatchObject({ segments: 0, records: 0, problems: [] });
    await q.append(records(9, 1));
    expect((await q.read(1, 100)).map((e) => e.seq)).toEqual([4]);
    await q.close();
  });
});
