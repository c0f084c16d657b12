/**
 * The glob automaton of `exclude_paths` (src/delivery/filter.ts) against an oracle: a regular
 * expression written from the rules the file documents, by a different route (one tokenising
 * regular expression with a lookbehind for the segment rule). Small alphabets make matches and
 * near-misses frequent. SIEMKIT_PROPERTY_RUNS sets the number of runs (default 1000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/delivery/filter.js';

const numRuns = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);

/** `**\/` at a segment start: zero or more whole segments; `**`: anything; `*`: within a segment; `?`: one code point but `/`. */
function oracle(glob: string): RegExp {
  const source = glob.replace(/(?<=^|\/)\*\*\/|\*\*+|\*|\?|[^*?]/gu, (t) => {
    if (t === '**/') return '(?:.*/)?';
    if (t.startsWith('**')) return '.*';
    if (t === '*') return '[^/]*';
    if (t === '?') return '[^/]';
    return t.replace(/[.*+?^${}()|[\]\\/-]/gu, '\\$&');
  });
  return new RegExp(`^(?:${source})$`, 'su');
}

const GLOB_CHARS = ['a', 'b', '/', '/', '*', '*', '?', '.', '\u{1F600}', '\\', '['];
const PATH_CHARS = ['a', 'b', '/', '/', '.', '\u{1F600}', '\n', '\u2028'];
const text = (chars: string[], maxLength: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...chars), { maxLength }).map((a) => a.join(''));

describe('compileGlob agrees with a regular-expression oracle', () => {
  it('on random globs and paths', () => {
    fc.assert(
      fc.property(text(GLOB_CHARS, 10), fc.array(text(PATH_CHARS, 14), { minLength: 1, maxLength: 8 }), (glob, paths) => {
        const m = compileGlob(glob);
        const re = oracle(glob);
        for (const p of paths) expect(m(p), `${JSON.stringify(glob)} on ${JSON.stringify(p)}`).toBe(re.test(p));
      }),
      { numRuns },
    );
  });

  it('on paths built to match: the glob with each wildcard filled in', () => {
    const fill = fc.tuple(text(GLOB_CHARS, 10), fc.array(text(['a', '/', '\u{1F600}'], 4), { minLength: 12, maxLength: 12 }));
    fc.assert(
      fc.property(fill, ([glob, fillers]) => {
        let k = 0;
        // Replace each wildcard run by a filler (a `?` by one character): often a match, sometimes not.
        const path = glob.replace(/\*+|\?/g, (t) => (t === '?' ? 'a' : (fillers[k++ % fillers.length] as string)));
        expect(compileGlob(glob)(path), `${JSON.stringify(glob)} on ${JSON.stringify(path)}`).toBe(oracle(glob).test(path));
      }),
      { numRuns },
    );
  });
});
