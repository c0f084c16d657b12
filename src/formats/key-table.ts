/**
 * A fixed set of keys, found where they stand in a line: the parsers of CEF extensions and LEEF
 * attributes look each key of a line up here without a string of its own (no slice, no Map
 * hashing). The key at `line[start, end)` is hashed over its characters, from the last to the
 * first (a scanner that walks back from a `=` can hash as it goes and pass the hash in), and
 * compared character by character with the few keys of its bucket.
 *
 * A table also keeps which of its keys the line being read has used, for the "each key once"
 * rule: `startLine` takes a new stamp, so nothing is cleared between lines. A parse is synchronous,
 * so one table per format serves every call.
 */

/** One step of a key's hash, taken over the key's characters from the last to the first. */
export const keyHashStep = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;

/** The hash of `text[start, end)`, as `KeyTable` takes it. */
export function keyHashOf(text: string, start = 0, end = text.length): number {
  let h = 0;
  for (let i = end - 1; i >= start; i--) h = keyHashStep(h, text.charCodeAt(i));
  return h;
}

export class KeyTable {
  readonly keys: readonly string[];
  private readonly buckets: readonly (readonly number[])[];
  private readonly mask: number;
  private readonly seen: Int32Array;
  private stamp = 0;

  /** `keys[i]` is found as `i`; a key given twice is a programming error. */
  constructor(keys: readonly string[]) {
    const twice = keys.find((k, i) => keys.indexOf(k) !== i);
    if (twice !== undefined) throw new Error(`KeyTable: key ${twice} is given twice`);
    // About four buckets per key: most hold one key, or none.
    const size = 2 ** Math.max(4, Math.ceil(Math.log2(keys.length * 4)));
    const buckets: number[][] = Array.from({ length: size }, () => []);
    keys.forEach((key, i) => (buckets[keyHashOf(key) & (size - 1)] as number[]).push(i));
    this.keys = keys;
    this.buckets = buckets;
    this.mask = size - 1;
    this.seen = new Int32Array(keys.length);
  }

  /** The index of the key at `line[start, end)`, or -1 when it is none of them; `hash` is `keyHashOf(line, start, end)`. */
  find(line: string, start: number, end: number, hash: number = keyHashOf(line, start, end)): number {
    const bucket = this.buckets[hash & this.mask] as readonly number[];
    for (let b = 0; b < bucket.length; b++) {
      const i = bucket[b] as number;
      const key = this.keys[i] as string;
      // Compared by character: startsWith costs more on keys this short.
      let same = key.length === end - start;
      for (let j = 0; same && j < key.length; j++) same = key.charCodeAt(j) === line.charCodeAt(start + j);
      if (same) return i;
    }
    return -1;
  }

  /** A new line: none of the keys is used yet. */
  startLine(): void {
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  /** Marks key `i` used in this line; false when this line had used it already. */
  use(i: number): boolean {
    if (this.seen[i] === this.stamp) return false;
    this.seen[i] = this.stamp;
    return true;
  }

  /** Whether this line has used key `i`. */
  used(i: number): boolean {
    return this.seen[i] === this.stamp;
  }
}
