import { writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORD_MAGIC, encodeRecords } from '../../../../src/delivery/queue/record-codec.js';
import { SegmentScanner, listSegments, segmentFileName } from '../../../../src/delivery/queue/segment.js';
import { useTempDirs } from './fixtures.js';

const tempDir = useTempDirs();

/** Every step a scanner with `chunkBytes` takes through `bytes`: records as text, damage as its length. */
async function scan(bytes: Buffer, chunkBytes: number): Promise<string[]> {
  const file = path.join(tempDir(), 'x.seg');
  writeFileSync(file, bytes);
  const handle = await open(file, 'r');
  const scanner = new SegmentScanner(handle, 0, chunkBytes);
  const out: string[] = [];
  for (let step = await scanner.next(bytes.length); step.kind !== 'end'; step = await scanner.next(bytes.length)) {
    scanner.consume(step);
    if (step.kind === 'record') out.push(step.record.data.toString());
    else if (out[out.length - 1]?.startsWith('damaged ')) out[out.length - 1] = `damaged ${Number(out[out.length - 1]?.slice(8)) + step.bytes}`;
    else out.push(`damaged ${step.bytes}`);
  }
  await handle.close();
  return out;
}

describe('segment files', () => {
  it('are named by their first seq so that names sort as numbers', async () => {
    const dir = tempDir();
    for (const seq of [10, 9, 100_000_000_001]) writeFileSync(path.join(dir, segmentFileName(seq)), '');
    writeFileSync(path.join(dir, 'ack'), '');
    writeFileSync(path.join(dir, '12.seg'), '');
    expect(segmentFileName(1)).toBe('00000000000000000001.seg');
    expect((await listSegments(dir)).map((s) => s.firstSeq)).toEqual([9, 10, 100_000_000_001]);
  });
});

describe('segment scanner', () => {
  const a = encodeRecords([Buffer.from('a'.repeat(10))], 1, 1);
  const big = encodeRecords([Buffer.from('b'.repeat(500))], 2, 1);
  const c = encodeRecords([Buffer.from('c'.repeat(3))], 3, 1);

  it('reads records larger than its chunk, whatever the chunk size', async () => {
    for (const chunk of [1, 7, 28, 64, 4096]) {
      expect(await scan(Buffer.concat([a, big, c]), chunk)).toEqual(['a'.repeat(10), 'b'.repeat(500), 'ccc']);
    }
  });

  it('skips garbage longer than many chunks and a magic that straddles a chunk edge', async () => {
    for (const chunk of [32, 33, 34, 35, 64, 100]) {
      for (const pad of [0, 1, 2, 3, 29, 30, 31]) {
        const garbage = Buffer.alloc(300 + pad, 0x20);
        const half = Buffer.concat([RECORD_MAGIC.subarray(0, 2), Buffer.alloc(40, 0x20)]);
        const bytes = Buffer.concat([a, garbage, half, c]);
        expect(await scan(bytes, chunk), `chunk ${chunk} pad ${pad}`).toEqual(['a'.repeat(10), `damaged ${garbage.length + half.length}`, 'ccc']);
      }
    }
  });

  it('reports a short tail as damage up to the end', async () => {
    expect(await scan(Buffer.concat([a, c.subarray(0, 10)]), 64)).toEqual(['a'.repeat(10), 'damaged 10']);
    expect(await scan(Buffer.concat([a, big.subarray(0, 100)]), 64)).toEqual(['a'.repeat(10), 'damaged 100']);
  });
});
