/**
 * Records as the runtime hands them to a destination (`Batch.recordBytes`): their UTF-8 bytes as
 * ranges of one shared buffer, with other bytes before, between and after them, so that a reader
 * that ignores `start` or `end` reads the wrong bytes.
 */
import type { RecordBytes } from '../../src/destinations/destination.js';

export function packedRecordBytes(records: readonly string[]): RecordBytes[] {
  const parts = records.map((r) => Buffer.from(r, 'utf8'));
  const buffer = Buffer.concat([Buffer.from('<<'), ...parts.flatMap((p) => [p, Buffer.from('|')])]);
  let pos = 2;
  return parts.map((p) => {
    const start = pos;
    pos += p.length + 1;
    return { buffer, start, end: start + p.length };
  });
}
