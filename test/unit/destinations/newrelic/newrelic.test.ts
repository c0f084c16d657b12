/**
 * The `newrelic` destination against the loopback Log API (test/helpers/receivers/newrelic.ts):
 * the `[{common, logs}]` body read by the receiver's parser, the key header, gzip, the 1 MB cap,
 * every kind of answer, the key kept out of errors, and the runtime delivering through a 429.
 */
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../../../src/destinations/destination.js';
import { PermanentError, RetryItems, ThrottleError } from '../../../../src/destinations/errors.js';
import type { NewRelicSettings } from '../../../../src/destinations/newrelic/config.js';
import { NewRelicSettingsSchema } from '../../../../src/destinations/newrelic/config.js';
import { createNewRelicDestination } from '../../../../src/destinations/newrelic/destination.js';
import { planNewRelic } from '../../../../src/destinations/newrelic/request.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import type { NewRelicReceiver } from '../../../helpers/receivers/newrelic.js';
import { startNewRelicReceiver } from '../../../helpers/receivers/newrelic.js';
import { contextFor, encoderFor, events, never } from '../fixtures.js';
import { forwardThrough } from '../forwarding.js';

const KEY = 'eu01xxd4c3b2a1f0e9d8c7b6a5f4e3d2NRAL';

const open: Array<NewRelicReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup(settings: Partial<NewRelicSettings> = {}, format = 'ocsf'): Promise<{ nr: NewRelicReceiver; d: Destination }> {
  const nr = await startNewRelicReceiver({ licenseKey: KEY });
  open.push(nr);
  const d = createNewRelicDestination({ endpoint: nr.url, api_key: KEY, ...settings }, contextFor('nr', { format, timeoutMs: 5_000 }));
  open.push(d);
  return { nr, d };
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

describe('newrelic requests', () => {
  it('POSTs [{common, logs}] with Api-Key, gzip, JSON: each log the record as message, epoch-ms timestamp, siemkit.* attributes', async () => {
    const { nr, d } = await setup({ attributes: { service: 'scaidrive' } });
    const list = events(3);
    expect(await outcome(d.send({ records: list.map((e) => d.encode(e)), events: list }, never()))).toBe('delivered');
    const req = nr.requests[0];
    expect(req?.answer).toMatchObject({ status: 202 });
    expect(req?.headers['api-key']).toBe(KEY);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['content-encoding']).toBe('gzip');
    expect(nr.eventIds()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_2']);
    const log = nr.logs[0];
    expect(log?.timestamp).toBe(Date.parse(list[0]?.timestamp ?? ''));
    expect(log?.message).toBe(encoderFor('ocsf')(list[0] as (typeof list)[number]));
    expect(log?.attributes).toMatchObject({ service: 'scaidrive', 'siemkit.format': 'ocsf', 'siemkit.category': list[0]?.category, 'siemkit.severity': list[0]?.severity, 'siemkit.tenant_id': list[0]?.tenant_id });
    const body = JSON.parse(req?.body?.toString('utf8') ?? '') as unknown[];
    expect(body).toHaveLength(1);
  });

  it('sends the key in the header chosen, and CEF lines as messages', async () => {
    const { nr, d } = await setup({ key_header: 'X-License-Key', gzip: false }, 'cef');
    await d.send(batchFor(d, 2), never());
    expect(nr.requests[0]?.headers['x-license-key']).toBe(KEY);
    expect(nr.requests[0]?.headers['api-key']).toBeUndefined();
    expect(nr.requests[0]?.headers['content-encoding']).toBeUndefined();
    expect(nr.logs.every((l) => l.message?.startsWith('CEF:0|'))).toBe(true);
    expect(nr.eventIds()).toHaveLength(2);
  });

  it('uses the region’s endpoint', () => {
    const url = (region?: 'us' | 'eu' | 'fedramp') => planNewRelic('nr', { api_key: KEY, ...(region !== undefined ? { region } : {}) }, 'ocsf').url.href;
    expect(url()).toBe('https://log-api.newrelic.com/log/v1');
    expect(url('eu')).toBe('https://log-api.eu.newrelic.com/log/v1');
    expect(url('fedramp')).toBe('https://gov-log-api.newrelic.com/log/v1');
  });

  it('declares 1 MB per POST (uncompressed), counting the envelope once and a comma per log; the count is the body’s exact size', async () => {
    const { nr, d } = await setup({ gzip: false });
    expect(d.limits).toMatchObject({ maxBytes: 1_000_000, measuredOn: 'encoded', separatorBytes: 1 });
    const batch = batchFor(d, 5);
    await d.send(batch, never());
    const counted = batch.records.reduce((n, r) => n + Buffer.byteLength(r) + d.limits.separatorBytes, d.limits.envelopeBytes);
    // A separator is counted after every log; the body has one fewer.
    expect(nr.requests[0]?.body?.length).toBe(counted - 1);
  });

  it('the receiver refuses what the Log API refuses', async () => {
    const nr = await startNewRelicReceiver({ licenseKey: KEY });
    open.push(nr);
    const post = (body: string, headers: Record<string, string> = {}) => fetch(nr.url, { method: 'POST', headers: { 'content-type': 'application/json', 'api-key': KEY, ...headers }, body }).then((r) => r.status);
    expect(await post('[{"logs":[{"message":"a"}]}]')).toBe(202);
    expect(await post('{"message":"simple"}')).toBe(202);
    expect(await post('[{"logs":[{"message":"a"}]}]', { 'api-key': 'wrong' })).toBe(403);
    expect(await post('[{"logs":[{"message":"a"}]}]', { 'content-type': 'text/plain' })).toBe(415);
    expect(await post('[{"logs":{"message":"a"}}]')).toBe(400);
    expect(await post('[{"logs":[{"timestamp":"yesterday"}]}]')).toBe(400);
    expect(await post('{"message":')).toBe(400);
    expect(await post(`{"message":"${'x'.repeat(1_000_000)}"}`)).toBe(413);
  });

  it('previews the request with the key hidden', async () => {
    const { nr, d } = await setup();
    const [p] = await d.preview(batchFor(d, 1));
    expect(p).toMatchObject({ kind: 'http', url: nr.url, gzip: true, headers: { 'api-key': '***' } });
    expect(JSON.stringify(p)).not.toContain(KEY);
  });
});

describe('newrelic answers', () => {
  it('429 throttles for Retry-After seconds; 503 throttles; 500 retries', async () => {
    const { nr, d } = await setup();
    nr.rateLimit(42);
    nr.fault({ status: 503 }, { status: 500 });
    const a = (await outcome(d.send(batchFor(d, 1), never()))) as ThrottleError;
    expect(a).toBeInstanceOf(ThrottleError);
    expect(a.retryAfterMs).toBe(42_000);
    expect(await outcome(d.send(batchFor(d, 1), never()))).toBeInstanceOf(ThrottleError);
    expect(await outcome(d.send(batchFor(d, 1), never()))).toBeInstanceOf(TransportError);
    expect(nr.logs).toHaveLength(0);
  });

  it('403 (a wrong key) is permanent and never shows the key', async () => {
    const { nr, d } = await setup({ api_key: 'NRAL-wrong-key-1234567890abcdef' });
    nr.fault({ status: 403, body: 'invalid key NRAL-wrong-key-1234567890abcdef' });
    const e = (await outcome(d.send(batchFor(d, 1), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe(403);
    expect(e.message).toContain('***');
    expect(e.message).not.toContain('NRAL-wrong-key-1234567890abcdef');
    const again = (await outcome(d.send(batchFor(d, 1), never()))) as PermanentError;
    expect(again.status).toBe(403);
  });

  it('413 splits; a log over 1 MB alone is refused while the others are delivered', async () => {
    const { nr, d } = await setup({ gzip: false });
    const list = events(4);
    const records = list.map((e) => d.encode(e));
    records[2] = d.encode({ ...(list[2] as (typeof list)[number]), message: 'm'.repeat(1_000_000) });
    const e = (await outcome(d.send({ records, events: list }, never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(e.rejected.map((r) => [r.index, r.status])).toEqual([[2, 413]]);
    expect(nr.eventIds().sort()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_3']);
  });
});

describe('newrelic settings', () => {
  it('fills defaults and refuses a missing key, unknown regions and headers, and unknown keys', () => {
    expect(Value.Default(NewRelicSettingsSchema, { api_key: 'k' })).toEqual({ api_key: 'k', region: 'us', key_header: 'Api-Key', attributes: {}, gzip: true });
    for (const bad of [{}, { api_key: 'k', region: 'ap' }, { api_key: 'k', key_header: 'Authorization' }, { api_key: 'k k' }, { api_key: 'k', endpont: 'x' }]) expect(Value.Check(NewRelicSettingsSchema, bad), JSON.stringify(bad)).toBe(false);
  });
});

describe('newrelic through createForwarder', () => {
  it('delivers the emitted set through a 429 and a 500, within 1 MB per POST; the key never shows', async () => {
    const nr = await startNewRelicReceiver({ licenseKey: KEY });
    open.push(nr);
    const sent = events(50, 'fwd').map((e, i) => (i % 5 === 0 ? { ...e, message: 'w'.repeat(150_000) } : e));
    nr.fault({ pass: true }, { status: 429, headers: { 'retry-after': '0' } }, { pass: true }, { status: 500 });
    const run = await forwardThrough({ type: 'newrelic', endpoint: nr.url, api_key: '${env:NEW_RELIC_LICENSE_KEY}', batch: { max_events: 20, max_bytes: 10_000_000, flush_interval_ms: 5 } }, sent, { NEW_RELIC_LICENSE_KEY: KEY });
    expect(run.drained).toBe(true);
    expect(run.deadLetters).toEqual([]);
    expect(new Set(nr.eventIds())).toEqual(new Set(sent.map((e) => e.event_id)));
    expect(nr.requests.every((r) => (r.body?.length ?? 0) <= 1_000_000)).toBe(true);
    expect(nr.requests.some((r) => r.answer !== undefined && 'status' in r.answer && r.answer.status === 413)).toBe(false);
    expect(run.shown).not.toContain(KEY);
  });
});
