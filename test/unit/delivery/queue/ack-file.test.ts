import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACK_LOG_MAX_BYTES, AckLog, readAckFile } from '../../../../src/delivery/queue/ack-file.js';
import { useTempDirs } from './fixtures.js';

const tempDir = useTempDirs();

describe('ack file', () => {
  it('appends one 16-byte record per ack and reads back the last', async () => {
    const dir = tempDir();
    const log = await AckLog.create(dir, 7, true);
    expect(await readAckFile(dir)).toEqual({ kind: 'ok', ackedSeq: 7, ignoredBytes: 0 });
    await log.write(9);
    await log.write(2 ** 40);
    expect(statSync(path.join(dir, 'ack')).size).toBe(48);
    expect(await readAckFile(dir)).toEqual({ kind: 'ok', ackedSeq: 2 ** 40, ignoredBytes: 0 });
    await log.close();
  });

  it('compacts itself to one record, replaced atomically, before passing its size cap', async () => {
    const dir = tempDir();
    const log = await AckLog.create(dir, 0, false);
    const acks = ACK_LOG_MAX_BYTES / 16 + 10;
    for (let seq = 1; seq <= acks; seq++) {
      await log.write(seq);
      expect(statSync(path.join(dir, 'ack')).size).toBeLessThanOrEqual(ACK_LOG_MAX_BYTES);
    }
    // The compaction record holds seq 4,096; 10 acks follow it.
    expect(statSync(path.join(dir, 'ack')).size).toBe(16 * 11);
    expect(await readAckFile(dir)).toEqual({ kind: 'ok', ackedSeq: acks, ignoredBytes: 0 });
    expect(readFileSync(path.join(dir, 'ack')).subarray(0, 4)).toEqual(Buffer.from([0xff, 0x53, 0x41, 0x01]));
    await log.close();
  });

  it('is missing in a new directory', async () => {
    expect(await readAckFile(tempDir())).toEqual({ kind: 'missing' });
  });
});
