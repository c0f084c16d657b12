import { describe, expect, it } from 'vitest';
import { RECORD_HEADER_BYTES, RECORD_MAGIC, checkHeader, decodeRecord, encodeRecords, findMagic } from '../../../../src/delivery/queue/record-codec.js';

function decodeAt(buf: Buffer, pos: number): ReturnType<typeof decodeRecord> {
  const header = checkHeader(buf, pos, buf.length - pos);
  return header.kind === 'header' ? decodeRecord(buf, pos, header.recordBytes) : undefined;
}

describe('disk queue record codec', () => {
  it('encodes records back to back and decodes seq, time and data, seqs past 2^32 included', () => {
    const seq = 2 ** 40 + 3;
    const buf = encodeRecords([Buffer.from('one'), Buffer.alloc(0), Buffer.from('three')], seq, 1_767_225_600_123);
    expect(buf.length).toBe(3 * RECORD_HEADER_BYTES + 8);
    expect(buf.subarray(0, 4)).toEqual(RECORD_MAGIC);
    const out = [];
    for (let pos = 0; pos < buf.length; ) {
      const r = decodeAt(buf, pos);
      if (r === undefined) throw new Error(`no record at ${pos}`);
      out.push([r.seq, r.appendedAtMs, r.data.toString()]);
      pos += r.recordBytes;
    }
    expect(out).toEqual([
      [seq, 1_767_225_600_123, 'one'],
      [seq + 1, 1_767_225_600_123, ''],
      [seq + 2, 1_767_225_600_123, 'three'],
    ]);
  });

  it('rejects a record with any single bit flipped', () => {
    const good = encodeRecords([Buffer.from('{"event_id":"evt_1"}')], 7, 1_000);
    for (let bit = 0; bit < good.length * 8; bit++) {
      const bad = Buffer.from(good);
      bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(decodeAt(bad, 0), `bit ${bit}`).toBeUndefined();
    }
  });

  it('treats a length that runs past the readable end, or a seq past 2^53, as damage', () => {
    const good = encodeRecords([Buffer.from('abc')], 1, 1);
    expect(checkHeader(good, 0, good.length - 1)).toEqual({ kind: 'damaged' });
    const huge = Buffer.from(good);
    huge.writeUInt32LE(0x0040_0000, 16);
    expect(checkHeader(huge, 0, huge.length)).toEqual({ kind: 'damaged' });
  });

  it('finds the magic only inside the range asked', () => {
    const buf = Buffer.concat([Buffer.from('xx'), encodeRecords([Buffer.from('a')], 1, 1)]);
    expect(findMagic(buf, 0, buf.length)).toBe(2);
    expect(findMagic(buf, 3, buf.length)).toBe(-1);
    expect(findMagic(buf, 0, 5)).toBe(-1);
  });
});
