/**
 * `abortAfter` (src/delivery/abort-after.ts): a timeout signal that survives a garbage collection
 * as the source of `AbortSignal.any`, and that `clear()` stops.
 */
import { describe, expect, it } from 'vitest';
import { abortAfter } from '../../../src/delivery/abort-after.js';
import { collectGarbage } from '../../helpers/gc.js';

/** Whether `signal` aborts within `ms`. */
function abortsWithin(signal: AbortSignal, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
  });
}

describe('abortAfter', () => {
  it('aborts a composite signal after its time, with a collection in between, with a TimeoutError', async () => {
    const composite = AbortSignal.any([new AbortController().signal, abortAfter(150).signal]);
    const aborts = abortsWithin(composite, 2_000);
    await new Promise((r) => setTimeout(r, 20));
    collectGarbage();
    collectGarbage();
    expect(await aborts).toBe(true);
    expect((composite.reason as DOMException).name).toBe('TimeoutError');
  });

  it('never aborts once cleared', async () => {
    const after = abortAfter(30);
    after.clear();
    expect(await abortsWithin(after.signal, 200)).toBe(false);
  });
});
