import { describe, expect, it } from 'vitest';
import { containsAnyOf } from '../../../src/formats/contains-any.js';

describe('containsAnyOf (the escapers’ test of a value)', () => {
  it('finds each of four characters anywhere, and nothing else', () => {
    const holds = containsAnyOf('\\=\n\r');
    for (const c of ['\\', '=', '\n', '\r']) {
      expect(holds(c)).toBe(true);
      expect(holds(`${'x'.repeat(500)}${c}`)).toBe(true);
    }
    for (const text of ['', 'plain', 'a|b', 'tab\there', 'é中😀']) expect(holds(text)).toBe(false);
  });

  it('takes other counts, repeated characters once, and characters outside the BMP whole', () => {
    const holds = containsAnyOf(['%', '\r', '\n', '%', '😀', '|']);
    expect(holds('a😀b')).toBe(true);
    expect(holds('a|b')).toBe(true);
    expect(holds('a\ud83db')).toBe(false); // half of 😀 is not 😀
    expect(holds('plain')).toBe(false);
    expect(containsAnyOf([])('anything')).toBe(false);
  });
});
