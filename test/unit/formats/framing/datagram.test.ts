import { describe, expect, it } from 'vitest';
import { DEFAULT_DATAGRAM_BYTES, fitDatagram } from '../../../../src/formats/framing/datagram.js';

const isUtf8 = (b: Buffer): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
};

describe('fitDatagram (RFC 5426)', () => {
  it('keeps a message that fits as it is', () => {
    expect(DEFAULT_DATAGRAM_BYTES).toBe(2048);
    const message = 'x'.repeat(2048);
    expect(fitDatagram(message)).toEqual({ datagram: Buffer.from(message), truncated: false });
    expect(fitDatagram('é', 2)).toEqual({ datagram: Buffer.from('é'), truncated: false });
  });

  it('cuts a longer one at maxBytes', () => {
    const r = fitDatagram('x'.repeat(3000));
    expect(r.truncated).toBe(true);
    expect(r.datagram.toString()).toBe('x'.repeat(2048));
  });

  it('never splits a UTF-8 sequence: it cuts before the character that does not fit', () => {
    for (const ch of ['é', '中', '😀']) {
      const n = Buffer.byteLength(ch);
      const message = `ab${ch.repeat(10)}`;
      for (let max = 1; max < Buffer.byteLength(message); max++) {
        const { datagram, truncated } = fitDatagram(message, max);
        expect(truncated).toBe(true);
        expect(datagram.length).toBeLessThanOrEqual(max);
        expect(isUtf8(datagram)).toBe(true);
        // As many whole characters as fit.
        const expected = max <= 2 ? max : 2 + Math.floor((max - 2) / n) * n;
        expect(datagram.length, `${ch} at ${max}`).toBe(expected);
      }
    }
  });

  it('cuts bytes that are not UTF-8 at maxBytes', () => {
    const bytes = Buffer.from([0x61, 0x80, 0x80, 0x80, 0x80, 0x80]);
    expect(fitDatagram(bytes, 5).datagram.length).toBe(5);
  });

  it('refuses a size that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => fitDatagram('a', bad)).toThrow(RangeError);
  });
});
