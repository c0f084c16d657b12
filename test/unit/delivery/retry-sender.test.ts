/**
 * The retry sender (src/delivery/senders/retry-sender.ts) against a destination that answers like
 * a vendor (test/helpers/scripted-destination.ts): what each classified answer leads to, the waits
 * it asks of the backoff (full jitter, Retry-After, the schedule), giving up at max_elapsed_ms with
 * the attempts counted, partial successes retried item by item, the buffer window, and shutdown.
 *
 * The sender takes its clock (`now`) and its backoff by injection. Where a test needs waits of
 * minutes, `virtualWaits` lets the real RetryPolicy decide each wait, moves the injected clock by
 * it, and has the sender sleep 0 ms: the sender sees the time pass without the test waiting.
 * Last, `batchOf`: the batch the sender hands a destination for its items.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { RetryPolicy } from '../../../src/delivery/retry-policy.js';
import type { DeliveryItem } from '../../../src/delivery/senders/item.js';
import { batchOf } from '../../../src/delivery/senders/item.js';
import type { Backoff, RetrySenderHooks } from '../../../src/delivery/senders/retry-sender.js';
import { failureReason, failureStatus, RetrySender } from '../../../src/delivery/senders/retry-sender.js';
import { RequestTimeoutError } from '../../../src/delivery/senders/timeout-sender.js';
import type { Batch, Destination, RecordBytes } from '../../../src/destinations/destination.js';
import { PermanentError, RetryItems, ThrottleError } from '../../../src/destinations/errors.js';
import { packedRecordBytes } from '../../helpers/record-bytes.js';
import { scriptedDestination, transportError } from '../../helpers/scripted-destination.js';

// "Now" at load: items enqueued then are inside the window for the tests on the real clock.
const T0 = Date.now();

function items(n: number, enqueuedAtMs = T0): DeliveryItem[] {
  return Array.from({ length: n }, (_, i) => {
    const event = { event_id: `e${i}`, tenant_id: 't' } as CanonicalEvent;
    return { event, record: `r${i}`, bytes: 2, enqueuedAtMs, attempts: 0 };
  });
}

interface Recorded extends RetrySenderHooks {
  readonly failures: { status: number | string | undefined; items: number; error: unknown }[];
  readonly waits: { delayMs: number; throttled: boolean }[];
  resumes: number;
}

function hooks(): Recorded {
  const h: Recorded = {
    failures: [],
    waits: [],
    resumes: 0,
    onAttemptFailed: (error, status, n) => h.failures.push({ error, status, items: n }),
    onWait: (delayMs, throttled) => h.waits.push({ delayMs, throttled }),
    onResume: () => {
      h.resumes++;
    },
  };
  return h;
}

/** A backoff that records what the sender asks and answers from `answer` (default: retry at once). */
function recordingBackoff(answer: (attempt: number, elapsedMs: number, retryAfterMs?: number) => number | undefined = () => 0) {
  const asked: { attempt: number; elapsedMs: number; retryAfterMs: number | undefined }[] = [];
  const backoff: Backoff = {
    nextDelayMs(attempt, elapsedMs, retryAfterMs) {
      asked.push({ attempt, elapsedMs, retryAfterMs });
      return answer(attempt, elapsedMs, retryAfterMs);
    },
  };
  return { backoff, asked };
}

/** A clock the test moves. */
function clock(start = T0) {
  const c = { t: start, now: () => c.t };
  return c;
}

/** The real policy decides the waits; the injected clock moves by them; the sender sleeps 0 ms. */
function virtualWaits(policy: RetryPolicy, c: { t: number }, random?: () => number) {
  const decided: (number | undefined)[] = [];
  const backoff: Backoff = {
    nextDelayMs(attempt, elapsedMs, retryAfterMs) {
      const d = policy.nextDelayMs(attempt, elapsedMs, retryAfterMs, random);
      decided.push(d);
      if (d === undefined) return undefined;
      c.t += d;
      return 0;
    },
  };
  return { backoff, decided };
}

const never = (): AbortSignal => new AbortController().signal;
const OPTIONS = { timeoutMs: 5_000, windowMs: 1_800_000 };

