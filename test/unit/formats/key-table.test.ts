import { describe, expect, it } from 'vitest';
import { KeyTable, keyHashOf, keyHashStep } from '../../../src/formats/key-table.js';

describe('KeyTable', () => {
  const KEYS = ['src', 'spt', 'suser', 'cs1', 'cs1Label', 'rt', 'act', 'x'];

  it('finds each key where it stands in a line, with the hash computed or given', () => {
    const table = new KeyTable(KEYS);
    KEYS.forEach((key, i) => {
      const line = `a=b ${key}=1 c=d`;
      const start = 4;
      const end = start + key.length;
      expect(table.find(line, start, end), key).toBe(i);
      expect(table.find(line, start, end, keyHashOf(line, start, end)), key).toBe(i);
    });
  });

  it('finds no key that is not one of them: a prefix, one character more or off, another case', () => {
    const table = new KeyTable(KEYS);
    for (const other of ['sr', 'srcc', 'Src', 'cs1Labe', 'cs1Labels', 'cs2', 'ct', '', 'y']) {
      expect(table.find(`>${other}<`, 1, 1 + other.length), other).toBe(-1);
    }
  });

  it('hashes a key from its last character to its first, as a scanner walking back from "=" does', () => {
    let h = 0;
    for (const c of [...'suser'].reverse()) h = keyHashStep(h, c.charCodeAt(0));
    expect(keyHashOf('suser')).toBe(h);
    expect(keyHashOf('a=suser=b', 2, 7)).toBe(h);
  });

  it('tells apart keys that share a bucket', () => {
    // 300 keys in a 2,048-bucket table: some buckets hold several keys.
    const keys = Array.from({ length: 300 }, (_, i) => `k${i.toString(36)}`);
    const table = new KeyTable(keys);
    const byBucket = new Map<number, number>();
    for (const k of keys) byBucket.set(keyHashOf(k) & 2047, (byBucket.get(keyHashOf(k) & 2047) ?? 0) + 1);
    expect([...byBucket.values()].some((n) => n > 1)).toBe(true);
    keys.forEach((k, i) => expect(table.find(k, 0, k.length), k).toBe(i));
    expect(table.find('kzz', 0, 3)).toBe(-1);
  });

  it('refuses a key given twice', () => {
    expect(() => new KeyTable(['a', 'b', 'a'])).toThrow('KeyTable: key a is given twice');
  });

  it('keeps which keys the line being read has used, and forgets them at the next line', () => {
    const table = new KeyTable(KEYS);
    table.startLine();
    expect(table.used(2)).toBe(false);
    expect(table.use(2)).toBe(true);
    expect(table.used(2)).toBe(true);
    expect(table.use(2)).toBe(false);
    expect(table.used(3)).toBe(false);
    table.startLine();
    expect(table.used(2)).toBe(false);
    expect(table.use(2)).toBe(true);
  });

  it('forgets every key when its stamp wraps around', () => {
    const table = new KeyTable(KEYS);
    const state = table as unknown as { stamp: number };
    table.startLine();
    table.use(0);
    state.stamp = 0x7ffffffe;
    table.startLine();
    table.use(1);
    // The stamp wraps back to 1, the one key 0 was used under: it must not read as used.
    table.startLine();
    expect(state.stamp).toBe(1);
    expect(table.used(0)).toBe(false);
    expect(table.used(1)).toBe(false);
  });
});
