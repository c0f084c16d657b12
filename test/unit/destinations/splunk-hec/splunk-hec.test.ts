/**
 * The `splunk_hec` destination against the loopback HEC (test/helpers/receivers/splunk-hec.ts):
 * what we send is accepted (or refused) by the receiver's own HEC parser and token, channel and
 * size checks; every kind of HEC answer becomes the outcome the fact sheet gives
 * (wire-protocols.md §1.5); indexer acknowledgement is waited for, and a lost one resends.
 */
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import type { Destination } from '../../../../src/destinations/destination.js';
import { PermanentError, RetryItems, ThrottleError } from '../../../../src/destinations/errors.js';
import type { SplunkHecSettings } from '../../../../src/destinations/splunk-hec/config.js';
import { SplunkHecSettingsSchema } from '../../../../src/destinations/splunk-hec/config.js';
import { createSplunkHecDestination } from '../../../../src/destinations/splunk-hec/destination.js';
import { createRawEncoder, epochSecondsText } from '../../../../src/destinations/splunk-hec/encode.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import { parseCef } from '../../../../src/formats/cef/index.js';
import type { HecEvent, SplunkHecReceiver, SplunkHecReceiverOptions } from '../../../helpers/receivers/splunk-hec.js';
import * as hec from '../../../helpers/receivers/splunk-hec.js';
import { contextFor, encoderFor, events, never } from '../fixtures.js';

const open: Array<SplunkHecReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

type Settings = Omit<SplunkHecSettings, 'endpoint' | 'token'> & { token?: string };

async function setup(settings: Settings = {}, receiver: SplunkHecReceiverOptions = {}, context: Parameters<typeof contextFor>[1] = {}): Promise<{ r: SplunkHecReceiver; d: Destination }> {
  const r = await hec.start(receiver);
  open.push(r);
  const d = createSplunkHecDestination({ endpoint: r.url, token: r.token, ...settings }, contextFor('splunk', { timeoutMs: 5_000, ...context }));
  open.push(d);
  return { r, d };
}

/** A batch as the runtime makes it: records from the destination's own `encode`. */
function batch(d: Destination, list: readonly CanonicalEvent[]): { records: string[]; events: readonly CanonicalEvent[] } {
  return { records: list.map((e) => d.encode(e)), events: list };
}

async function outcome(p: Promise<void>): Promise<unknown> {
  return p.then(
    () => 'delivered',
    (e: unknown) => e,
  );
}

const cefEventId = (e: HecEvent): string | undefined => {
  const parsed = parseCef(String(e.event));
  return parsed.ok ? parsed.value.event_id : undefined;
};

const ids = (list: readonly CanonicalEvent[]): string[] => list.map((e) => e.event_id);

