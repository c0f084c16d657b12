/**
 * The `sumo` destination against the loopback HTTP Logs Source (test/helpers/receivers/sumo.ts):
 * one message per line, `X-Sumo-*` metadata, gzip, the 1 MB cap, what each answer means, a URL that
 * never shows, and the whole runtime delivering through a throttle and a 408.
 */
import { gunzipSync } from 'node:zlib';
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import type { Destination } from '../../../../src/destinations/destination.js';
import { PermanentError, ThrottleError } from '../../../../src/destinations/errors.js';
import type { SumoSettings } from '../../../../src/destinations/sumo/config.js';
import { SumoSettingsSchema } from '../../../../src/destinations/sumo/config.js';
import { createSumoDestination } from '../../../../src/destinations/sumo/destination.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import { sendTestEvent, testEvent } from '../../../../src/delivery/test-event.js';
import type { SumoReceiver } from '../../../helpers/receivers/sumo.js';
import { startSumoReceiver } from '../../../helpers/receivers/sumo.js';
import { batchOf, contextFor, encoderFor, events, never } from '../fixtures.js';
import { forwardThrough } from '../forwarding.js';

const open: Array<SumoReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup(settings: Omit<SumoSettings, 'url'> = {}, format = 'ocsf'): Promise<{ sumo: SumoReceiver; d: Destination }> {
  const sumo = await startSumoReceiver();
  open.push(sumo);
  const d = createSumoDestination({ url: sumo.url, ...settings }, contextFor('sumo', { format, timeoutMs: 5_000 }));
  open.push(d);
  return { sumo, d };
}

const outcome = (p: Promise<void>): Promise<unknown> =>
  p.then(
    () => 'delivered',
    (e: unknown) => e,
  );

describe('sumo requests', () => {
  it('POSTs one message per line, gzip by default, to the source URL', async () => {
    const { sumo, d } = await setup();
    const batch = batchOf(events(3));
    expect(await outcome(d.send(batch, never()))).toBe('delivered');
    const req = sumo.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/receiver/v1/http/${sumo.token}`);
    expect(req?.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(req?.rawBody ?? Buffer.alloc(0)).toString('utf8')).toBe(batch.records.join('\n'));
    expect(sumo.messages.map((m) => m.text)).toEqual(batch.records);
    expect(sumo.eventIds()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_2']);
    expect(req?.headers['x-sumo-category']).toBeUndefined();
    expect(sumo.messages[0]?.category).toBe('http_source');
  });

  it('files messages under X-Sumo-Category, -Name, -Host and -Fields (k=v,k=v)', async () => {
    const { sumo, d } = await setup({ category: 'security/audit/scaidrive', name: 'siemkit', host: 'app-01.acme.example', fields: { tenant: 'acme', env: 'prod' }, gzip: false });
    await d.send(batchOf(events(2)), never());
    expect(sumo.requests[0]?.headers['x-sumo-fields']).toBe('tenant=acme,env=prod');
    expect(sumo.requests[0]?.headers['content-encoding']).toBeUndefined();
    expect(sumo.messages).toHaveLength(2);
    expect(sumo.messages[0]).toMatchObject({ category: 'security/audit/scaidrive', name: 'siemkit', host: 'app-01.acme.example', fields: { tenant: 'acme', env: 'prod' } });
  });

  it('sends CEF lines as they are', async () => {
    const { sumo, d } = await setup({}, 'cef');
    const list = events(4);
    await d.send({ records: list.map((e) => d.encode(e)), events: list }, never());
    expect(sumo.messages.map((m) => m.text)).toEqual(list.map(encoderFor('cef')));
    expect(sumo.messages.every((m) => m.text.startsWith('CEF:0|Acme|ScaiDrive|'))).toBe(true);
  });

  it('declares the 1 MB cap (before compression) and a \\n per message', async () => {
    const { d } = await setup();
    expect(d.limits).toEqual({ maxEvents: 100_000, maxBytes: 1_000_000, measuredOn: 'encoded', envelopeBytes: 0, separatorBytes: 1 });
  });

  it('previews the request with the URL’s token hidden', async () => {
    const { sumo, d } = await setup();
    const batch = batchOf(events(2));
    const [p] = await d.preview(batch);
    expect(p).toMatchObject({ kind: 'http', method: 'POST', gzip: true, url: `${sumo.url.slice(0, sumo.url.lastIndexOf('/'))}/***` });
    expect(JSON.stringify(p)).not.toContain(sumo.token);
    expect(p?.kind === 'http' && p.body.toString('utf8')).toBe(batch.records.join('\n'));
    expect(sumo.requests).toHaveLength(0);
  });
});

describe('sumo answers', () => {
  it('429 (data dropped) throttles with Retry-After; nothing was ingested, and the resend is', async () => {
    const { sumo, d } = await setup();
    sumo.throttle(1, 4);
    const batch = batchOf(events(3));
    const e = (await outcome(d.send(batch, never()))) as ThrottleError;
    expect(e).toBeInstanceOf(ThrottleError);
    expect(e.retryAfterMs).toBe(4_000);
    expect(e.message).toContain('exceeded your Sumo Logic quota');
    expect(sumo.messages).toHaveLength(0);
    expect(await outcome(d.send(batch, never()))).toBe('delivered');
    expect(sumo.eventIds()).toHaveLength(3);
  });

  it('408 (ingested, processing timed out) is retried; the resend duplicates with the same event ids', async () => {
    const { sumo, d } = await setup();
    sumo.timeoutAfterIngest();
    const batch = batchOf(events(2));
    const e = (await outcome(d.send(batch, never()))) as TransportError;
    expect(e).toBeInstanceOf(TransportError);
    expect(e.status).toBe(408);
    await d.send(batch, never());
    expect(sumo.eventIds()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_0', 'evt_t_1']);
  });

  it('503 and 504 retry; 401 (a wrong or regenerated URL) is permanent and never names the URL', async () => {
    const { sumo, d } = await setup();
    sumo.fault({ status: 503 }, { status: 504 });
    expect(await outcome(d.send(batchOf(events(1)), never()))).toBeInstanceOf(ThrottleError);
    expect(await outcome(d.send(batchOf(events(1)), never()))).toBeInstanceOf(TransportError);
    const wrong = createSumoDestination({ url: `${sumo.url.slice(0, sumo.url.lastIndexOf('/'))}/WrongTokenWrongToken1234` }, contextFor('sumo'));
    open.push(wrong);
    const e = (await outcome(wrong.send(batchOf(events(1)), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe(401);
    expect(e.message).not.toContain('WrongTokenWrongToken1234');
    expect(e.message).not.toContain('/receiver/');
  });

  it('a 413 from a proxy splits the batch', async () => {
    const { sumo, d } = await setup();
    sumo.fault({ status: 413 });
    const e = await outcome(d.send(batchOf(events(4)), never()));
    expect(e).toBe('delivered');
    expect(sumo.requests.map((r) => r.body?.toString('utf8').split('\n').length)).toEqual([4, 2, 2]);
    expect(sumo.eventIds()).toHaveLength(4);
  });

  it('never shows the URL or its token, even when the answer or the socket repeats them', async () => {
    const { sumo, d } = await setup();
    sumo.fault({ status: 400, body: `bad request to ${sumo.url}` }, { status: 500, body: `token ${sumo.token} failed` });
    const messages: string[] = [];
    for (let i = 0; i < 2; i++) messages.push(((await outcome(d.send(batchOf(events(1)), never()))) as Error).message);
    await sumo.close();
    messages.push(((await outcome(d.send(batchOf(events(1)), never()))) as Error).message);
    for (const m of messages) {
      expect(m).not.toContain(sumo.token);
      expect(m).not.toContain(sumo.url);
    }
    expect(messages[0]).toContain('***');
  });

  it('never shows the token in the answers a test send reports (the request path holds it)', async () => {
    const { sumo, d } = await setup();
    const result = await sendTestEvent(d, testEvent('sumo', 'tnt_a', Date.now()), 5_000, (s) => s);
    expect(result.ok).toBe(true);
    expect(result.answers).toHaveLength(1);
    expect(result.answers[0]?.status).toBe(200);
    expect(JSON.stringify(result)).not.toContain(sumo.token);
    expect(result.answers[0]?.request).toMatch(/^POST .*\*\*\*/);
  });
});

