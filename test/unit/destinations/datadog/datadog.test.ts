/**
 * The `datadog` destination against the loopback Logs intake (test/helpers/receivers/datadog.ts):
 * what we send, checked by the receiver's own parser; the site and endpoint URLs; every kind of
 * answer; the 1,000-entry, 5 MB and 1 MB-per-log limits; the 18-hour age limit; the key kept out of
 * errors; and the whole runtime end to end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { parseConfig } from '../../../../src/delivery/config/load.js';
import { DeadLetterFile, deadLetterPath } from '../../../../src/delivery/dead-letter.js';
import { createForwarder } from '../../../../src/delivery/forwarder.js';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import type { DatadogSettings } from '../../../../src/destinations/datadog/config.js';
import { DATADOG_SITES, DatadogSettingsSchema } from '../../../../src/destinations/datadog/config.js';
import type { DatadogOptions } from '../../../../src/destinations/datadog/destination.js';
import { createDatadogDestination } from '../../../../src/destinations/datadog/destination.js';
import { intakeUrl } from '../../../../src/destinations/datadog/request.js';
import type { Destination } from '../../../../src/destinations/destination.js';
import { PermanentError, RetryItems, ThrottleError } from '../../../../src/destinations/errors.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import type { DatadogReceiver } from '../../../helpers/receivers/datadog.js';
import { startDatadogReceiver } from '../../../helpers/receivers/datadog.js';
import { contextFor, encoderFor, events as baseEvents, never } from '../fixtures.js';

const open: Array<{ close(): Promise<unknown> }> = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const HOUR = 3_600_000;

/** Events timed `ageMs` ago (the golden events are from 2024: Datadog would not take them). */
function events(n: number, tag = 't', ageMs = 60_000): CanonicalEvent[] {
  const at = new Date(Date.now() - ageMs).toISOString();
  return baseEvents(n, tag).map((e) => ({ ...e, timestamp: at }));
}

async function setup(extra: Partial<DatadogSettings> = {}, options: DatadogOptions = {}, format = 'ocsf'): Promise<{ dd: DatadogReceiver; d: Destination }> {
  const dd = await startDatadogReceiver();
  open.push(dd);
  const d = createDatadogDestination({ endpoint: dd.url, api_key: dd.apiKey, ...extra }, contextFor('datadog', { timeoutMs: 5_000, format }), options);
  open.push(d);
  return { dd, d };
}

function batch(d: Destination, list: readonly CanonicalEvent[]): { records: string[]; events: readonly CanonicalEvent[] } {
  return { records: list.map((e) => d.encode(e)), events: list };
}

const outcome = (p: Promise<void>): Promise<unknown> =>
  p.then(
    () => 'delivered',
    (e: unknown) => e,
  );