describe('splunk_hec /services/collector/event', () => {
  it('POSTs concatenated envelopes with Authorization: Splunk <token>, accepted by the HEC parser', async () => {
    const { r, d } = await setup();
    const list = events(4);
    await d.send(batch(d, list), never());
    expect(r.requests).toHaveLength(1);
    const req = r.requests[0];
    expect(req).toMatchObject({ method: 'POST', path: '/services/collector/event' });
    expect(req?.headers.authorization).toBe(`Splunk ${r.token}`);
    expect(req?.headers['content-type']).toBe('application/json');
    // No channel without acknowledgement; envelopes back to back, no array, no separator.
    expect(req?.headers['x-splunk-request-channel']).toBeUndefined();
    expect(req?.text.startsWith('{"time":')).toBe(true);
    expect(req?.text.match(/\}\{"time":/g)).toHaveLength(3);
    expect(r.eventIds()).toEqual(ids(list));
    const first = r.events[0] as HecEvent;
    expect(first.sourcetype).toBe('siemkit:ocsf');
    expect(first.host).toBeUndefined();
    expect(first.source).toBeUndefined();
    expect(first.index).toBeUndefined();
    expect(first.fields).toBeUndefined();
    // The event is the OCSF record itself, as an object.
    expect((first.event as { metadata: { uid: string; product: { vendor_name: string } } }).metadata).toMatchObject({ uid: list[0]?.event_id, product: { vendor_name: 'Acme' } });
  });

  it('puts the canonical timestamp in `time` as epoch seconds with milliseconds, a plain decimal', async () => {
    const { r, d } = await setup();
    const base = events(1)[0] as CanonicalEvent;
    const list: CanonicalEvent[] = [
      { ...base, event_id: 'evt_z', timestamp: '2024-05-14T09:21:07.123Z' },
      { ...base, event_id: 'evt_offset', timestamp: '2024-05-14T11:21:07.5+02:00' },
      { ...base, event_id: 'evt_micro', timestamp: '2024-05-14T09:21:07.123456Z' },
      { ...base, event_id: 'evt_whole', timestamp: '2024-05-14T09:21:07Z' },
    ];
    await d.send(batch(d, list), never());
    expect(r.events.map((e) => e.time)).toEqual([1715678467.123, 1715678467.5, 1715678467.123, 1715678467]);
    const times = [...(r.requests[0]?.text ?? '').matchAll(/(?:^|\})\{"time":([^,]+),/g)].map((m) => m[1]);
    expect(times).toEqual(['1715678467.123', '1715678467.500', '1715678467.123', '1715678467.000']);
    expect(epochSecondsText(-1_500)).toBe('-1.500');
    expect(epochSecondsText(253_402_300_799_999)).toBe('253402300799.999');
    expect(epochSecondsText(7)).toBe('0.007');
  });

  it('sends host, source, sourcetype, index and indexed fields as configured', async () => {
    const { r, d } = await setup({ host: 'saas-eu-1', source: 'scaidrive:audit', sourcetype: 'ocsf:audit', index: 'security', fields: { env: 'prod' }, indexed_fields: ['tenant_id', 'severity', 'actor.id', 'session_id'] }, { indexes: ['security'] });
    const [first, second] = events(2) as [CanonicalEvent, CanonicalEvent];
    const { session_id: _dropped, ...withoutSession } = second;
    const list: CanonicalEvent[] = [first, withoutSession];
    expect(first.session_id).toBeDefined();
    await d.send(batch(d, list), never());
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toMatchObject({ host: 'saas-eu-1', source: 'scaidrive:audit', sourcetype: 'ocsf:audit', index: 'security' });
    expect(r.events[0]?.fields).toEqual({ env: 'prod', tenant_id: first.tenant_id, severity: first.severity, 'actor.id': first.actor.id, session_id: first.session_id });
    // An absent optional field is left out rather than sent empty.
    expect(Object.keys(r.events[1]?.fields ?? {})).toEqual(['env', 'tenant_id', 'severity', 'actor.id']);
  });

  it('carries a line format as the `event` string', async () => {
    const { r, d } = await setup({}, { eventId: cefEventId }, { format: 'cef', encode: encoderFor('cef') });
    const list = events(3);
    await d.send(batch(d, list), never());
    expect(r.events[0]?.sourcetype).toBe('siemkit:cef');
    expect(typeof r.events[0]?.event).toBe('string');
    expect(String(r.events[0]?.event).startsWith('CEF:0|Acme|ScaiDrive|1.4.2|')).toBe(true);
    expect(r.eventIds()).toEqual(ids(list));
  });

  it('gzip: Content-Encoding gzip, the same events once decoded', async () => {
    const { r, d } = await setup({ gzip: true });
    await d.send(batch(d, events(30)), never());
    const req = r.requests[0];
    expect(req?.headers['content-encoding']).toBe('gzip');
    expect([...(req?.rawBody.subarray(0, 2) ?? [])]).toEqual([0x1f, 0x8b]);
    expect(req?.rawBody.length).toBeLessThan(req?.body.length ?? 0);
    expect(r.eventIds()).toEqual(ids(events(30)));
  });

  it('a batch prepared ahead goes as the request made then (gzipped), and what Splunk refuses is sent again from the records', async () => {
    const { r, d } = await setup({ gzip: true });
    const list = events(30);
    const b = batch(d, list);
    d.prepare?.(b);
    await d.send(b, never());
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]?.headers['content-encoding']).toBe('gzip');
    expect(r.eventIds()).toEqual(ids(list));
    // A refused event: the first request (made ahead) carries all five, the next one the four others.
    const cef = encoderFor('cef');
    const refusing = await setup({}, { eventId: cefEventId }, { format: 'cef', encode: (e) => (e.event_id === 'evt_t_2' ? '' : cef(e)) });
    const five = events(5);
    const fb = batch(refusing.d, five);
    refusing.d.prepare?.(fb);
    const e = (await outcome(refusing.d.send(fb, never()))) as RetryItems;
    expect(e.rejected.map((x) => x.index)).toEqual([2]);
    expect(refusing.r.requests.map((q) => (q.body.toString().match(/"event":/g) ?? []).length)).toEqual([5, 4]);
    expect(refusing.r.eventIds()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_3', 'evt_t_4']);
  });

  it('keeps a path prefix of the endpoint (a proxy in front of the HEC)', async () => {
    const r = await hec.start();
    open.push(r);
    const d = createSplunkHecDestination({ endpoint: `${r.url}/splunk/`, token: r.token }, contextFor('splunk'));
    open.push(d);
    expect(await outcome(d.send(batch(d, events(1)), never()))).toBeInstanceOf(PermanentError);
    expect(r.requests[0]?.path).toBe('/splunk/services/collector/event');
  });
});