describe('RetrySender: classified answers', () => {
  it('delivers a batch at the first success: one send, no wait', async () => {
    const d = scriptedDestination();
    const h = hooks();
    const { backoff, asked } = recordingBackoff();
    const batch = items(3);
    const out = await new RetrySender(d, backoff, OPTIONS, h).send(batch, never());
    expect(out).toEqual({ delivered: 3, undeliverable: [] });
    expect(d.sent.map((s) => s.records)).toEqual([['r0', 'r1', 'r2']]);
    expect(asked).toEqual([]);
    expect(batch.map((i) => i.attempts)).toEqual([1, 1, 1]);
  });

  it('dead-letters every item of a PermanentError at once, with its reason and status, never retrying', async () => {
    const d = scriptedDestination();
    d.script(new PermanentError('400 Bad Request: malformed body', 400));
    const h = hooks();
    const { backoff, asked } = recordingBackoff();
    const out = await new RetrySender(d, backoff, OPTIONS, h).send(items(2), never());
    expect(out.delivered).toBe(0);
    expect(out.undeliverable.map((u) => [u.item.record, u.kind, u.reason, u.status, u.item.attempts])).toEqual([
      ['r0', 'permanent', '400 Bad Request: malformed body', 400, 1],
      ['r1', 'permanent', '400 Bad Request: malformed body', 400, 1],
    ]);
    expect(d.sent).toHaveLength(1);
    expect(asked).toEqual([]);
    expect(h.failures.map((f) => [f.status, f.items])).toEqual([[400, 2]]);
  });

  it('retries transport errors and 5xx with the backoff, counting failures from 0, until delivered', async () => {
    const d = scriptedDestination();
    d.script(transportError('ECONNREFUSED'), Object.assign(new Error('503 Service Unavailable'), { status: 503 }), transportError('ECONNRESET'), 'ok');
    const h = hooks();
    const { backoff, asked } = recordingBackoff();
    const batch = items(2);
    const out = await new RetrySender(d, backoff, OPTIONS, h).send(batch, never());
    expect(out).toEqual({ delivered: 2, undeliverable: [] });
    expect(d.sent).toHaveLength(4);
    expect(d.sent.every((s) => s.records.join() === 'r0,r1')).toBe(true);
    expect(asked.map((a) => [a.attempt, a.retryAfterMs])).toEqual([
      [0, undefined],
      [1, undefined],
      [2, undefined],
    ]);
    expect(h.failures.map((f) => f.status)).toEqual(['ECONNREFUSED', 503, 'ECONNRESET']);
    expect(h.waits.map((w) => w.throttled)).toEqual([false, false, false]);
    expect(h.resumes).toBe(3);
    expect(batch.map((i) => i.attempts)).toEqual([4, 4]);
  });

  it('passes a ThrottleError’s Retry-After to the backoff and waits what it answers, marked as throttled', async () => {
    const d = scriptedDestination();
    d.script(new ThrottleError('429 Too Many Requests', 30, 429), new ThrottleError('503 without Retry-After', undefined, 503), 'ok');
    const h = hooks();
    const { backoff, asked } = recordingBackoff((_a, _e, retryAfter) => retryAfter ?? 1);
    const out = await new RetrySender(d, backoff, OPTIONS, h).send(items(1), never());
    expect(out.delivered).toBe(1);
    expect(asked.map((a) => a.retryAfterMs)).toEqual([30, undefined]);
    expect(h.waits).toEqual([
      { delayMs: 30, throttled: true },
      { delayMs: 1, throttled: false },
    ]);
  });

  it('retries only the failed items of a partial success, and dead-letters the rejected ones', async () => {
    const d = scriptedDestination();
    // Of r0..r5: r1 and r4 to retry, r3 refused for good; then, of [r1, r4], r4 again.
    d.script(new RetryItems('2 of 6 throttled', [4, 1, 1, 99], [{ index: 3, reason: 'field too long', status: 'mapper_parsing_exception' }], 20, 207), new RetryItems('1 of 2', [1]), 'ok');
    const h = hooks();
    const { backoff, asked } = recordingBackoff();
    const batch = items(6);
    const out = await new RetrySender(d, backoff, OPTIONS, h).send(batch, never());
    expect(d.sent.map((s) => s.records)).toEqual([['r0', 'r1', 'r2', 'r3', 'r4', 'r5'], ['r4', 'r1'], ['r1']]);
    expect(out.delivered).toBe(5);
    expect(out.undeliverable.map((u) => [u.item.record, u.kind, u.reason, u.status])).toEqual([['r3', 'permanent', 'field too long', 'mapper_parsing_exception']]);
    // The Retry-After of a partial answer counts like a throttle's.
    expect(asked.map((a) => a.retryAfterMs)).toEqual([20, undefined]);
    expect(batch.map((i) => i.attempts)).toEqual([1, 3, 1, 1, 2, 1]);
  });

  it('takes a rejected item’s status from the answer when the item has none, and stops when nothing is left to retry', async () => {
    const d = scriptedDestination();
    d.script(new RetryItems('partial', [], [{ index: 0, reason: 'bad' }], undefined, 400));
    const { backoff, asked } = recordingBackoff();
    const out = await new RetrySender(d, backoff, OPTIONS, hooks()).send(items(2), never());
    expect(out.delivered).toBe(1);
    expect(out.undeliverable.map((u) => [u.item.record, u.status])).toEqual([['r0', 400]]);
    expect(d.sent).toHaveLength(1);
    expect(asked).toEqual([]);
  });
});

