import { describe, expect, it } from 'vitest';
import { failed, parsed } from '../../../../src/formats/parse-error.js';
import { firstInvalidUtf8, parseInput } from '../../../../src/formats/syslog/input.js';

describe('message input: text or UTF-8 bytes', () => {
  it('finds the first byte that is not well-formed UTF-8', () => {
    const cases: [number[], number][] = [
      [[0x61, 0x62], -1],
      [[...Buffer.from('é😀中')], -1],
      [[0x61, 0x80], 1], // a lone continuation byte
      [[0x61, 0xc0, 0x80], 1], // overlong NUL
      [[0xc1, 0xbf], 0], // overlong
      [[0xe0, 0x80, 0x80], 0], // overlong 3-byte
      [[0xed, 0xa0, 0x80], 0], // a surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0xf5, 0x80, 0x80, 0x80], 0],
      [[0x61, 0xe2, 0x82], 1], // cut short
      [[0xf0, 0x9f, 0x98], 0],
      [[0xff], 0],
    ];
    for (const [bytes, at] of cases) {
      expect(firstInvalidUtf8(Uint8Array.from(bytes)), bytes.join(' ')).toBe(at);
      let decodes = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
      } catch {
        decodes = false;
      }
      expect(decodes).toBe(at === -1);
    }
  });

  it('reports offsets in bytes for a Buffer and in code units for a string', () => {
    const failAtX = (text: string) => (text.includes('X') ? failed('syslog5424', text.indexOf('X'), 'X') : parsed(text));
    const text = 'é😀X';
    const fromText = parseInput(text, 'syslog5424', failAtX);
    const fromBytes = parseInput(Buffer.from(text), 'syslog5424', failAtX);
    expect(!fromText.ok && fromText.error.offset).toBe(3);
    expect(!fromBytes.ok && fromBytes.error.offset).toBe(6);
    expect(parseInput(Buffer.from('ab'), 'syslog5424', failAtX)).toEqual({ ok: true, value: 'ab' });
    // A BOM is kept, not eaten by the decoder.
    expect(parseInput(Buffer.from('\ufeffa'), 'syslog5424', failAtX)).toEqual({ ok: true, value: '\ufeffa' });
  });

  it('reports bytes that are not UTF-8, and input of another type', () => {
    const r = parseInput(Buffer.from([0x3c, 0x31, 0xff]), 'syslog3164', parsed);
    expect(!r.ok && [r.error.format, r.error.offset, r.error.reason]).toEqual(['syslog3164', 2, 'the message is not valid UTF-8']);
    const odd = parseInput(42 as unknown as string, 'syslog5424', parsed);
    expect(odd.ok).toBe(false);
  });
});