describe('splunk_hec /services/collector/raw', () => {
  it('POSTs one record per line, metadata and channel in the query string, channel header too', async () => {
    const { r, d } = await setup({ endpoint_target: 'raw', source: 'scaidrive', host: 'h1', index: 'sec' }, { eventId: cefEventId }, { format: 'cef', encode: encoderFor('cef') });
    const list = events(5);
    const b = batch(d, list);
    await d.send(b, never());
    const req = r.requests[0];
    const url = new URL(req?.path ?? '', 'http://x');
    expect(url.pathname).toBe('/services/collector/raw');
    const channel = req?.headers['x-splunk-request-channel'];
    expect(channel).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Object.fromEntries(url.searchParams)).toEqual({ channel, sourcetype: 'siemkit:cef', source: 'scaidrive', host: 'h1', index: 'sec' });
    expect(req?.text).toBe(b.records.join('\n'));
    expect(r.events.every((e) => e.endpoint === 'raw' && e.sourcetype === 'siemkit:cef' && e.index === 'sec')).toBe(true);
    expect(r.eventIds()).toEqual(ids(list));
    expect(d.limits).toMatchObject({ envelopeBytes: 0, separatorBytes: 1 });
  });

  it('takes JSON formats as lines too', async () => {
    const { r, d } = await setup({ endpoint_target: 'raw' });
    await d.send(batch(d, events(3)), never());
    expect(r.eventIds()).toEqual(ids(events(3)));
  });

  it('refuses a record that holds a line break, and indexed fields, which /raw cannot carry', () => {
    const encode = createRawEncoder('splunk', () => 'one\ntwo');
    expect(() => encode(events(1)[0] as CanonicalEvent)).toThrow(PermanentError);
    expect(() => createSplunkHecDestination({ endpoint: 'https://splunk.example.com:8088', token: 't', endpoint_target: 'raw', fields: { env: 'prod' } }, contextFor('splunk'))).toThrow(new DestinationConfigError('splunk', 'fields', 'indexed fields travel in the envelope of the event endpoint; /raw has none'));
  });
});

