/**
 * The `sentinel` destination against the loopback Entra ID + Logs Ingestion receiver
 * (test/helpers/receivers/sentinel.ts): what we send, checked by the receiver's own parser; the
 * token's life (cache, refresh before expiry, one refresh and resend on 401); every kind of answer;
 * the 1 MB limit; secrets kept out of errors; and the whole runtime end to end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { parseConfig } from '../../../../src/delivery/config/load.js';
import { DeadLetterFile, deadLetterPath } from '../../../../src/delivery/dead-letter.js';
import { createForwarder } from '../../../../src/delivery/forwarder.js';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import type { Destination } from '../../../../src/destinations/destination.js';
import { PermanentError, RetryItems, ThrottleError } from '../../../../src/destinations/errors.js';
import type { SentinelSettings } from '../../../../src/destinations/sentinel/config.js';
import { DEFAULT_SCOPE, SentinelSettingsSchema } from '../../../../src/destinations/sentinel/config.js';
import type { SentinelOptions } from '../../../../src/destinations/sentinel/destination.js';
import { createSentinelDestination } from '../../../../src/destinations/sentinel/destination.js';
import { timeGenerated, withTimeGenerated } from '../../../../src/destinations/sentinel/encode.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import type { SentinelReceiver, SentinelReceiverOptions } from '../../../helpers/receivers/sentinel.js';
import { startSentinelReceiver } from '../../../helpers/receivers/sentinel.js';
import { contextFor, encoderFor, events, never } from '../fixtures.js';

const open: Array<{ close(): Promise<unknown> }> = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function settingsFor(az: SentinelReceiver, extra: Partial<SentinelSettings> = {}): SentinelSettings {
  return { endpoint: az.url, authority_host: az.url, tenant_id: az.tenantId, client_id: az.clientId, client_secret: az.clientSecret, dcr_immutable_id: az.dcrImmutableId, stream: az.stream, ...extra };
}

async function setup(receiver: SentinelReceiverOptions = {}, extra: Partial<SentinelSettings> = {}, options: SentinelOptions = {}): Promise<{ az: SentinelReceiver; d: Destination }> {
  const az = await startSentinelReceiver(receiver);
  open.push(az);
  const d = createSentinelDestination(settingsFor(az, extra), contextFor('sentinel', { timeoutMs: 5_000 }), options);
  open.push(d);
  return { az, d };
}

/** A batch as the runtime makes it: records from the destination's own `encode`. */
function batch(d: Destination, list: readonly CanonicalEvent[]): { records: string[]; events: readonly CanonicalEvent[] } {
  return { records: list.map((e) => d.encode(e)), events: list };
}

const outcome = (p: Promise<void>): Promise<unknown> =>
  p.then(
    () => 'delivered',
    (e: unknown) => e,
  );

