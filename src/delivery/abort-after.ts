/**
 * A signal that aborts after `ms`, held by its own timer until then, for use as a source of
 * `AbortSignal.any`. `AbortSignal.timeout` cannot be one on Node 20: its timer holds it only
 * weakly, a composite holds its sources weakly too, and a garbage collection in between leaves the
 * composite never aborting (nodejs/node#57736; reproduced on 20.20.2 by one `gc()` 20 ms into a
 * 200 ms timeout). `clear()` once the wait is over releases the timer.
 */
export interface AbortAfter {
  readonly signal: AbortSignal;
  clear(): void;
}

export function abortAfter(ms: number): AbortAfter {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError')), ms);
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
