/**
 * What a destination makes for a batch in `prepare` (`Destination.prepare`: a compressed body, a
 * whole request), found again by the batch's first send. Making it ahead is an optimisation only:
 * when it fails, or was never started, `get` gives undefined and the send makes its own.
 */
import type { Batch } from '../destination.js';

export class MadeAhead<T> {
  /** By batch object: a batch that is dropped takes what was made for it along. */
  readonly #made = new WeakMap<Batch, Promise<T | undefined>>();

  /** Starts making it for `batch` (in the thread pool, for gzip), while earlier batches are on the wire. */
  start(batch: Batch, make: () => Promise<T>): void {
    let made: Promise<T | undefined>;
    try {
      made = make().catch(() => undefined);
    } catch {
      made = Promise.resolve(undefined);
    }
    this.#made.set(batch, made);
  }

  /** What was made for `batch`, or undefined: none was started, or making it failed. */
  get(batch: Batch): Promise<T | undefined> {
    return this.#made.get(batch) ?? Promise.resolve(undefined);
  }
}