describe('RetrySender: a batch the destination prepared', () => {
  it('is what the first attempt sends; a retry sends a batch of its own with the same records', async () => {
    const s = scriptedDestination();
    s.script(transportError('ECONNRESET'), 'ok');
    const seen: Batch[] = [];
    const d: Destination = { ...s, send: (b, signal) => (seen.push(b), s.send(b, signal)) };
    const list = items(2);
    const prepared = batchOf(list);
    const out = await new RetrySender(d, recordingBackoff().backoff, OPTIONS, hooks()).send(list, never(), prepared);
    expect(out.delivered).toBe(2);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(prepared);
    expect(seen[1]).not.toBe(prepared);
    expect(seen[1]?.records).toEqual(prepared.records);
  });

  it('is not sent when the window has taken an item from it before the first attempt', async () => {
    const s = scriptedDestination();
    s.script('ok');
    const seen: Batch[] = [];
    const d: Destination = { ...s, send: (b, signal) => (seen.push(b), s.send(b, signal)) };
    const list = [...items(1, T0 - 10_000), ...items(1)];
    const prepared = batchOf(list);
    const out = await new RetrySender(d, recordingBackoff().backoff, { ...OPTIONS, windowMs: 5_000, now: () => T0 }, hooks()).send(list, never(), prepared);
    expect(out.delivered).toBe(1);
    expect(out.undeliverable.map((u) => u.kind)).toEqual(['window']);
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBe(prepared);
    expect(seen[0]?.records).toHaveLength(1);
  });
});

