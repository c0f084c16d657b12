/**
 * The batcher (src/delivery/batcher.ts): the tighter of the declared and configured limits, batches
 * cut by count and by bytes (envelope once, a separator per record), a record too big alone set
 * apart while its neighbours go, and order kept. The worker that feeds it (flush interval, UTF-8
 * byte counts, the too-big record as a permanent failure) is in destination-pipeline.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { EffectiveLimits } from '../../../src/delivery/batcher.js';
import { effectiveLimits, planBatches } from '../../../src/delivery/batcher.js';

interface Item {
  readonly id: string;
  readonly bytes: number;
}

const item = (id: string, bytes: number): Item => ({ id, bytes });
const ids = (batches: readonly (readonly Item[])[]): string[][] => batches.map((b) => b.map((i) => i.id));
const limits = (l: Partial<EffectiveLimits>): EffectiveLimits => ({ maxEvents: 100, maxBytes: 1_000, envelopeBytes: 0, separatorBytes: 0, ...l });

describe('effectiveLimits', () => {
  it('takes the tighter of what the destination declares and what the configuration asks', () => {
    const declared = { maxEvents: 1_000, maxBytes: 1_000_000, measuredOn: 'encoded' as const, envelopeBytes: 2, separatorBytes: 1 };
    expect(effectiveLimits(declared, { max_events: 50, max_bytes: 5_000_000 })).toEqual({ maxEvents: 50, maxBytes: 1_000_000, envelopeBytes: 2, separatorBytes: 1 });
    expect(effectiveLimits(declared, { max_events: 5_000, max_bytes: 4_096 })).toEqual({ maxEvents: 1_000, maxBytes: 4_096, envelopeBytes: 2, separatorBytes: 1 });
  });

  it('never goes below one event and one byte', () => {
    const declared = { maxEvents: 0, maxBytes: 0, measuredOn: 'compressed' as const, envelopeBytes: 0, separatorBytes: 0 };
    expect(effectiveLimits(declared, { max_events: 10, max_bytes: 10 })).toMatchObject({ maxEvents: 1, maxBytes: 1 });
  });
});

describe('planBatches', () => {
  it('plans nothing for nothing', () => {
    expect(planBatches([], limits({}))).toEqual({ batches: [], oversize: [] });
  });

  it('cuts by count', () => {
    const items = Array.from({ length: 7 }, (_, i) => item(`e${i}`, 10));
    expect(ids(planBatches(items, limits({ maxEvents: 3 })).batches)).toEqual([
      ['e0', 'e1', 'e2'],
      ['e3', 'e4', 'e5'],
      ['e6'],
    ]);
  });

  it('cuts by bytes, counting the envelope once and a separator per record, up to the limit exactly', () => {
    // A JSON array: `[` `]` once (2), `,` per record (1, one too many counted: an upper bound).
    // 2 + (30 + 1) × 3 = 95 fits in 95; a fourth record would make 126.
    const items = Array.from({ length: 5 }, (_, i) => item(`e${i}`, 30));
    const plan = planBatches(items, limits({ maxBytes: 95, envelopeBytes: 2, separatorBytes: 1 }));
    expect(ids(plan.batches)).toEqual([
      ['e0', 'e1', 'e2'],
      ['e3', 'e4'],
    ]);
    // One byte less and only two fit.
    expect(ids(planBatches(items, limits({ maxBytes: 94, envelopeBytes: 2, separatorBytes: 1 })).batches)).toEqual([['e0', 'e1'], ['e2', 'e3'], ['e4']]);
  });

  it('sets a record too big alone apart, and its neighbours still go, in order', () => {
    const items = [item('a', 10), item('b', 10), item('huge', 98), item('c', 10), item('exact', 97)];
    // envelope 2 + huge 98 + separator 1 = 101 > 100; exact: 2 + 97 + 1 = 100 fits alone.
    const plan = planBatches(items, limits({ maxBytes: 100, envelopeBytes: 2, separatorBytes: 1 }));
    expect(plan.oversize.map((i) => i.id)).toEqual(['huge']);
    expect(ids(plan.batches)).toEqual([['a', 'b', 'c'], ['exact']]);
  });

  it('returns the items themselves: each once, none copied', () => {
    const items = Array.from({ length: 20 }, (_, i) => item(`e${i}`, i % 4 === 0 ? 60 : 7));
    const plan = planBatches(items, limits({ maxEvents: 4, maxBytes: 50, envelopeBytes: 1, separatorBytes: 1 }));
    const out = [...plan.batches.flat(), ...plan.oversize];
    expect(out).toHaveLength(items.length);
    expect(new Set(out).size).toBe(items.length);
    for (const i of out) expect(items).toContain(i);
    expect(plan.oversize.every((i) => i.bytes === 60)).toBe(true);
  });
});