describe('sumo settings', () => {
  it('refuses a URL that is not one without repeating it', () => {
    const secret = 'not-a-url-ZaVnC4dhaV9sECRET';
    expect(() => createSumoDestination({ url: secret }, contextFor('sumo'))).toThrow(new DestinationConfigError('sumo', 'url', 'not a URL'));
    expect(() => createSumoDestination({ url: 'ftp://collectors.sumologic.com/receiver/v1/http/x' }, contextFor('sumo'))).toThrow('https or http');
  });

  it('fills defaults and refuses fields that X-Sumo-Fields cannot carry and header values with line breaks', () => {
    expect(Value.Default(SumoSettingsSchema, { url: '${env:SUMO_URL}' })).toEqual({ url: '${env:SUMO_URL}', fields: {}, gzip: true });
    expect(Value.Check(SumoSettingsSchema, { url: 'x', fields: { env: 'prod', 'app.tier': 'web-1' } })).toBe(true);
    for (const bad of [{ fields: { env: 'a,b' } }, { fields: { env: 'a=b' } }, { fields: { 'bad key': 'v' } }, { category: 'a\r\nX-Evil: 1' }, { host: '' }, { gzp: true }]) {
      expect(Value.Check(SumoSettingsSchema, { url: 'x', ...bad }), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('sumo through createForwarder', () => {
  it('delivers the emitted set through a throttle and a 408; the oversize event alone is a dead letter; the URL never shows', async () => {
    const sumo = await startSumoReceiver();
    open.push(sumo);
    const sent = events(80, 'fwd');
    sent[40] = { ...(sent[40] as (typeof sent)[number]), message: 'z'.repeat(1_000_001) };
    const filler = 'f'.repeat(60_000);
    for (let i = 0; i < 80; i += 3) if (i !== 40) sent[i] = { ...(sent[i] as (typeof sent)[number]), message: filler };
    sumo.fault({ pass: true });
    sumo.throttle(1, 0);
    sumo.timeoutAfterIngest(1);
    const run = await forwardThrough({ type: 'sumo', url: '${env:SUMO_URL}', category: 'audit', batch: { max_events: 100, max_bytes: 5_000_000, flush_interval_ms: 5 } }, sent, { SUMO_URL: sumo.url });
    expect(run.drained).toBe(true);
    const expected = sent.map((e) => e.event_id).filter((id) => id !== 'evt_fwd_40');
    expect(new Set(sumo.eventIds())).toEqual(new Set(expected));
    expect(run.deadLetters.map((l) => [l.event.event_id, l.status])).toEqual([['evt_fwd_40', 'too_large']]);
    // The destination's 1 MB cap held although the configured batch allowed 5 MB.
    expect(sumo.oversizeRequests()).toEqual([]);
    expect(sumo.requests.reduce((n, r) => n + (r.body?.length ?? 0), 0)).toBeGreaterThan(1_500_000);
    expect(sumo.requests.map((r) => r.answer !== undefined && 'status' in r.answer && r.answer.status)).toEqual(expect.arrayContaining([200, 429, 408]));
    expect(run.shown).not.toContain(sumo.token);
  });
});

