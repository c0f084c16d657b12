import { describe, expect, it } from 'vitest';
import { frameLf, LfDeframer } from '../../../../src/formats/framing/lf.js';

const text = (buffers: Buffer[]): string[] => buffers.map((b) => b.toString('utf8'));

describe('frameLf (RFC 6587 §3.4.2)', () => {
  it('appends LF', () => {
    expect(frameLf('<34>1 a').toString()).toBe('<34>1 a\n');
    expect(frameLf(Buffer.from('é\r')).toString()).toBe('é\r\n');
  });

  it('refuses a message holding LF, and an empty one', () => {
    expect(() => frameLf('a\nb')).toThrow(RangeError);
    expect(() => frameLf(Buffer.from([0x61, 0x0a]))).toThrow(RangeError);
    expect(() => frameLf('')).toThrow(RangeError);
  });
});

describe('LfDeframer', () => {
  const messages = ['first', 'é😀 second', 'x'.repeat(700), 'cr\r'];
  const stream = Buffer.concat(messages.map((m) => frameLf(m)));

  it('reads frames cut anywhere, inside multi-byte characters too', () => {
    for (let a = 0; a <= stream.length; a += 7) {
      for (const b of [a, a + 1, a + 3, stream.length]) {
        const d = new LfDeframer();
        const got = [...d.push(stream.subarray(0, a)), ...d.push(stream.subarray(a, Math.max(a, b))), ...d.push(stream.subarray(Math.max(a, b)))];
        expect(text(got), `cuts ${a}, ${b}`).toEqual(messages);
        expect(d.end()).toBeUndefined();
      }
    }
    const bytewise = new LfDeframer();
    const got: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) got.push(...bytewise.push(stream.subarray(i, i + 1)));
    expect(text(got)).toEqual(messages);
  });

  it('reports an empty frame', () => {
    const d = new LfDeframer();
    expect(text(d.push(Buffer.from('a\n\nb\n')))).toEqual(['a']);
    expect(d.error).toMatchObject({ format: 'framing', offset: 2 });
    expect(d.error?.reason).toContain('empty frame');
    expect(d.push(Buffer.from('c\n'))).toEqual([]);
  });

  it('reports a message over the maximum size, across chunks too', () => {
    const d = new LfDeframer({ maxMessageBytes: 5 });
    expect(text(d.push(Buffer.from('12345\n123')))).toEqual(['12345']);
    expect(d.push(Buffer.from('456'))).toEqual([]);
    expect(d.error?.reason).toContain('longer than the maximum of 5 bytes');
    expect(d.error?.offset).toBe(11);
  });

  it('reports a stream that ends without the last LF', () => {
    const d = new LfDeframer();
    expect(text(d.push(Buffer.from('a\nbc')))).toEqual(['a']);
    expect(d.buffered).toBe(2);
    expect(d.end()).toMatchObject({ format: 'framing', offset: 4 });
  });
});