describe('RetrySender: waits of the real RetryPolicy', () => {
  it('waits within the full-jitter bounds [0, min(max, initial × multiplier^n)) after each failure', async () => {
    const policy = new RetryPolicy({ initial_delay_ms: 2, multiplier: 2, max_delay_ms: 12, max_elapsed_ms: 60_000 });
    for (const [random, expected] of [
      [() => 1 - 2 ** -53, [1, 3, 7, 11, 11, 11]],
      [() => 0, [0, 0, 0, 0, 0, 0]],
    ] as const) {
      const d = scriptedDestination();
      d.script(...Array.from({ length: 6 }, () => transportError('ETIMEDOUT')));
      const h = hooks();
      const backoff: Backoff = { nextDelayMs: (a, e, r) => policy.nextDelayMs(a, e, r, random) };
      await new RetrySender(d, backoff, OPTIONS, h).send(items(1), never());
      expect(h.waits.map((w) => w.delayMs)).toEqual(expected);
    }
    // Drawn by Math.random, as in production: inside the bounds.
    const d = scriptedDestination();
    d.script(...Array.from({ length: 6 }, () => transportError('ETIMEDOUT')));
    const h = hooks();
    await new RetrySender(d, policy, OPTIONS, h).send(items(1), never());
    h.waits.forEach((w, n) => {
      expect(w.delayMs).toBeGreaterThanOrEqual(0);
      expect(w.delayMs).toBeLessThan(Math.min(12, 2 * 2 ** n));
    });
  });

  it('honours Retry-After beyond max_delay_ms: the next attempt is no sooner than the server asked', async () => {
    const c = clock();
    const policy = new RetryPolicy({ initial_delay_ms: 1_000, max_delay_ms: 10_000, max_elapsed_ms: 3_600_000 });
    const { backoff, decided } = virtualWaits(policy, c, () => 0.5);
    const d = scriptedDestination();
    const at: number[] = [];
    d.script(
      () => (at.push(c.t), Promise.reject(new ThrottleError('429', 120_000, 429))),
      () => (at.push(c.t), Promise.reject(new ThrottleError('429', 10, 429))),
      () => (at.push(c.t), Promise.resolve()),
    );
    const out = await new RetrySender(d, backoff, { ...OPTIONS, now: c.now }, hooks()).send(items(1), never());
    expect(out.delivered).toBe(1);
    // 120 s asked, not capped by max_delay_ms; then a shorter Retry-After does not cut the backoff (1000 × 2 × 0.5).
    expect(decided).toEqual([120_000, 1_000]);
    expect(at.map((t) => t - T0)).toEqual([0, 120_000, 121_000]);
  });

  it('gives up at max_elapsed_ms: the items leave with the last error, the attempts, and the first and last attempt times', async () => {
    const c = clock();
    const policy = new RetryPolicy({ initial_delay_ms: 10_000, max_delay_ms: 10_000, max_elapsed_ms: 45_000 });
    const { backoff, decided } = virtualWaits(policy, c, () => 1 - 2 ** -53);
    const d = scriptedDestination();
    d.script(...Array.from({ length: 5 }, () => transportError('ECONNREFUSED')), new ThrottleError('503 Service Unavailable', undefined, 503), 'ok');
    const batch = items(2);
    const out = await new RetrySender(d, backoff, { ...OPTIONS, now: c.now }, hooks()).send(batch, never());
    // Attempts at 0, 9.999, 19.998, 29.997 and 39.996 s; the wait after that is cut to what remains,
    // so the last attempt is at the deadline (45 s), not dead-lettered early; then it gives up.
    expect(decided).toEqual([9_999, 9_999, 9_999, 9_999, 5_004, undefined]);
    expect(d.sent).toHaveLength(6);
    expect(out.delivered).toBe(0);
    expect(out.undeliverable).toHaveLength(2);
    for (const u of out.undeliverable) {
      expect(u.kind).toBe('retries_exhausted');
      expect(u.reason).toBe('gave up retrying after 6 attempts: 503 Service Unavailable');
      expect(u.status).toBe(503);
      expect(u.item.attempts).toBe(6);
      expect(u.item.firstAttemptAtMs).toBe(T0);
      expect(u.item.lastAttemptAtMs).toBe(T0 + 45_000);
    }
  });

  it('follows a schedule: every 60 s for 5 minutes, then every 15 minutes, until max_elapsed_ms', async () => {
    const c = clock();
    const policy = new RetryPolicy({ schedule: [{ every_ms: 60_000, for_ms: 300_000 }, { every_ms: 900_000 }], max_elapsed_ms: 3_600_000 });
    const { backoff } = virtualWaits(policy, c);
    const d = scriptedDestination();
    const at: number[] = [];
    d.script(...Array.from({ length: 20 }, () => () => (at.push(c.t - T0), Promise.reject(transportError('ECONNREFUSED')))));
    // A buffer window longer than the retries, or the window would take the item first (at 30 minutes).
    const out = await new RetrySender(d, backoff, { ...OPTIONS, windowMs: 7_200_000, now: c.now }, hooks()).send(items(1), never());
    const min = 60_000;
    expect(at).toEqual([0, 1, 2, 3, 4, 5, 20, 35, 50, 60].map((m) => m * min));
    expect(out.undeliverable.map((u) => [u.kind, u.item.attempts, u.item.lastAttemptAtMs])).toEqual([['retries_exhausted', 10, T0 + 60 * min]]);
  });
});

