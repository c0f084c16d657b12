/**
 * The `xsiam` destination against the loopback HTTP log collector (test/helpers/receivers/xsiam.ts),
 * configured per test with the log format and compression a real collector is created with: what
 * we send must pass its checks (key, content type, compression, one valid event per line); every
 * answer's meaning; the 25 MB cap; the key kept out of errors; and the runtime delivering through faults.
 */
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../../../src/destinations/destination.js';
import { PermanentError, ThrottleError } from '../../../../src/destinations/errors.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import { XsiamSettingsSchema } from '../../../../src/destinations/xsiam/config.js';
import { createXsiamDestination } from '../../../../src/destinations/xsiam/destination.js';
import type { XsiamReceiver, XsiamReceiverOptions } from '../../../helpers/receivers/xsiam.js';
import { startXsiamReceiver } from '../../../helpers/receivers/xsiam.js';
import { contextFor, encoderFor, events, never } from '../fixtures.js';
import { forwardThrough } from '../forwarding.js';

const open: Array<XsiamReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup(collector: XsiamReceiverOptions, format: string, gzip = false): Promise<{ x: XsiamReceiver; d: Destination }> {
  const x = await startXsiamReceiver(collector);
  open.push(x);
  const d = createXsiamDestination({ url: x.url, api_key: x.apiKey, gzip }, contextFor('xsiam', { format, timeoutMs: 5_000 }));
  open.push(d);
  return { x, d };
}

function batchFor(d: Destination, n: number, tag = 't') {
  const list = events(n, tag);
  return { records: list.map((e) => d.encode(e)), events: list };
}

const outcome = (p: Promise<void>): Promise<unknown> =>
  p.then(
    () => 'delivered',
    (e: unknown) => e,
  );

