import { describe, expect, it } from 'vitest';
import { escapeHeader, escapeValue } from '../../../../src/formats/cef/escape.js';
import { readCef } from '../../../../src/formats/cef/parse.js';

describe('CEF escaping (Implementation Standard "Special characters"; fact sheet §8.2)', () => {
  it("escapes the header's backslash and pipe, as in the standard's examples", () => {
    expect(escapeHeader('detected a | in message')).toBe('detected a \\| in message');
    expect(escapeHeader('detected a \\ in packet')).toBe('detected a \\\\ in packet');
    expect(escapeHeader('a\\|b')).toBe('a\\\\\\|b');
  });

  it('leaves = and spaces alone in the header (they need no escape there)', () => {
    expect(escapeHeader('a = b')).toBe('a = b');
  });

  it('writes a line break in a header field as \\n or \\r, so the line stays one line', () => {
    expect(escapeHeader('a\nb\rc')).toBe('a\\nb\\rc');
  });

  it("escapes an extension value's backslash and =, as in the standard's examples", () => {
    expect(escapeValue('a = b')).toBe('a \\= b');
    expect(escapeValue('C:\\Windows')).toBe('C:\\\\Windows');
    expect(escapeValue('\\=')).toBe('\\\\\\=');
  });

  it('writes LF as \\n and CR as \\r (two characters each) in an extension value', () => {
    expect(escapeValue('line1\nline2')).toBe('line1\\nline2');
    expect(escapeValue('a\r\nb')).toBe('a\\r\\nb');
  });

  it('leaves the pipe alone in an extension value (no escape needed there)', () => {
    expect(escapeValue('a|b')).toBe('a|b');
  });

  it('leaves text without special characters as it is: tabs, quotes, non-ASCII', () => {
    for (const text of ['', 'plain', 'tab\there', 'say "hi"', 'é中😀', '\u2028']) {
      expect(escapeHeader(text)).toBe(text);
      expect(escapeValue(text)).toBe(text);
    }
  });

  it('is undone by the reader: every escaped header field and value reads back as itself', () => {
    const texts = ['a|b', 'a\\b', 'a=b', 'a\nb\rc', '\\|\\=\\n', 'ends with \\', '|', '=', ' x = y ', 'n\\n'];
    for (const text of texts) {
      const line = `CEF:0|${escapeHeader(text)}|p|1|sig|name|5|msg=${escapeValue(text)} act=x`;
      const read = readCef(line);
      if (!read.ok) expect.fail(`${JSON.stringify(text)}: ${read.error.message}`);
      expect(read.value.vendor).toBe(text);
      expect(read.value.extension.get('msg')).toBe(text);
      expect(read.value.extension.get('act')).toBe('x');
    }
  });
});
