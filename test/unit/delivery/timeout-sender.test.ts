/**
 * The timeout sender (src/delivery/senders/timeout-sender.ts): one deadline per request, after which
 * the transport is aborted and the failure is a retryable `RequestTimeoutError`; a shutdown is not
 * a timeout; answers in time pass through untouched. Once against a scripted destination, once
 * against the real `http` destination and a loopback receiver that answers too late.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RequestTimeoutError, sendWithTimeout } from '../../../src/delivery/senders/timeout-sender.js';
import type { Batch } from '../../../src/destinations/destination.js';
import { PermanentError } from '../../../src/destinations/errors.js';
import { createHttpDestination } from '../../../src/destinations/http/destination.js';
import type { HttpReceiver } from '../../helpers/http-receiver.js';
import { startHttpReceiver } from '../../helpers/http-receiver.js';
import { scriptedDestination } from '../../helpers/scripted-destination.js';
import { batchOf, contextFor, events, never } from '../destinations/fixtures.js';

const batch: Batch = { records: ['r0'], events: [] };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('sendWithTimeout', () => {
  it('resolves with the destination when it answers in time', async () => {
    const d = scriptedDestination();
    await sendWithTimeout(d, batch, 5_000, never());
    expect(d.sent.map((s) => s.outcome)).toEqual(['ok']);
  });

  it('passes the destination’s own failure through unchanged', async () => {
    const d = scriptedDestination();
    const refused = new PermanentError('401 Unauthorized', 401);
    d.script(refused);
    await expect(sendWithTimeout(d, batch, 5_000, never())).rejects.toBe(refused);
  });

  it('aborts a request without answer at its deadline and fails it as a retryable timeout', async () => {
    const d = scriptedDestination();
    d.script('hang');
    const err = await sendWithTimeout(d, batch, 25, never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err).toMatchObject({ name: 'RequestTimeoutError', status: 'timeout', message: 'no answer within 25 ms' });
    // The transport saw its signal abort: it released the request.
    expect(d.sent.map((s) => s.outcome)).toEqual(['aborted']);
  });

  it('reports a shutdown as the shutdown, not as a timeout', async () => {
    const d = scriptedDestination();
    d.script('hang');
    const stop = new AbortController();
    const sending = sendWithTimeout(d, batch, 60_000, stop.signal);
    stop.abort(new Error('destination x is shutting down'));
    const err = await sending.catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(RequestTimeoutError);
    expect((err as Error).message).toBe('destination x is shutting down');
  });

  it('gives each call a fresh deadline', async () => {
    const d = scriptedDestination();
    d.script('hang', 'ok');
    await expect(sendWithTimeout(d, batch, 20, never())).rejects.toBeInstanceOf(RequestTimeoutError);
    // A deadline shared across calls would already have passed.
    await sendWithTimeout(d, batch, 5_000, never());
    expect(d.sent.map((s) => s.outcome)).toEqual(['aborted', 'ok']);
  });

  it('times out a real HTTP request whose receiver answers too late', async () => {
    const receiver: HttpReceiver = await startHttpReceiver({ body: 'ndjson' });
    cleanup.push(() => receiver.close());
    receiver.script({ status: 200, delayMs: 2_000 });
    const http = createHttpDestination({ url: receiver.url('/ingest'), body: 'ndjson' }, contextFor('webhook'));
    cleanup.push(() => http.close());
    const list = events(2);
    const err = await sendWithTimeout(http, batchOf(list), 50, never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    // The next request gets its own deadline and gets through.
    await sendWithTimeout(http, batchOf(list), 5_000, never());
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]?.records.map((r) => (r as { metadata: { uid: string } }).metadata.uid)).toEqual(list.map((e) => e.event_id));
  });
});
