import { describe, expect, it } from 'vitest';
import { roundsWon } from '../../../bench/harness.js';

const runs = (...rates: number[]): { rate: number }[] => rates.map((rate) => ({ rate }));

describe('roundsWon (the benches’ round-by-round comparison)', () => {
  it('counts the rounds in which the first contender was strictly faster', () => {
    const w = roundsWon(runs(10, 20, 30, 40), runs(11, 19, 30, 39));
    expect(w.won).toBe(2);
    expect(w.of).toBe(4);
  });

  it('gives the one-sided sign-test p-value: the binomial tail at one half', () => {
    // 9 of 11: (C(11,9) + C(11,10) + C(11,11)) / 2^11 = 67 / 2048.
    const nine = roundsWon(runs(...Array<number>(9).fill(2), 1, 1), runs(...Array<number>(11).fill(1.5)));
    expect(nine.won).toBe(9);
    expect(nine.p).toBeCloseTo(67 / 2048, 12);
    expect(roundsWon(runs(2, 2, 2, 2, 2), runs(1, 1, 1, 1, 1)).p).toBeCloseTo(1 / 32, 12);
    expect(roundsWon(runs(1, 1, 1), runs(2, 2, 2)).p).toBe(1);
  });

  it('pairs only the rounds both contenders ran', () => {
    const w = roundsWon(runs(5, 5, 5), runs(1));
    expect(w).toEqual({ won: 1, of: 1, p: 0.5 });
    expect(roundsWon([], runs(1))).toEqual({ won: 0, of: 0, p: 1 });
  });
});