describe('xsiam requests', () => {
  for (const [format, logFormat, type] of [
    ['cef', 'CEF', 'text/plain'],
    ['leef', 'LEEF', 'text/plain'],
    ['ocsf', 'JSON', 'application/json'],
    ['syslog5424', 'Raw', 'text/plain'],
  ] as const) {
    it(`${format} to a ${logFormat} collector: ${type}, the raw key, one event per line`, async () => {
      const { x, d } = await setup({ logFormat }, format);
      const batch = batchFor(d, 3);
      expect(await outcome(d.send(batch, never()))).toBe('delivered');
      const req = x.requests[0];
      expect(req?.headers.authorization).toBe(x.apiKey);
      expect(req?.headers['content-type']).toBe(type);
      expect(req?.body?.toString('utf8')).toBe(batch.records.join('\n'));
      expect(x.events).toEqual(batch.events.map(encoderFor(format)));
      if (format !== 'syslog5424') expect(x.eventIds()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_2']);
    });
  }

  it('gzip to a gzip collector; the collector refuses a body not compressed as it was created', async () => {
    const { x, d } = await setup({ logFormat: 'CEF', compression: 'gzip' }, 'cef', true);
    await d.send(batchFor(d, 5), never());
    expect(x.requests[0]?.headers['content-encoding']).toBe('gzip');
    expect([...(x.requests[0]?.rawBody.subarray(0, 2) ?? [])]).toEqual([0x1f, 0x8b]);
    expect(x.eventIds()).toHaveLength(5);
    const plain = createXsiamDestination({ url: x.url, api_key: x.apiKey }, contextFor('xsiam', { format: 'cef' }));
    open.push(plain);
    const e = (await outcome(plain.send(batchFor(plain, 1), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe(400);
  });

  it('the collector refuses a format it was not created for (so its acceptance means something)', async () => {
    const { d } = await setup({ logFormat: 'JSON' }, 'cef');
    const e = (await outcome(d.send(batchFor(d, 1), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.message).toContain('expects Content-Type application/json');
  });

  it('declares 25 MB per request, a \\n per event', async () => {
    const { d } = await setup({}, 'cef');
    expect(d.limits).toEqual({ maxEvents: 100_000, maxBytes: 25_000_000, measuredOn: 'encoded', envelopeBytes: 0, separatorBytes: 1 });
  });

  it('previews with the key hidden', async () => {
    const { x, d } = await setup({}, 'cef');
    const [p] = await d.preview(batchFor(d, 1));
    expect(p).toMatchObject({ kind: 'http', url: x.url, headers: { authorization: '***', 'content-type': 'text/plain' } });
    expect(JSON.stringify(p)).not.toContain(x.apiKey);
  });
});

describe('xsiam answers', () => {
  it('401 is permanent, quoting the collector without the key', async () => {
    const x = await startXsiamReceiver();
    open.push(x);
    const wrong = 'c0ffee'.repeat(8);
    const d = createXsiamDestination({ url: x.url, api_key: wrong }, contextFor('xsiam', { format: 'cef' }));
    open.push(d);
    x.fault({ status: 401, body: { error: `Failed to validate authentication detail for ${wrong}` } });
    const e = (await outcome(d.send(batchFor(d, 1), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe(401);
    expect(e.message).toContain('Failed to validate authentication detail');
    expect(e.message).not.toContain(wrong);
    expect(((await outcome(d.send(batchFor(d, 1), never()))) as PermanentError).status).toBe(401);
  });

  it('429 throttles, 500 retries, 403 is permanent', async () => {
    const { x, d } = await setup({}, 'cef');
    x.fault({ status: 429, headers: { 'retry-after': '9' }, body: { error: 'ingestion limits reached' } }, { status: 500, body: { error: 'Unexpected error while processing bulk load request' } }, { status: 403, body: { error: 'Forbidden' } });
    const a = (await outcome(d.send(batchFor(d, 1), never()))) as ThrottleError;
    expect(a).toBeInstanceOf(ThrottleError);
    expect(a.retryAfterMs).toBe(9_000);
    expect(await outcome(d.send(batchFor(d, 1), never()))).toBeInstanceOf(TransportError);
    expect(await outcome(d.send(batchFor(d, 1), never()))).toBeInstanceOf(PermanentError);
    expect(x.events).toHaveLength(0);
  });

  it('413 splits the batch until the collector takes it', async () => {
    const { x, d } = await setup({ maxBytes: 2_500 }, 'cef');
    const e = await outcome(d.send(batchFor(d, 8), never()));
    expect(e).toBe('delivered');
    expect(x.requests.some((r) => r.answer !== undefined && 'status' in r.answer && r.answer.status === 413)).toBe(true);
    expect(x.eventIds().sort()).toEqual(events(8).map((ev) => ev.event_id).sort());
  });
});

describe('xsiam settings', () => {
  it('fills defaults and refuses a missing key, a key with spaces, and unknown keys', () => {
    expect(Value.Default(XsiamSettingsSchema, { url: 'https://api-acme.xdr.eu.paloaltonetworks.com/logs/v1/event', api_key: 'k' })).toMatchObject({ gzip: false });
    for (const bad of [{ url: 'https://x/logs/v1/event' }, { url: 'https://x', api_key: 'a b' }, { url: 'https://x', api_key: 'k', compression: 'gzip' }]) expect(Value.Check(XsiamSettingsSchema, bad), JSON.stringify(bad)).toBe(false);
  });
});

describe('xsiam through createForwarder', () => {
  it('delivers the emitted set as CEF through a 429 and a dropped connection; the key never shows', async () => {
    const x = await startXsiamReceiver({ logFormat: 'CEF', compression: 'gzip' });
    open.push(x);
    const sent = events(45, 'fwd');
    x.fault({ pass: true }, { status: 429, body: { error: 'ingestion limits reached' } }, { drop: true });
    const run = await forwardThrough({ type: 'xsiam', format: 'cef', url: x.url, api_key: '${env:XSIAM_KEY}', gzip: true }, sent, { XSIAM_KEY: x.apiKey });
    expect(run.drained).toBe(true);
    expect(run.deadLetters).toEqual([]);
    expect(new Set(x.eventIds())).toEqual(new Set(sent.map((e) => e.event_id)));
    expect(run.shown).not.toContain(x.apiKey);
  });
});