describe('splunk_hec answers', () => {
  it('code 9 "Server is busy" (503) is a throttle with Retry-After, and nothing was kept', async () => {
    const { r, d } = await setup();
    r.busy(1, '4');
    const e = (await outcome(d.send(batch(d, events(3)), never()))) as ThrottleError;
    expect(e).toBeInstanceOf(ThrottleError);
    expect(e.retryAfterMs).toBe(4_000);
    expect(e.status).toBe(503);
    expect(e.message).toContain('HEC code 9 "Server is busy"');
    expect(r.events).toHaveLength(0);
    expect(await outcome(d.send(batch(d, events(3)), never()))).toBe('delivered');
  });

  it('an event the HEC parser refuses (code 13, invalid-event-number) is refused alone, the rest resent at once', async () => {
    const cef = encoderFor('cef');
    // A blank record: the envelope's `event` is "", which HEC refuses with code 13.
    const { r, d } = await setup({}, { eventId: cefEventId }, { format: 'cef', encode: (e) => (e.event_id === 'evt_t_2' ? '' : cef(e)) });
    const list = events(5);
    const e = (await outcome(d.send(batch(d, list), never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(e.indices).toEqual([]);
    expect(e.rejected).toHaveLength(1);
    expect(e.rejected[0]).toMatchObject({ index: 2, status: 400 });
    expect(e.rejected[0]?.reason).toContain('HEC code 13 "Event field cannot be blank"');
    expect(r.requests.map((q) => q.answer && 'status' in q.answer && q.answer.status)).toEqual([400, 200]);
    expect(r.eventIds()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_3', 'evt_t_4']);
  });

  it('codes 6, 12 and 15 with invalid-event-number refuse that event; several in turn are all found', async () => {
    const { r, d } = await setup();
    r.fault({ code: 6, invalidEventNumber: 1 }, { code: 15, invalidEventNumber: 3 }, { code: 12, invalidEventNumber: 0 });
    const e = (await outcome(d.send(batch(d, events(6)), never()))) as RetryItems;
    // 1 of [0..5]; then 3 of [0,2,3,4,5] = 4; then 0 of [0,2,3,5] = 0.
    expect(e.rejected.map((x) => x.index).sort()).toEqual([0, 1, 4]);
    expect(e.indices).toEqual([]);
    expect(r.eventIds()).toEqual(['evt_t_2', 'evt_t_3', 'evt_t_5']);
  });

  it('token errors (codes 1, 2, 3, 4) are permanent, with the code and never the token', async () => {
    const { r, d } = await setup({ token: 'ffffffff-0000-4000-8000-000000000000' }, { disabledTokens: ['ffffffff-0000-4000-8000-000000000000'] });
    const disabled = (await outcome(d.send(batch(d, events(2)), never()))) as PermanentError;
    expect(disabled).toBeInstanceOf(PermanentError);
    expect(disabled.status).toBe(403);
    expect(disabled.message).toBe('splunk: HTTP 403 Forbidden: HEC code 1 "Token disabled": the HEC refused the token (check `token`)');
    const wrong = createSplunkHecDestination({ endpoint: r.url, token: '0badc0de-0000-4000-8000-000000000000' }, contextFor('splunk'));
    open.push(wrong);
    const invalid = (await outcome(wrong.send(batch(wrong, events(1)), never()))) as PermanentError;
    expect(invalid.message).toContain('HEC code 4 "Invalid token"');
    expect(invalid.message).not.toContain('0badc0de');
    const good = createSplunkHecDestination({ endpoint: r.url, token: hec.DEFAULT_TOKEN }, contextFor('splunk'));
    open.push(good);
    r.fault({ code: 2 }, { code: 3 });
    for (const code of [2, 3]) {
      const e = (await outcome(good.send(batch(good, events(1)), never()))) as PermanentError;
      expect(e).toBeInstanceOf(PermanentError);
      expect(e.status).toBe(401);
      expect(e.message).toContain(`HEC code ${code}`);
    }
    expect(r.events).toHaveLength(0);
  });

  it('other 400s are permanent for the batch: an index the token may not use (7), a missing channel (10)', async () => {
    const a = await setup({ index: 'other' }, { indexes: ['main'] });
    const e7 = (await outcome(a.d.send(batch(a.d, events(3)), never()))) as PermanentError;
    expect(e7).toBeInstanceOf(PermanentError);
    expect(e7.message).toContain('HEC code 7 "Incorrect index"');
    // The receiver's token has acknowledgement on; a sender without it sends no channel.
    const b = await setup({}, { ack: true });
    const e10 = (await outcome(b.d.send(batch(b.d, events(3)), never()))) as PermanentError;
    expect(e10).toBeInstanceOf(PermanentError);
    expect(e10.message).toContain('HEC code 10 "Data channel is missing"');
  });

  it('code 8 and a proxy 502 are retried; a 503 or 429 without a HEC body throttles; a dropped connection is retried', async () => {
    const { r, d } = await setup({}, {}, { timeoutMs: 1_000 });
    r.fault({ code: 8 }, { status: 502, body: '<html>Bad Gateway</html>' }, { status: 429, headers: { 'retry-after': '2' } }, { status: 503, body: 'upstream down' }, { drop: 'after_body' });
    const e8 = (await outcome(d.send(batch(d, events(1)), never()))) as TransportError;
    expect(e8).toBeInstanceOf(TransportError);
    expect(e8.status).toBe(500);
    expect(((await outcome(d.send(batch(d, events(1)), never()))) as TransportError).status).toBe(502);
    expect(((await outcome(d.send(batch(d, events(1)), never()))) as ThrottleError).retryAfterMs).toBe(2_000);
    expect(await outcome(d.send(batch(d, events(1)), never()))).toBeInstanceOf(ThrottleError);
    expect(await outcome(d.send(batch(d, events(1)), never()))).toBeInstanceOf(TransportError);
    expect(r.events).toHaveLength(0);
  });

  it('413 (over max_content_length) splits the batch, and refuses a single event that is too large alone', async () => {
    const list = events(6);
    (list[4] as { message?: string }).message = 'x'.repeat(6_000);
    const probe = await setup();
    const sizes = batch(probe.d, list).records.map((x) => Buffer.byteLength(x));
    // Two ordinary envelopes fit, the large one never does.
    const limit = Math.max(...sizes.filter((_, i) => i !== 4)) * 2 + 10;
    expect(sizes[4]).toBeGreaterThan(limit);
    const { r, d } = await setup({}, { maxContentLength: limit });
    const e = (await outcome(d.send(batch(d, list), never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(e.indices).toEqual([]);
    expect(e.rejected.map((x) => [x.index, x.status])).toEqual([[4, 413]]);
    expect(r.eventIds().sort()).toEqual(ids(list).filter((id) => id !== 'evt_t_4').sort());
    expect(r.requests.filter((q) => q.rawBody.length > limit).every((q) => q.answer && 'status' in q.answer && q.answer.status === 413)).toBe(true);
  });

  it('a retryable failure after a refused event asks again for the untried ones, with the throttle’s Retry-After', async () => {
    const { r, d } = await setup();
    r.fault({ code: 6, invalidEventNumber: 0 }, { code: 9, headers: { 'retry-after': '3' } });
    const e = (await outcome(d.send(batch(d, events(4)), never()))) as RetryItems;
    expect(e.rejected.map((x) => x.index)).toEqual([0]);
    expect(e.indices).toEqual([1, 2, 3]);
    expect(e.retryAfterMs).toBe(3_000);
    expect(e.status).toBe(503);
    expect(r.events).toHaveLength(0);
  });

  it('a connection dropped after Splunk took the events is retried: duplicates, same event_id', async () => {
    const { r, d } = await setup();
    r.fault({ drop: 'after_indexing' });
    const list = events(3);
    expect(await outcome(d.send(batch(d, list), never()))).toBeInstanceOf(TransportError);
    expect(await outcome(d.send(batch(d, list), never()))).toBe('delivered');
    expect(r.eventIds()).toEqual([...ids(list), ...ids(list)]);
  });
});

describe('splunk_hec indexer acknowledgement', () => {
  const ack = (extra: Partial<NonNullable<SplunkHecSettings['ack']>> = {}): Settings => ({ ack: { enabled: true, timeout_ms: 1_500, poll_interval_ms: 20, ...extra } });

  it('sends the instance’s channel, reads ackId, and resolves once /services/collector/ack says indexed', async () => {
    const { r, d } = await setup(ack(), { ack: true });
    await d.send(batch(d, events(3)), never());
    await d.send(batch(d, events(2, 'b')), never());
    const posts = r.requests.filter((q) => q.path.startsWith('/services/collector/event'));
    const queries = r.requests.filter((q) => q.path.startsWith('/services/collector/ack'));
    const channel = posts[0]?.headers['x-splunk-request-channel'] as string;
    expect(channel).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts.map((q) => q.headers['x-splunk-request-channel'])).toEqual([channel, channel]);
    expect(posts.map((q) => q.answer && 'body' in q.answer && q.answer.body)).toEqual([
      { text: 'Success', code: 0, ackId: 0 },
      { text: 'Success', code: 0, ackId: 1 },
    ]);
    expect(queries.length).toBeGreaterThanOrEqual(2);
    expect(queries[0]?.path).toBe(`/services/collector/ack?channel=${channel}`);
    expect(queries[0]?.headers.authorization).toBe(`Splunk ${r.token}`);
    expect(JSON.parse(queries[0]?.text ?? '')).toEqual({ acks: [0] });
    expect(queries.map((q) => q.answer && 'body' in q.answer && q.answer.body)).toContainEqual({ acks: { '1': true } });
    // Another instance has its own channel.
    const other = createSplunkHecDestination({ endpoint: r.url, token: r.token, ...ack() }, contextFor('splunk2', { timeoutMs: 5_000 }));
    open.push(other);
    await other.send(batch(other, events(1, 'c')), never());
    expect(r.requests.at(-2)?.headers['x-splunk-request-channel']).not.toBe(channel);
  });

  it('an ack that never comes resends the batch after ack.timeout_ms; the resend carries the same event_ids', async () => {
    const { r, d } = await setup(ack({ timeout_ms: 300, poll_interval_ms: 25 }), { ack: true });
    r.neverAck();
    const list = events(3);
    const e = (await outcome(d.send(batch(d, list), never()))) as TransportError;
    expect(e).toBeInstanceOf(TransportError);
    expect(e.status).toBe('ack_timeout');
    expect(e.message).toContain('no indexer acknowledgement within 300 ms for ackId 0');
    expect(r.ackQueries()).toBeGreaterThanOrEqual(2);
    r.neverAck(false);
    await d.send(batch(d, list), never());
    // At-least-once: Splunk had the first copy too.
    expect(r.eventIds()).toEqual([...ids(list), ...ids(list)]);
  });

  it('waits for the ack of every part of a split batch, and resends only the parts not acknowledged', async () => {
    const list = events(4);
    const probe = await setup();
    const size = Math.max(...batch(probe.d, list).records.map((x) => Buffer.byteLength(x)));
    const { r, d } = await setup(ack({ timeout_ms: 300 }), { ack: true, maxContentLength: size * 2 + 10 });
    // Two parts of two records: ack ids 0 (records 0, 1) and 1 (records 2, 3); the second is lost.
    r.neverAck([1]);
    const e = (await outcome(d.send(batch(d, list), never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(e.indices).toEqual([2, 3]);
    expect(e.rejected).toEqual([]);
    expect(e.status).toBe('ack_timeout');
    expect(r.eventIds()).toEqual(ids(list));
    const answered = r.requests.filter((q) => q.answer && 'body' in q.answer && typeof q.answer.body === 'object' && q.answer.body !== null && 'ackId' in q.answer.body);
    expect(answered).toHaveLength(2);
    // Without a lost ack the same batch is delivered once both parts are acknowledged.
    r.neverAck(false);
    await d.send(batch(d, list), never());
  });

  it('a token without acknowledgement (no ackId) is delivered on the 200, without queries', async () => {
    const { r, d } = await setup(ack(), { ack: false });
    await d.send(batch(d, events(2)), never());
    expect(r.requests).toHaveLength(1);
    expect(r.eventIds()).toHaveLength(2);
  });

  it('requires ack.timeout_ms below timeout_ms, which bounds the whole send', () => {
    expect(() => createSplunkHecDestination({ endpoint: 'https://splunk.example.com:8088', token: 't', ack: { enabled: true, timeout_ms: 30_000 } }, contextFor('splunk', { timeoutMs: 30_000 }))).toThrow(DestinationConfigError);
    expect(() => createSplunkHecDestination({ endpoint: 'https://splunk.example.com:8088', token: 't', ack: { enabled: true } }, contextFor('splunk', { timeoutMs: 30_000 }))).not.toThrow();
  });
});

describe('splunk_hec limits and settings', () => {
  it('declares HEC’s limits: 1,000,000 bytes as sent (compressed with gzip), no envelope or separator on /event', async () => {
    const plain = (await setup()).d;
    expect(plain.limits).toEqual({ maxEvents: 1_000, maxBytes: 1_000_000, measuredOn: 'encoded', envelopeBytes: 0, separatorBytes: 0 });
    const zipped = (await setup({ gzip: true, max_bytes: 838_860_800, max_events: 5_000 })).d;
    expect(zipped.limits).toMatchObject({ maxEvents: 5_000, maxBytes: 838_860_800, measuredOn: 'compressed' });
    expect(Value.Check(SplunkHecSettingsSchema, { endpoint: 'https://s:8088', token: 't', max_bytes: 838_860_801 })).toBe(false);
  });

  it('the body is exactly the records the batcher counted: no byte beyond their sum', async () => {
    const { r, d } = await setup();
    const b = batch(d, events(7));
    await d.send(b, never());
    expect(r.requests[0]?.body.length).toBe(b.records.reduce((n, x) => n + Buffer.byteLength(x), 0));
  });

  it('fills the defaults and refuses unknown keys and bad values', () => {
    expect(Value.Default(SplunkHecSettingsSchema, { endpoint: 'https://s.example:8088', token: 't' })).toEqual({ endpoint: 'https://s.example:8088', token: 't', endpoint_target: 'event', fields: {}, indexed_fields: [], ack: { enabled: false, timeout_ms: 20_000, poll_interval_ms: 1_000 }, gzip: false, max_events: 1_000, max_bytes: 1_000_000 });
    for (const bad of [{ endpoint: 'ftp://s', token: 't' }, { endpoint: 'https://s', token: 't', indx: 'x' }, { endpoint: 'https://s', token: 't', endpoint_target: 'json' }, { endpoint: 'https://s', token: 't', ack: { enabled: true, wait: 1 } }, { endpoint: 'https://s', token: 't', fields: { 'bad name': 'v' } }, { endpoint: 'https://s', token: 't', indexed_fields: ['payload'] }, { endpoint: 'https://s', token: 't', host: 'a\r\nb' }, { endpoint: 'https://s' }]) {
      expect(Value.Check(SplunkHecSettingsSchema, bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('refuses an endpoint with the collector path, credentials or a query, and reserved field names', () => {
    const make = (s: Partial<SplunkHecSettings>) => () => createSplunkHecDestination({ endpoint: 'https://splunk.example.com:8088', token: 't', ...s }, contextFor('splunk'));
    expect(make({ endpoint: 'https://splunk.example.com:8088/services/collector/event' })).toThrow(/give the HEC base URL/);
    expect(make({ endpoint: 'https://x:secret-pw@splunk.example.com:8088' })).toThrow(new DestinationConfigError('splunk', 'endpoint', 'credentials in the URL are not sent: give the HEC token in `token`'));
    expect(make({ endpoint: 'https://splunk.example.com:8088/?token=abc' })).toThrow(new DestinationConfigError('splunk', 'endpoint', 'give the URL without a query or fragment'));
    expect(make({ fields: { sourcetype: 'x' } })).toThrow(new DestinationConfigError('splunk', 'fields.sourcetype', 'HEC reads this envelope key itself: choose another field name'));
    expect(make({ fields: { tenant_id: 'x' }, indexed_fields: ['tenant_id'] })).toThrow(/give it in one place/);
  });

  it('previews the request send would make, token hidden, without sending it', async () => {
    const { r, d } = await setup({ endpoint_target: 'raw', gzip: true, index: 'sec' });
    const b = batch(d, events(3));
    const [p, ...rest] = await d.preview(b);
    expect(rest).toEqual([]);
    if (p?.kind !== 'http') throw new Error('an HTTP preview');
    expect(p.method).toBe('POST');
    expect(p.url).toMatch(new RegExp(`^${r.url}/services/collector/raw\\?channel=[0-9a-f-]{36}&sourcetype=siemkit%3Aocsf&index=sec$`));
    expect(p.headers).toMatchObject({ authorization: '***', 'content-encoding': 'gzip', 'content-type': 'text/plain; charset=utf-8' });
    expect(JSON.stringify(p)).not.toContain(r.token);
    expect(p.gzip).toBe(true);
    expect(p.body.toString('utf8')).toBe(b.records.join('\n'));
    expect(r.requests).toHaveLength(0);
  });

  it('honours the abort signal, also while waiting for an acknowledgement', async () => {
    const { r, d } = await setup({ ack: { enabled: true, timeout_ms: 4_000, poll_interval_ms: 20 } }, { ack: true });
    r.neverAck();
    const ac = new AbortController();
    const reason = new Error('shutdown');
    setTimeout(() => ac.abort(reason), 100);
    expect(await outcome(d.send(batch(d, events(1)), ac.signal))).toBe(reason);
  });
});
