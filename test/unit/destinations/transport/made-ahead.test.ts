/**
 * MadeAhead (src/destinations/transport/made-ahead.ts): what a destination makes for a batch in
 * `prepare` is found again by that batch object, and a failure to make it (a rejection, or a throw
 * before any promise) is no failure at all: the send finds nothing and makes its own.
 */
import { describe, expect, it } from 'vitest';
import type { Batch } from '../../../../src/destinations/destination.js';
import { MadeAhead } from '../../../../src/destinations/transport/made-ahead.js';

const batch = (records: string[]): Batch => ({ records, events: [] });

describe('MadeAhead', () => {
  it('gives what was made for the very batch object, and nothing for another one with the same records', async () => {
    const ahead = new MadeAhead<string>();
    const b = batch(['a', 'b']);
    ahead.start(b, () => Promise.resolve(b.records.join(',')));
    expect(await ahead.get(b)).toBe('a,b');
    expect(await ahead.get(b)).toBe('a,b');
    expect(await ahead.get(batch(['a', 'b']))).toBeUndefined();
  });

  it('gives nothing when making it rejected or threw, and lets no rejection go unhandled', async () => {
    const ahead = new MadeAhead<string>();
    const rejected = batch(['x']);
    const thrown = batch(['y']);
    ahead.start(rejected, () => Promise.reject(new Error('gzip failed')));
    ahead.start(thrown, () => {
      throw new Error('cannot frame');
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await ahead.get(rejected)).toBeUndefined();
      expect(await ahead.get(thrown)).toBeUndefined();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
