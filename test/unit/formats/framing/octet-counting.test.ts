import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../../../src/formats/framing/deframer.js';
import { frameOctetCounting, OctetCountingDeframer } from '../../../../src/formats/framing/octet-counting.js';

const text = (buffers: Buffer[]): string[] => buffers.map((b) => b.toString('utf8'));

/** Feeds `bytes` to a new deframer in pieces cut at `cuts`, collecting what it yields. */
function feed(bytes: Buffer, cuts: number[], options = {}): { messages: string[]; deframer: OctetCountingDeframer } {
  const deframer = new OctetCountingDeframer(options);
  const messages: string[] = [];
  let last = 0;
  for (const cut of [...cuts, bytes.length]) {
    messages.push(...text(deframer.push(bytes.subarray(last, cut))));
    last = cut;
  }
  return { messages, deframer };
}

describe('frameOctetCounting (RFC 6587 §3.4.1, RFC 5425 §4.3)', () => {
  it('prefixes the length in octets, not characters', () => {
    expect(frameOctetCounting('abc').toString()).toBe('3 abc');
    expect(frameOctetCounting('é😀').toString()).toBe('6 é😀');
    expect(frameOctetCounting(Buffer.from([0, 10, 13])).equals(Buffer.from([0x33, 0x20, 0, 10, 13]))).toBe(true);
    expect(frameOctetCounting('\ufeff{}').subarray(0, 2).toString()).toBe('5 ');
  });

  it('refuses an empty message (MSG-LEN has a non-zero first digit)', () => {
    expect(() => frameOctetCounting('')).toThrow(RangeError);
  });
});

describe('OctetCountingDeframer', () => {
  const stream = Buffer.concat(['a', 'line\nbreak', 'é😀', 'x'.repeat(1234)].map((m) => frameOctetCounting(m)));
  const expected = ['a', 'line\nbreak', 'é😀', 'x'.repeat(1234)];

  it('reads frames pushed at once, one byte at a time, and cut everywhere in between', () => {
    expect(feed(stream, []).messages).toEqual(expected);
    expect(feed(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1)).messages).toEqual(expected);
    for (let cut = 0; cut <= stream.length; cut++) expect(feed(stream, [cut]).messages, `cut at ${cut}`).toEqual(expected);
  });

  it('reads a length cut between its digits, and a message cut inside a multi-byte character', () => {
    const long = frameOctetCounting('😀'.repeat(30)); // "120 ..."
    expect(feed(long, [1, 2]).messages).toEqual(['😀'.repeat(30)]);
    expect(feed(long, [4 + 1, 4 + 6]).messages).toEqual(['😀'.repeat(30)]);
    const d = new OctetCountingDeframer();
    expect(d.push(long.subarray(0, 6))).toEqual([]);
    expect(d.buffered).toBe(2);
    expect(text(d.push(long.subarray(6)))).toEqual(['😀'.repeat(30)]);
    expect(d.buffered).toBe(0);
    expect(d.end()).toBeUndefined();
  });

  it.each([
    ['0 ', 0, 'starts with 0'],
    ['05 hello', 0, 'starts with 0'],
    [' 5 hello', 0, 'expected MSG-LEN'],
    ['x', 0, 'expected MSG-LEN'],
    ['<34>1 - - - - - -', 0, 'expected MSG-LEN'],
    ['5hello', 1, 'expected a space after MSG-LEN'],
    ['5\nhello', 1, 'expected a space after MSG-LEN'],
    ['1 a2 bb-3', 7, 'expected MSG-LEN'],
    ['1 a-1 b', 3, 'expected MSG-LEN'],
    ['99999999999999999999999 x', 6, 'over the maximum'],
    ['2 ab3x', 5, 'expected a space after MSG-LEN'],
  ])('stops at a bad frame %j (offset %i)', (input, offset, reason) => {
    const { deframer } = feed(Buffer.from(input), []);
    expect(deframer.error?.format).toBe('framing');
    expect(deframer.error?.offset).toBe(offset);
    expect(deframer.error?.reason).toContain(reason);
  });

  it('yields the frames before a bad one, and nothing after it', () => {
    const d = new OctetCountingDeframer();
    expect(text(d.push(Buffer.from('2 ok3 yes!! 2 no')))).toEqual(['ok', 'yes']);
    expect(d.error?.offset).toBe(9);
    expect(d.push(Buffer.from('2 ok'))).toEqual([]);
    expect(d.end()).toBe(d.error);
  });

  it('enforces the maximum message size as soon as MSG-LEN passes it', () => {
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(1_048_576);
    const d = new OctetCountingDeframer({ maxMessageBytes: 10 });
    expect(text(d.push(Buffer.from('10 0123456789')))).toEqual(['0123456789']);
    expect(d.push(Buffer.from('11'))).toEqual([]);
    expect(d.error?.reason).toContain('over the maximum message size of 10 bytes');
    expect(d.error?.offset).toBe(14);
    expect(() => new OctetCountingDeframer({ maxMessageBytes: 0 })).toThrow(RangeError);
  });

  it('reports a stream that ends inside a frame', () => {
    const inLength = new OctetCountingDeframer();
    inLength.push(Buffer.from('12'));
    expect(inLength.end()?.reason).toContain('inside MSG-LEN');
    const inMessage = new OctetCountingDeframer();
    inMessage.push(Buffer.from('5 abc'));
    expect(inMessage.end()).toMatchObject({ format: 'framing', offset: 5 });
    expect(inMessage.end()?.reason).toContain('3 of 5 octets');
    const clean = new OctetCountingDeframer();
    clean.push(Buffer.from('1 a'));
    expect(clean.end()).toBeUndefined();
  });

  it('accepts Uint8Array chunks and empty chunks', () => {
    const d = new OctetCountingDeframer();
    expect(d.push(new Uint8Array())).toEqual([]);
    expect(text(d.push(new TextEncoder().encode('3 abc')))).toEqual(['abc']);
  });
});
