/**
 * sendBisecting: a 413 splits the part in halves down to single records; the outcome of the parts
 * becomes one outcome for the batch. The parts are sent by a function that plays a receiver with a
 * byte limit, so the splitting is checked on its own; the http tests run it against real sockets.
 */
import { describe, expect, it } from 'vitest';
import { PermanentError, RetryItems, ThrottleError } from '../../../../src/destinations/errors.js';
import { sendBisecting } from '../../../../src/destinations/transport/bisect.js';
import { PayloadTooLargeError, TransportError } from '../../../../src/destinations/transport/errors.js';

/** A receiver that takes at most `max` records per request, refuses `bad` ones (400), and fails at request `failAt` (503). */
function receiver(max: number, bad: ReadonlySet<number> = new Set(), failAt = -1) {
  const delivered: number[] = [];
  const requests: Array<[number, number]> = [];
  const send = async (start: number, end: number): Promise<void> => {
    requests.push([start, end]);
    if (requests.length - 1 === failAt) throw new ThrottleError('busy', 1_500, 503);
    if (end - start > max) throw new PayloadTooLargeError('too large');
    if ([...bad].some((i) => i >= start && i < end)) throw new PermanentError('bad record', 400);
    for (let i = start; i < end; i++) delivered.push(i);
  };
  return { send, delivered, requests };
}

async function outcome(p: Promise<void>): Promise<unknown> {
  return p.then(
    () => 'delivered',
    (e: unknown) => e,
  );
}

describe('sendBisecting', () => {
  it('sends the batch in one request when it fits', async () => {
    const r = receiver(10);
    expect(await outcome(sendBisecting(10, r.send))).toBe('delivered');
    expect(r.requests).toEqual([[0, 10]]);
  });

  it('halves on 413 until the parts fit, in order', async () => {
    const r = receiver(3);
    expect(await outcome(sendBisecting(10, r.send))).toBe('delivered');
    expect(r.delivered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.requests).toEqual([
      [0, 10],
      [0, 5],
      [0, 3],
      [3, 5],
      [5, 10],
      [5, 8],
      [8, 10],
    ]);
  });

  it('refuses a single record too large for good, and delivers the rest', async () => {
    const r = receiver(0);
    const e = await outcome(sendBisecting(1, r.send));
    expect(e).toBeInstanceOf(PermanentError);
    expect((e as PermanentError).status).toBe(413);
  });

  it('gives a single request’s own error unchanged', async () => {
    const r = receiver(10, new Set(), 0);
    const e = await outcome(sendBisecting(4, r.send));
    expect(e).toBeInstanceOf(ThrottleError);
    expect((e as ThrottleError).retryAfterMs).toBe(1_500);
    const p = receiver(10, new Set([2]));
    expect(await outcome(sendBisecting(4, p.send))).toBeInstanceOf(PermanentError);
  });

  it('reports refused records and those to send again as RetryItems after a split', async () => {
    // 8 records, 2 per request: [0,8] 413 -> [0,4] 413 -> [0,2] ok, [2,4] has bad 3 -> refused; [4,8] 413 -> [4,6] 503 -> retry 4..7.
    const r = receiver(2, new Set([3]), 5);
    const e = await outcome(sendBisecting(8, r.send, { destination: 'hook' }));
    expect(e).toBeInstanceOf(RetryItems);
    const items = e as RetryItems;
    expect(items.indices).toEqual([4, 5, 6, 7]);
    expect(items.rejected.map((x) => x.index)).toEqual([2, 3]);
    expect(items.rejected[0]).toMatchObject({ reason: 'bad record', status: 400 });
    expect(items.retryAfterMs).toBe(1_500);
    expect(items.status).toBe(503);
    expect(items.message).toBe('hook: 2 of 8 records refused, 4 to send again');
    expect(r.delivered).toEqual([0, 1]);
  });

  it('sends one record per request with maxPerRequest 1, going on past refused records', async () => {
    const r = receiver(1, new Set([1]));
    const e = await outcome(sendBisecting(3, r.send, { maxPerRequest: 1 }));
    expect((e as RetryItems).indices).toEqual([]);
    expect((e as RetryItems).rejected.map((x) => x.index)).toEqual([1]);
    expect(r.delivered).toEqual([0, 2]);
  });

  it('stops at a retryable failure and returns the rest untried', async () => {
    const r = receiver(1, new Set(), 1);
    const e = await outcome(sendBisecting(4, r.send, { maxPerRequest: 1 }));
    expect((e as RetryItems).indices).toEqual([1, 2, 3]);
    expect(r.requests).toHaveLength(2);
  });

  it('rethrows the abort reason when the signal aborts', async () => {
    const ac = new AbortController();
    const reason = new Error('stop');
    const send = async (): Promise<void> => {
      ac.abort(reason);
      throw new TransportError('aborted', 'aborted');
    };
    expect(await outcome(sendBisecting(3, send, { maxPerRequest: 1, signal: ac.signal }))).toBeInstanceOf(TransportError);
    expect(await outcome(sendBisecting(3, send, { maxPerRequest: 1, signal: ac.signal }))).toBe(reason);
  });

  it('delivers an empty batch without a request', async () => {
    const r = receiver(1);
    expect(await outcome(sendBisecting(0, r.send))).toBe('delivered');
    expect(r.requests).toEqual([]);
  });
});