describe('RetrySender: buffer window and shutdown', () => {
  it('dead-letters items older than the buffer window before an attempt, without sending them', async () => {
    const c = clock(T0 + 10_000);
    const d = scriptedDestination();
    const batch = [...items(1, T0), ...items(2, T0 + 9_000).map((i, k) => ({ ...i, record: `fresh${k}` }))];
    const out = await new RetrySender(d, recordingBackoff().backoff, { ...OPTIONS, windowMs: 5_000, now: c.now }, hooks()).send(batch, never());
    expect(d.sent.map((s) => s.records)).toEqual([['fresh0', 'fresh1']]);
    expect(out.delivered).toBe(2);
    expect(out.undeliverable.map((u) => [u.item.record, u.kind, u.item.attempts])).toEqual([['r0', 'window', 0]]);
    expect(out.undeliverable[0]?.reason).toMatch(/buffer window of 5000 ms/);
  });

  it('dead-letters by the window items that outlive it while being retried', async () => {
    const c = clock();
    const d = scriptedDestination();
    d.script(transportError('ECONNREFUSED'), transportError('ECONNREFUSED'), 'ok');
    const { backoff } = recordingBackoff(() => {
      c.t += 4_000;
      return 0;
    });
    const out = await new RetrySender(d, backoff, { ...OPTIONS, windowMs: 6_000, now: c.now }, hooks()).send(items(2), never());
    expect(d.sent).toHaveLength(2);
    expect(out.undeliverable.map((u) => [u.kind, u.item.attempts])).toEqual([
      ['window', 2],
      ['window', 2],
    ]);
  });

  it('rejects with the abort reason when shut down during a wait, reporting no item undeliverable', async () => {
    const d = scriptedDestination();
    d.script(transportError('ECONNREFUSED'));
    const stop = new AbortController();
    const h = hooks();
    const sending = new RetrySender(d, recordingBackoff(() => 60_000).backoff, OPTIONS, { ...h, onWait: () => stop.abort(new Error('shutting down')) }).send(items(2), stop.signal);
    await expect(sending).rejects.toThrow('shutting down');
    expect(d.sent).toHaveLength(1);
  });

  it('rejects with the abort reason when shut down during a send (the items stay queued)', async () => {
    const d = scriptedDestination();
    d.script('hang');
    const stop = new AbortController();
    const sending = new RetrySender(d, recordingBackoff().backoff, OPTIONS, hooks()).send(items(1), stop.signal);
    await Promise.resolve();
    stop.abort(new Error('shutting down'));
    await expect(sending).rejects.toThrow('shutting down');
    expect(d.sent.map((s) => s.outcome)).toEqual(['aborted']);
  });

  it('gives each attempt its own deadline: a request without answer times out and is retried', async () => {
    const d = scriptedDestination();
    d.script('hang', 'ok');
    const h = hooks();
    const out = await new RetrySender(d, recordingBackoff().backoff, { ...OPTIONS, timeoutMs: 20 }, h).send(items(1), never());
    expect(out.delivered).toBe(1);
    expect(h.failures.map((f) => [f.status, f.error instanceof RequestTimeoutError])).toEqual([['timeout', true]]);
  });
});

describe('failureStatus and failureReason', () => {
  it('read the status of classified errors, HTTP-like errors and socket errors', () => {
    expect(failureStatus(new PermanentError('x', 401))).toBe(401);
    expect(failureStatus(new ThrottleError('x', 1, 429))).toBe(429);
    expect(failureStatus(new RetryItems('x', [], [], undefined, 207))).toBe(207);
    expect(failureStatus(Object.assign(new Error('x'), { status: 502 }))).toBe(502);
    expect(failureStatus(transportError('EPIPE'))).toBe('EPIPE');
    expect(failureStatus(new Error('x'))).toBeUndefined();
    expect(failureStatus(undefined)).toBeUndefined();
    expect(failureReason(new Error('boom'))).toBe('boom');
    expect(failureReason('plain')).toBe('plain');
  });
});

describe('batchOf: what a destination is given for items', () => {
  const bytesOf = (text: string): RecordBytes => packedRecordBytes([text])[0] as RecordBytes;

  it('gives the records’ bytes when every item holds them, and reads records and events only when asked', () => {
    let reads = 0;
    const list = ['{"a":"é"}', '{"b":2}'].map((text, i): DeliveryItem => ({
      get record() {
        reads++;
        return text;
      },
      get event() {
        reads++;
        return { event_id: `e${i}` } as CanonicalEvent;
      },
      bytes: Buffer.byteLength(text),
      recordBytes: bytesOf(text),
      enqueuedAtMs: T0,
      attempts: 0,
    }));
    const batch = batchOf(list);
    expect(batch.recordBytes?.map((b) => b.buffer.toString('utf8', b.start, b.end))).toEqual(['{"a":"é"}', '{"b":2}']);
    expect(reads).toBe(0);
    expect(batch.records).toEqual(['{"a":"é"}', '{"b":2}']);
    expect(batch.records).toBe(batch.records);
    expect(batch.events.map((e) => e.event_id)).toEqual(['e0', 'e1']);
    expect(reads).toBe(4);
  });

  it('gives no bytes when one item lacks them: the destination encodes the records', () => {
    const [first, second] = items(2) as [DeliveryItem, DeliveryItem];
    const batch = batchOf([{ ...first, recordBytes: bytesOf('r0') }, second]);
    expect(batch.recordBytes).toBeUndefined();
    expect(batch.records).toEqual(['r0', 'r1']);
  });
});