describe('datadog requests, as the receiver parses them', () => {
  it('POSTs a gzipped JSON array of log entries with DD-API-KEY to /api/v2/logs', async () => {
    const { dd, d } = await setup({ service: 'scaidrive', ddsource: 'acme', ddtags: 'env:prod,team:sec', hostname: 'fw-1' });
    const list = events(3);
    list[1] = { ...list[1]!, severity: 'critical' };
    expect(await outcome(d.send(batch(d, list), never()))).toBe('delivered');
    expect(dd.requests).toHaveLength(1);
    const req = dd.requests[0]!;
    expect(req.status).toBe(202);
    expect(req.request.path).toBe('/api/v2/logs');
    expect(req.request.headers['dd-api-key']).toBe(dd.apiKey);
    expect(req.request.headers['content-type']).toBe('application/json');
    expect(req.request.headers['content-encoding']).toBe('gzip');
    expect([...req.request.rawBody.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const encode = encoderFor();
    expect(dd.logs).toEqual(
      list.map((e) => ({ ddsource: 'acme', ddtags: 'env:prod,team:sec', hostname: 'fw-1', service: 'scaidrive', status: { info: 'info', low: 'notice', medium: 'warning', high: 'error', critical: 'critical' }[e.severity], timestamp: Date.parse(e.timestamp), message: encode(e) })),
    );
    expect(dd.logs[1]?.status).toBe('critical');
    expect(dd.eventIds()).toEqual(list.map((e) => e.event_id));
    expect(dd.truncated).toEqual([]);
  });

  it('defaults: ddsource siemkit, this machine’s hostname, no service or tags; any record format goes in message', async () => {
    const { dd, d } = await setup({}, {}, 'cef');
    const list = events(1);
    await d.send(batch(d, list), never());
    expect(Object.keys(dd.logs[0]!).sort()).toEqual(['ddsource', 'hostname', 'message', 'status', 'timestamp']);
    expect(dd.logs[0]).toMatchObject({ ddsource: 'siemkit', hostname: hostname() });
    expect(String(dd.logs[0]?.message)).toMatch(/^CEF:0\|Acme\|ScaiDrive\|/);
  });

  it('previews the request, key hidden, without sending it', async () => {
    const { dd, d } = await setup();
    const b = batch(d, events(2));
    const [p, ...rest] = await d.preview(b);
    expect(rest).toEqual([]);
    if (p?.kind !== 'http') throw new Error('an HTTP preview');
    expect(p.url).toBe(`${dd.url}/api/v2/logs`);
    expect(p.headers).toMatchObject({ 'dd-api-key': '***', 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(JSON.stringify(p)).not.toContain(dd.apiKey);
    expect(p.body.toString('utf8')).toBe(`[${b.records.join(',')}]`);
    expect(dd.requests).toHaveLength(0);
  });

  it('declares 1,000 entries and 5 MB before gzip', async () => {
    const { d } = await setup();
    expect(d.limits).toEqual({ maxEvents: 1_000, maxBytes: 5_000_000, measuredOn: 'encoded', envelopeBytes: 2, separatorBytes: 1 });
  });

  it('builds the intake URL of each site, or of the endpoint', () => {
    expect(DATADOG_SITES.map((site) => intakeUrl('dd', { site }).href)).toEqual(DATADOG_SITES.map((s) => `https://http-intake.logs.${s}/api/v2/logs`));
    expect(intakeUrl('dd', {}).href).toBe('https://http-intake.logs.datadoghq.com/api/v2/logs');
    expect(intakeUrl('dd', { site: 'datadoghq.eu', endpoint: 'https://proxy.example.com:8443/dd/' }).href).toBe('https://proxy.example.com:8443/dd/api/v2/logs');
    expect(() => intakeUrl('dd', { endpoint: 'https://x.example.com/api/v2/logs' })).toThrow(DestinationConfigError);
    expect(() => intakeUrl('dd', { endpoint: 'https://k:secret@x.example.com' })).toThrow('credentials in the URL are not sent');
  });
});

describe('datadog limits', () => {
  it('an entry over 1 MB is refused alone at encoding, never sent to be truncated', async () => {
    const { d } = await setup();
    const [big] = events(1);
    const e = (() => {
      try {
        d.encode({ ...big!, message: 'x'.repeat(1_000_001) });
      } catch (err) {
        return err;
      }
      return undefined;
    })() as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe('too_large');
    expect(e.message).toMatch(/over Datadog's 1000000-byte limit per log/);
    expect(() => d.encode({ ...big!, message: 'x'.repeat(900_000) })).not.toThrow();
  });

  it('an event older than 18 h is refused at encoding; one that aged in the queue is refused at sending, the rest delivered', async () => {
    let clock = Date.now();
    const { dd, d } = await setup({}, { now: () => clock });
    const [old] = events(1, 'old', 18 * HOUR + 60_000);
    expect(() => d.encode(old!)).toThrow(/h old: Datadog takes logs at most 18 h old/);
    const list = events(4, 'q', 17 * HOUR);
    list[2] = { ...list[2]!, timestamp: new Date(clock - 17.6 * HOUR).toISOString() };
    list[0] = { ...list[0]!, timestamp: new Date(clock - 17.9 * HOUR).toISOString() };
    const b = batch(d, list);
    clock += 0.5 * HOUR; // the batch waited: two of them are now over 18 h
    const e = (await outcome(d.send(b, never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(e.indices).toEqual([]);
    expect(e.rejected.map((r) => [r.index, r.status])).toEqual([
      [0, 'too_old'],
      [2, 'too_old'],
    ]);
    expect(dd.eventIds()).toEqual(['evt_q_1', 'evt_q_3']);
  });

  it('with stale events in the batch, a throttle resends the fresh ones only', async () => {
    let clock = Date.now();
    const { dd, d } = await setup({}, { now: () => clock });
    const list = events(3, 's', 17 * HOUR);
    list[1] = { ...list[1]!, timestamp: new Date(clock - 17.9 * HOUR).toISOString() };
    const b = batch(d, list);
    clock += HOUR / 2;
    dd.fail({ status: 429, retryAfter: '5' });
    const e = (await outcome(d.send(b, never()))) as RetryItems;
    expect(e.indices).toEqual([0, 2]);
    expect(e.rejected.map((r) => r.index)).toEqual([1]);
    expect(e.retryAfterMs).toBe(5_000);
  });

  it('413 splits the batch in halves and resends them', async () => {
    const { dd, d } = await setup();
    const list = events(6);
    dd.fail({ status: 413 });
    expect(await outcome(d.send(batch(d, list), never()))).toBe('delivered');
    expect(dd.requests.map((r) => [r.status, r.logs.length])).toEqual([
      [413, 6],
      [202, 3],
      [202, 3],
    ]);
    expect(dd.eventIds().sort()).toEqual(list.map((e) => e.event_id).sort());
  });

  it('the receiver refuses what Datadog refuses: over 1,000 entries or 5 MB (413), a malformed body (400)', async () => {
    const dd = await startDatadogReceiver();
    open.push(dd);
    const post = (body: string | Buffer, headers: Record<string, string> = {}): Promise<Response> => fetch(`${dd.url}/api/v2/logs`, { method: 'POST', headers: { 'dd-api-key': dd.apiKey, 'content-type': 'application/json', ...headers }, body });
    expect((await post(JSON.stringify(Array.from({ length: 1_001 }, () => ({ message: 'm' }))))).status).toBe(413);
    expect((await post(JSON.stringify([{ message: 'm'.repeat(5_000_001) }]))).status).toBe(413);
    const bad = await post('[{"message":');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: ['Bad Request: malformed JSON'] });
    expect((await post('{"message":"one"}')).status).toBe(202);
    expect(dd.logs).toEqual([{ message: 'one' }]);
  });
});

describe('datadog answers', () => {
  it('a missing or wrong key is permanent (401, 403) and quotes Datadog’s errors', async () => {
    const { dd, d } = await setup({ api_key: 'wrong-key-0000' });
    const e = (await outcome(d.send(batch(d, events(1)), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe(403);
    expect(e.message).toBe('datadog: HTTP 403 Forbidden: "Forbidden"');
    const res = await fetch(`${dd.url}/api/v2/logs`, { method: 'POST', body: '[]' });
    expect(res.status).toBe(401);
  });

  it('429 throttles with Retry-After; 503 too; 500 and 408 are retried; 400 is permanent', async () => {
    const { dd, d } = await setup();
    dd.fail({ status: 429, retryAfter: '9' }, { status: 503 }, { status: 500 }, { status: 408 }, { status: 400, errors: ['invalid payload'] });
    const a = (await outcome(d.send(batch(d, events(1)), never()))) as ThrottleError;
    expect(a).toBeInstanceOf(ThrottleError);
    expect(a.retryAfterMs).toBe(9_000);
    const b = (await outcome(d.send(batch(d, events(1)), never()))) as ThrottleError;
    expect(b).toBeInstanceOf(ThrottleError);
    expect(b.retryAfterMs).toBeUndefined();
    expect(await outcome(d.send(batch(d, events(1)), never()))).toBeInstanceOf(TransportError);
    expect(await outcome(d.send(batch(d, events(1)), never()))).toBeInstanceOf(TransportError);
    const p = (await outcome(d.send(batch(d, events(1)), never()))) as PermanentError;
    expect(p.message).toBe('datadog: HTTP 400 Bad Request: "invalid payload"');
    expect(dd.logs).toEqual([]);
  });

  it('the API key never appears in an error, even when the intake echoes it', async () => {
    const { dd, d } = await setup();
    const key = dd.apiKey;
    dd.fail({ status: 400, errors: [`bad key ${key}`] }, { status: 503, errors: [`DD-API-KEY: ${key}`] });
    const errors = [await outcome(d.send(batch(d, events(1)), never())), await outcome(d.send(batch(d, events(1)), never()))];
    await dd.http.down();
    errors.push(await outcome(d.send(batch(d, events(1)), never())));
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    const texts = errors.map((e) => `${(e as Error).message}\n${(e as Error).stack ?? ''}`);
    for (const t of texts) expect(t).not.toContain(key);
    expect(texts.filter((t) => t.includes('***'))).toHaveLength(2);
  });
});

describe('datadog settings schema', () => {
  it('fills the defaults and refuses unknown keys and bad values', () => {
    expect(Value.Default(DatadogSettingsSchema, { api_key: 'k' })).toEqual({ api_key: 'k', site: 'datadoghq.com', ddsource: 'siemkit', ddtags: '' });
    for (const bad of [{}, { api_key: 'k', site: 'datadoghq.org' }, { api_key: 'k', endpoint: 'ftp://x' }, { api_key: 'k', extra: 1 }, { api_key: 'k', endpoint: 'https://x/?a=1' }]) {
      expect(Value.Check(DatadogSettingsSchema, bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('datadog through the runtime', () => {
  it('delivers every event across a 503 in the middle and dead-letters an 18-hour-old one with its reason', async () => {
    const dd = await startDatadogReceiver();
    open.push(dd);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'siemkit-datadog-'));
    dirs.push(dataDir);
    const config = parseConfig(
      {
        data_dir: dataDir,
        destinations: [{ name: 'dd', type: 'datadog', endpoint: dd.url, api_key: '${env:DD_API_KEY}', service: 'scaidrive', batch: { max_events: 5_000, flush_interval_ms: 10 }, retry: { initial_delay_ms: 10, max_delay_ms: 50 } }],
      },
      'test',
      { env: { DD_API_KEY: dd.apiKey }, baseDir: dataDir },
    );
    const f = await createForwarder(config, { log: () => undefined });
    open.push({ close: () => f.close({ deadlineMs: 0 }) });
    const first = events(1_500, 'a');
    await f.emit(first);
    expect((await f.flush({ timeoutMs: 10_000 })).drained).toBe(true);
    dd.fail({ status: 503, retryAfter: '0' });
    const second = events(30, 'b');
    const [old] = events(1, 'old', 19 * HOUR);
    await f.emit([...second.slice(0, 15), old!, ...second.slice(15)]);
    expect((await f.flush({ timeoutMs: 10_000 })).drained).toBe(true);

    expect(new Set(dd.eventIds())).toEqual(new Set([...first, ...second].map((e) => e.event_id)));
    expect(dd.requests.filter((r) => r.status === 503)).toHaveLength(1);
    for (const r of dd.requests) {
      expect(r.logs.length).toBeLessThanOrEqual(1_000);
      expect(r.request.body.length).toBeLessThanOrEqual(5_000_000);
    }
    const dead: Array<[string, string | number | undefined, string]> = [];
    for await (const line of new DeadLetterFile(deadLetterPath(dataDir, 'dd'), (s) => s).read()) if ('record' in line) dead.push([line.record.event.event_id, line.record.status, line.record.reason]);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.[0]).toBe('evt_old_0');
    expect(dead[0]?.[1]).toBe('too_old');
    expect(dead[0]?.[2]).toMatch(/19\.0 h old: Datadog takes logs at most 18 h old/);
  });
});
