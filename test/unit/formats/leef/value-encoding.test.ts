import { describe, expect, it } from 'vitest';
import { percentDecode, percentEncode } from '../../../../src/formats/leef/value-encoding.js';

describe("LEEF values: siemkit's percent-encoding (LEEF has no escape; fact sheet §9.1)", () => {
  it('encodes %, CR, LF and the delimiter as percent-encoded UTF-8, upper-case hex', () => {
    expect(percentEncode('100%', '\t')).toBe('100%25');
    expect(percentEncode('a\r\nb', '\t')).toBe('a%0D%0Ab');
    expect(percentEncode('a\tb', '\t')).toBe('a%09b');
    expect(percentEncode('a^b', '^')).toBe('a%5Eb');
    expect(percentEncode('a|b', '|')).toBe('a%7Cb');
    expect(percentEncode('a¦b', '¦')).toBe('a%C2%A6b');
    expect(percentEncode('a\u2028b', '\u2028')).toBe('a%E2%80%A8b');
  });

  it('encodes each character of a longer special set, wherever it stands in a long value', () => {
    const long = 'x'.repeat(300);
    expect(percentEncode(`${long}|${long}\t!`, '|\t')).toBe(`${long}%7C${long}%09!`);
    expect(percentEncode(`${long}%`, '|\t')).toBe(`${long}%25`);
    expect(percentEncode(long, '|\t')).toBe(long);
  });

  it('leaves everything else as it is, so values read as plain text: the other delimiters, =, |, \\, non-ASCII', () => {
    for (const text of ['', 'plain', 'a=b', 'a|b', 'C:\\x', 'a^b', 'é中😀', 'say "hi"']) expect(percentEncode(text, '\t')).toBe(text);
    expect(percentEncode('a\tb', '^')).toBe('a\tb');
  });

  it('decodes what it encodes', () => {
    for (const [text, special] of [['100% done\r\n', '\t'], ['a^b%5E', '^'], ['x|y', '|'], ['😀^%', '^'], ['', '\t'], ['%%%', '\t'], ['a¦b', '¦']] as const) {
      expect(percentDecode(percentEncode(text, special))).toBe(text);
    }
  });

  it('decodes lower-case hex and runs of bytes that make one UTF-8 character', () => {
    expect(percentDecode('%c3%a9')).toBe('é');
    expect(percentDecode('%F0%9F%98%80!')).toBe('😀!');
  });

  it.each([['%'], ['%2'], ['%G0'], ['a%zzb'], ['%C3'], ['%FF'], ['%ED%A0%80'], ['%C3%28']])('refuses %j (malformed, or bytes that are not UTF-8)', (text) => {
    expect(percentDecode(text)).toBeUndefined();
  });
});