describe('sentinel requests, as the receiver parses them', () => {
  it('POSTs a gzipped JSON array of rows to the DCR stream with a bearer token from the client-credentials grant', async () => {
    const { az, d } = await setup();
    const list = events(3);
    expect(await outcome(d.send(batch(d, list), never()))).toBe('delivered');
    expect(az.tokenRequests).toEqual([{ form: { grant_type: 'client_credentials', client_id: az.clientId, client_secret: '***', scope: DEFAULT_SCOPE }, status: 200 }]);
    expect(az.ingestRequests).toHaveLength(1);
    const req = az.ingestRequests[0]!;
    expect(req.status).toBe(204);
    expect(req.request.path).toBe(`/dataCollectionRules/${az.dcrImmutableId}/streams/${az.stream}?api-version=2023-01-01`);
    expect(req.request.headers.authorization).toBe(`Bearer ${az.tokens[0]}`);
    expect(req.request.headers['content-type']).toBe('application/json');
    expect(req.request.headers['content-encoding']).toBe('gzip');
    expect(req.request.headers['x-ms-client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect([...req.request.rawBody.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(az.eventIds()).toEqual(list.map((e) => e.event_id));
    expect(az.rowsMissingTimeGenerated).toEqual([]);
    // Each row is the OCSF record with TimeGenerated added from the event's time.
    const expected = list.map((e) => JSON.parse(withTimeGenerated(encoderFor()(e), e.timestamp)) as Record<string, unknown>);
    expect(az.rows).toEqual(expected);
    expect(az.rows.map((r) => r.TimeGenerated)).toEqual(list.map((e) => timeGenerated(e.timestamp)));
  });

  it('previews the request without asking for a token or sending anything', async () => {
    const { az, d } = await setup();
    const b = batch(d, events(2));
    const [p, ...rest] = await d.preview(b);
    expect(rest).toEqual([]);
    if (p?.kind !== 'http') throw new Error('an HTTP preview');
    expect(p.url).toBe(`${az.url}/dataCollectionRules/${az.dcrImmutableId}/streams/${az.stream}?api-version=2023-01-01`);
    expect(p.headers).toMatchObject({ authorization: '***', 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(p.gzip).toBe(true);
    expect(p.body.toString('utf8')).toBe(`[${b.records.join(',')}]`);
    expect(az.tokenRequests).toHaveLength(0);
    expect(az.ingestRequests).toHaveLength(0);
  });

  it('declares the 1 MB request limit, measured before gzip', async () => {
    const { d } = await setup();
    expect(d.limits).toEqual({ maxEvents: 10_000, maxBytes: 1_000_000, measuredOn: 'encoded', envelopeBytes: 2, separatorBytes: 1 });
  });

  it('TimeGenerated is the event time in UTC with six fractional digits, cut and never rounded', () => {
    expect(timeGenerated('2024-05-14T11:21:09.5+02:00')).toBe('2024-05-14T09:21:09.500000Z');
    expect(timeGenerated('2024-05-14T09:21:07Z')).toBe('2024-05-14T09:21:07.000000Z');
    expect(timeGenerated('2024-12-31T23:59:59.9999999-01:30')).toBe('2025-01-01T01:29:59.999999Z');
    expect(() => timeGenerated('yesterday')).toThrow(PermanentError);
    expect(withTimeGenerated('{}', '2024-05-14T09:21:07Z')).toBe('{"TimeGenerated":"2024-05-14T09:21:07.000000Z"}');
    expect(() => withTimeGenerated('[1]', '2024-05-14T09:21:07Z')).toThrow(PermanentError);
  });

  it('takes canonical and ECS records too, and refuses settings that cannot work', async () => {
    const az = await startSentinelReceiver();
    open.push(az);
    const d = createSentinelDestination(settingsFor(az), contextFor('sentinel', { format: 'ecs' }));
    open.push(d);
    await d.send(batch(d, events(2)), never());
    expect(az.eventIds()).toEqual(['evt_t_0', 'evt_t_1']);
    expect(() => createSentinelDestination(settingsFor(az, { endpoint: 'https://user:pw@dce.example.com' }), contextFor('s'))).toThrow(DestinationConfigError);
    expect(() => createSentinelDestination(settingsFor(az, { authority_host: 'ftp://login.example.com' }), contextFor('s'))).toThrow(DestinationConfigError);
  });
});

describe('sentinel tokens', () => {
  it('caches the token across requests and fetches one before it expires', async () => {
    let clock = 1_000_000;
    const { az, d } = await setup({ expiresInSeconds: 3_600 }, {}, { now: () => clock });
    await d.send(batch(d, events(1)), never());
    clock += 3_600_000 - 300_000 - 1; // just before the 5-minute margin
    await d.send(batch(d, events(1)), never());
    expect(az.tokenRequests).toHaveLength(1);
    clock += 1;
    await d.send(batch(d, events(1)), never());
    expect(az.tokenRequests).toHaveLength(2);
    expect(az.ingestRequests.map((r) => r.request.headers.authorization)).toEqual([`Bearer ${az.tokens[0]}`, `Bearer ${az.tokens[0]}`, `Bearer ${az.tokens[1]}`]);
  });

  it('refreshes a short-lived token at half its life', async () => {
    let clock = 0;
    const { az, d } = await setup({ expiresInSeconds: 60 }, {}, { now: () => clock });
    await d.send(batch(d, events(1)), never());
    clock = 29_999;
    await d.send(batch(d, events(1)), never());
    clock = 30_000;
    await d.send(batch(d, events(1)), never());
    expect(az.tokenRequests).toHaveLength(2);
  });

  it('concurrent sends share one token request', async () => {
    const { az, d } = await setup();
    await Promise.all([0, 1, 2, 3].map((i) => d.send(batch(d, events(2, `c${i}`)), never())));
    expect(az.tokenRequests).toHaveLength(1);
    expect(az.rows).toHaveLength(8);
  });

  it('on a 401, fetches one new token and resends once', async () => {
    const { az, d } = await setup();
    await d.send(batch(d, events(1)), never());
    az.expireTokens();
    expect(await outcome(d.send(batch(d, events(2, 'x')), never()))).toBe('delivered');
    expect(az.ingestRequests.map((r) => r.status)).toEqual([204, 401, 204]);
    expect(az.tokenRequests).toHaveLength(2);
    expect(az.ingestRequests[2]?.request.headers.authorization).toBe(`Bearer ${az.tokens[1]}`);
    expect(az.eventIds()).toEqual(['evt_t_0', 'evt_x_0', 'evt_x_1']);
  });

  it('a second 401 with the new token is permanent: exactly one refresh', async () => {
    const { az, d } = await setup();
    az.revokeAll();
    const e = (await outcome(d.send(batch(d, events(2)), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe(401);
    expect(e.message).toContain('InvalidToken');
    expect(az.tokenRequests).toHaveLength(2);
    expect(az.ingestRequests.map((r) => r.status)).toEqual([401, 401]);
  });

  it('a wrong secret is permanent; a throttled or failing token endpoint is retried', async () => {
    const { az, d } = await setup({ clientSecret: 'the-right-secret-value' }, { client_secret: 'a-wrong-secret-value' });
    const e = (await outcome(d.send(batch(d, events(1)), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe(401);
    expect(e.message).toMatch(/^sentinel: token request: HTTP 401 Unauthorized: .*AADSTS7000215/);
    expect(az.ingestRequests).toHaveLength(0);

    const ok = await setup();
    ok.az.failTokens({ status: 429, error: 'temporarily_unavailable', retryAfter: '3' }, { status: 500, error: 'server_error' });
    const t = (await outcome(ok.d.send(batch(ok.d, events(1)), never()))) as ThrottleError;
    expect(t).toBeInstanceOf(ThrottleError);
    expect(t.retryAfterMs).toBe(3_000);
    expect(await outcome(ok.d.send(batch(ok.d, events(1)), never()))).toBeInstanceOf(TransportError);
    expect(await outcome(ok.d.send(batch(ok.d, events(1)), never()))).toBe('delivered');
  });
});

describe('sentinel answers', () => {
  it('429 and 503 throttle with Retry-After', async () => {
    const { az, d } = await setup();
    az.fail({ status: 429, retryAfter: '12' }, { status: 503, retryAfter: '4' });
    for (const ms of [12_000, 4_000]) {
      const e = (await outcome(d.send(batch(d, events(2)), never()))) as ThrottleError;
      expect(e).toBeInstanceOf(ThrottleError);
      expect(e.retryAfterMs).toBe(ms);
    }
    expect(az.rows).toHaveLength(0);
  });

  it('400, 403 and 404 are permanent and quote Azure’s code; 500 is retried; a 2xx that is not 204 is no Logs Ingestion API', async () => {
    const { az, d } = await setup();
    az.fail({ status: 400, code: 'InvalidStream', message: 'the stream does not match' }, { status: 403, code: 'OperationFailed', message: 'no Monitoring Metrics Publisher' }, { status: 500 });
    const a = (await outcome(d.send(batch(d, events(1)), never()))) as PermanentError;
    expect(a).toBeInstanceOf(PermanentError);
    expect(a.message).toBe('sentinel: HTTP 400 Bad Request: "InvalidStream: the stream does not match"');
    expect(((await outcome(d.send(batch(d, events(1)), never()))) as PermanentError).status).toBe(403);
    expect(await outcome(d.send(batch(d, events(1)), never()))).toBeInstanceOf(TransportError);
    const wrong = createSentinelDestination(settingsFor(az, { stream: 'Custom-Other' }), contextFor('sentinel'));
    open.push(wrong);
    const nf = (await outcome(wrong.send(batch(wrong, events(1)), never()))) as PermanentError;
    expect(nf.status).toBe(404);
    az.http.script({ status: 200, body: '<html>proxy</html>' });
    const ok200 = createSentinelDestination(settingsFor(az), contextFor('sentinel'));
    open.push(ok200);
    // The script answers the token request: the token endpoint must answer JSON.
    expect(await outcome(ok200.send(batch(ok200, events(1)), never()))).toBeInstanceOf(TransportError);
    az.fail({ status: 202 });
    expect(((await outcome(d.send(batch(d, events(1)), never()))) as PermanentError).message).toContain('the Logs Ingestion API answers 204');
  });

  it('413 splits the batch until each request fits; a row alone too large is refused alone', async () => {
    const { az, d } = await setup({ maxBytes: 6_000 });
    const list = events(12);
    const big: CanonicalEvent = { ...list[5]!, message: 'x'.repeat(7_000) };
    list[5] = big;
    const e = (await outcome(d.send(batch(d, list), never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(e.indices).toEqual([]);
    expect(e.rejected.map((r) => [r.index, r.status])).toEqual([[5, 413]]);
    expect(az.eventIds().sort()).toEqual(list.filter((_, i) => i !== 5).map((x) => x.event_id).sort());
    for (const r of az.ingestRequests.filter((q) => q.status === 204)) expect(r.request.body.length).toBeLessThanOrEqual(6_000);
  });

  it('sends a batch prepared ahead with the body compressed then, and still splits it on a 413', async () => {
    const { az, d } = await setup({ maxBytes: 6_000 });
    // Fits: one request, whose rows are the batch's.
    const small = events(3);
    const fits = batch(d, small);
    d.prepare?.(fits);
    expect(await outcome(d.send(fits, never()))).toBe('delivered');
    expect(az.eventIds()).toEqual(small.map((e) => e.event_id));
    // Too large together: the body made ahead is not sent as it is; the halves are made and sent.
    const list = events(12, 'big');
    const tooLarge = batch(d, list);
    d.prepare?.(tooLarge);
    expect(await outcome(d.send(tooLarge, never()))).toBe('delivered');
    expect(az.eventIds().slice(3).sort()).toEqual(list.map((x) => x.event_id).sort());
    expect(az.ingestRequests.filter((r) => r.status === 413).length).toBeGreaterThan(0);
    for (const r of az.ingestRequests.filter((q) => q.status === 204)) expect(r.request.body.length).toBeLessThanOrEqual(6_000);
  });

  it('a network failure is retried', async () => {
    const { az, d } = await setup();
    await d.send(batch(d, events(1)), never());
    az.http.script({ drop: 'after_body' });
    expect(await outcome(d.send(batch(d, events(1)), never()))).toBeInstanceOf(TransportError);
  });
});

describe('sentinel secrets', () => {
  it('neither the client secret nor a token appears in any error', async () => {
    const { az, d } = await setup();
    await d.send(batch(d, events(1)), never());
    const token = az.tokens[0]!;
    const secret = az.clientSecret;
    az.fail({ status: 400, message: `bad row; token=${token} Bearer ${token}` }, { status: 403, message: `client_secret ${secret} has no role` }, { status: 503, message: `retry ${token}` });
    const errors = [await outcome(d.send(batch(d, events(1)), never())), await outcome(d.send(batch(d, events(1)), never())), await outcome(d.send(batch(d, events(1)), never()))];
    az.expireTokens();
    az.failTokens({ status: 401, error: 'invalid_client', description: `AADSTS7000215: Invalid client secret ${secret} (${encodeURIComponent(secret)})` });
    errors.push(await outcome(d.send(batch(d, events(1)), never())));
    const texts = errors.map((e) => `${(e as Error).message}\n${(e as Error).stack ?? ''}`);
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    for (const t of texts) {
      expect(t).not.toContain(secret);
      expect(t).not.toContain(encodeURIComponent(secret));
      expect(t).not.toContain(token);
    }
    expect(texts.some((t) => t.includes('***'))).toBe(true);
  });
});

describe('sentinel settings schema', () => {
  it('fills the defaults and refuses unknown keys and bad values', () => {
    const base = { endpoint: 'https://dce-1.eastus-1.ingest.monitor.azure.com', dcr_immutable_id: 'dcr-0123abcd', stream: 'Custom-Audit', tenant_id: 'tenant', client_id: 'client', client_secret: 's' };
    expect(Value.Default(SentinelSettingsSchema, { ...base })).toEqual({ ...base, authority_host: 'https://login.microsoftonline.com', scope: 'https://monitor.azure.com//.default', lint: {} });
    for (const bad of [{ ...base, dcr_immutable_id: '/subscriptions/x' }, { ...base, endpoint: 'https://dce.example.com/path' }, { ...base, stream: 'Custom Audit' }, { ...base, extra: 1 }, { ...base, client_secret: '' }, { ...base, lint: { mode: 'drop' } }, { ...base, lint: { dcr: 'x' } }]) {
      expect(Value.Check(SentinelSettingsSchema, bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('sentinel through the runtime', () => {
  it('delivers every event across an expired token and a 503, and dead-letters a row over 1 MB alone', async () => {
    const az = await startSentinelReceiver();
    open.push(az);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'siemkit-sentinel-'));
    dirs.push(dataDir);
    const config = parseConfig(
      {
        data_dir: dataDir,
        destinations: [
          {
            name: 'sentinel',
            type: 'sentinel',
            endpoint: az.url,
            authority_host: az.url,
            tenant_id: az.tenantId,
            client_id: az.clientId,
            client_secret: '${env:AZ_CLIENT_SECRET}',
            dcr_immutable_id: az.dcrImmutableId,
            stream: az.stream,
            batch: { max_events: 1_000, max_bytes: 5_000_000, flush_interval_ms: 10 },
            retry: { initial_delay_ms: 10, max_delay_ms: 50 },
          },
        ],
      },
      'test',
      { env: { AZ_CLIENT_SECRET: az.clientSecret }, baseDir: dataDir },
    );
    const f = await createForwarder(config, { log: () => undefined });
    open.push({ close: () => f.close({ deadlineMs: 0 }) });
    // 30 events of ~100 KB: more than 1 MB together, so the batcher must cut several requests.
    const first = events(30, 'a').map((e) => ({ ...e, message: 'm'.repeat(100_000) }));
    await f.emit(first);
    expect((await f.flush({ timeoutMs: 10_000 })).drained).toBe(true);
    az.expireTokens();
    az.fail({ status: 503, retryAfter: '0' });
    const huge = { ...events(1, 'huge')[0]!, message: 'h'.repeat(1_100_000) };
    const second = events(20, 'b');
    await f.emit([...second.slice(0, 10), huge, ...second.slice(10)]);
    expect((await f.flush({ timeoutMs: 10_000 })).drained).toBe(true);

    expect(new Set(az.eventIds())).toEqual(new Set([...first, ...second].map((e) => e.event_id)));
    expect(az.ingestRequests.some((r) => r.status === 401)).toBe(true);
    expect(az.ingestRequests.some((r) => r.status === 503)).toBe(true);
    expect(az.ingestRequests.filter((r) => r.status === 413)).toEqual([]);
    for (const r of az.ingestRequests) expect(r.request.body.length).toBeLessThanOrEqual(1_000_000);
    expect(az.ingestRequests.filter((r) => r.status === 204).length).toBeGreaterThanOrEqual(4);
    const dead: string[] = [];
    for await (const line of new DeadLetterFile(deadLetterPath(dataDir, 'sentinel'), (s) => s).read()) if ('record' in line) dead.push(line.record.event.event_id);
    expect(dead).toEqual(['evt_huge_0']);
  });
});
