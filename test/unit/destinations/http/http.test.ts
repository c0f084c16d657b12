/**
 * The `http` destination against the real loopback receiver: each body mode, each kind of
 * authentication, Standard Webhooks signatures checked independently with node:crypto, custom
 * headers, gzip, the limits it declares, and what each kind of answer becomes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import type { Batch, Destination } from '../../../../src/destinations/destination.js';
import { PermanentError, RetryItems, ThrottleError } from '../../../../src/destinations/errors.js';
import type { HttpSettings } from '../../../../src/destinations/http/config.js';
import { HttpSettingsSchema } from '../../../../src/destinations/http/config.js';
import { createHttpDestination } from '../../../../src/destinations/http/destination.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import type { HttpReceiver, ReceivedRequest } from '../../../helpers/http-receiver.js';
import { startHttpReceiver } from '../../../helpers/http-receiver.js';
import { packedRecordBytes } from '../../../helpers/record-bytes.js';
import { batchOf, contextFor, events, never } from '../fixtures.js';

const open: Array<HttpReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup(settings: Omit<HttpSettings, 'url'> & { path?: string } = {}, receiverOptions: Parameters<typeof startHttpReceiver>[0] = {}): Promise<{ r: HttpReceiver; d: Destination }> {
  const r = await startHttpReceiver(receiverOptions);
  open.push(r);
  const { path = '/hook', ...rest } = settings;
  const d = createHttpDestination({ url: r.url(path), ...rest }, contextFor('hook', { timeoutMs: 5_000 }));
  open.push(d);
  return { r, d };
}

async function outcome(p: Promise<void>): Promise<unknown> {
  return p.then(
    () => 'delivered',
    (e: unknown) => e,
  );
}

const only = (r: HttpReceiver): ReceivedRequest => {
  expect(r.requests).toHaveLength(1);
  return r.requests[0] as ReceivedRequest;
};

describe('http destination bodies', () => {
  it('json_array (the default): one JSON array per batch, records in the destination format', async () => {
    const { r, d } = await setup({}, { body: 'json_array' });
    const list = events(3);
    await d.send(batchOf(list), never());
    const req = only(r);
    expect(req).toMatchObject({ method: 'POST', path: '/hook' });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.text.startsWith('[{') && req.text.endsWith('}]')).toBe(true);
    expect(r.eventIds()).toEqual(list.map((e) => e.event_id));
    expect((r.records[0] as { metadata: { product: { vendor_name: string } } }).metadata.product.vendor_name).toBe('Acme');
    expect(d.limits).toMatchObject({ maxEvents: 1_000, maxBytes: 1_000_000, envelopeBytes: 2, separatorBytes: 1, measuredOn: 'encoded' });
  });

  it('ndjson: one record per line, every line ending in \\n', async () => {
    const { r, d } = await setup({ body: 'ndjson' }, { body: 'ndjson' });
    const batch = batchOf(events(3));
    await d.send(batch, never());
    const req = only(r);
    expect(req.headers['content-type']).toBe('application/x-ndjson');
    expect(req.text).toBe(`${batch.records.join('\n')}\n`);
    expect(r.eventIds()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_2']);
    expect(d.limits).toMatchObject({ envelopeBytes: 0, separatorBytes: 1 });
  });

  it('single: one record per request, and a limit of one event', async () => {
    const { r, d } = await setup({ body: 'single', max_events: 50 }, { body: 'single' });
    expect(d.limits).toMatchObject({ maxEvents: 1, envelopeBytes: 0, separatorBytes: 0 });
    const batch = batchOf(events(1));
    await d.send(batch, never());
    expect(only(r).text).toBe(batch.records[0]);
    // Given more than one (the batcher would not), it still sends them one by one.
    await d.send(batchOf(events(3, 'm')), never());
    expect(r.requests).toHaveLength(4);
    expect(r.eventIds()).toEqual(['evt_t_0', 'evt_m_0', 'evt_m_1', 'evt_m_2']);
  });

  it('declares the configured limits', async () => {
    const { d } = await setup({ max_events: 7, max_bytes: 4_096 });
    expect(d.limits).toMatchObject({ maxEvents: 7, maxBytes: 4_096 });
  });

  it('gzip: Content-Encoding gzip, the same records once decoded', async () => {
    const { r, d } = await setup({ gzip: true });
    await d.send(batchOf(events(20)), never());
    const req = only(r);
    expect(req.headers['content-encoding']).toBe('gzip');
    expect([...req.rawBody.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(req.rawBody.length).toBeLessThan(req.body.length);
    expect(r.eventIds()).toHaveLength(20);
  });
});

describe('http destination with canonical records given as the queue’s bytes', () => {
  /** A canonical batch as the runtime hands it: the records' bytes as ranges of one shared buffer, and no text decoded. */
  function canonicalBatch(list: readonly CanonicalEvent[]): { batch: Batch; decoded: () => boolean } {
    const texts = list.map((e) => JSON.stringify(e));
    const recordBytes = packedRecordBytes(texts);
    let read = false;
    const batch: Batch = {
      get records() {
        read = true;
        return texts;
      },
      events: list,
      recordBytes,
    };
    return { batch, decoded: () => read };
  }

  for (const body of ['json_array', 'ndjson', 'single'] as const) {
    it(`${body}: the same requests as from the records' text, signed alike, without decoding them`, async () => {
      // Golden events include non-ASCII text: the bytes are UTF-8, not one byte per character.
      const list = events(40);
      const settings = { body, signing_secret: 'plain shared secret', gzip: body === 'ndjson' } as const;
      const fromText = await setup(settings);
      await fromText.d.send(batchOf(list, JSON.stringify), never());
      const fromBytes = await setup(settings);
      const { batch, decoded } = canonicalBatch(list);
      await fromBytes.d.send(batch, never());
      expect(decoded()).toBe(false);
      expect(fromBytes.r.requests.map((q) => q.body)).toEqual(fromText.r.requests.map((q) => q.body));
      expect(fromBytes.r.requests.map((q) => q.headers['webhook-id'])).toEqual(fromText.r.requests.map((q) => q.headers['webhook-id']));
      expect(fromBytes.r.requests.every((q) => verifyStandardWebhook(q, 'plain shared secret'))).toBe(true);
      expect(fromBytes.r.eventIds()).toEqual(list.map((e) => e.event_id));
    });
  }

  it('413 splits the bytes as it splits the records', async () => {
    const { r, d } = await setup();
    r.rule((req) => (req.records.length > 3 || req.text.includes('evt_t_6') ? { status: 413 } : undefined));
    const e = (await outcome(d.send(canonicalBatch(events(10)).batch, never()))) as RetryItems;
    expect(e.rejected.map((x) => x.index)).toEqual([6]);
    expect(r.eventIds().sort()).toEqual(events(10).filter((_, i) => i !== 6).map((x) => x.event_id).sort());
  });
});

describe('http destination headers and authentication', () => {
  it('basic: Authorization: Basic base64(user:password) (RFC 7617)', async () => {
    const { r, d } = await setup({ auth: { type: 'basic', username: 'siem', password: 'pä:ss' } });
    await d.send(batchOf(events(1)), never());
    expect(only(r).headers.authorization).toBe(`Basic ${Buffer.from('siem:pä:ss').toString('base64')}`);
  });

  it('bearer: Authorization: Bearer <token>', async () => {
    const { r, d } = await setup({ auth: { type: 'bearer', token: 'tok-123' } });
    await d.send(batchOf(events(1)), never());
    expect(only(r).headers.authorization).toBe('Bearer tok-123');
  });

  it('header: a header of the receiver’s choosing', async () => {
    const { r, d } = await setup({ auth: { type: 'header', name: 'X-Api-Key', value: 'k-456' } });
    await d.send(batchOf(events(1)), never());
    expect(only(r).headers['x-api-key']).toBe('k-456');
    expect(only(r).headers.authorization).toBeUndefined();
  });

  it('sends custom headers, which may set the content type', async () => {
    const { r, d } = await setup({ headers: { 'X-Tenant': 'acme', 'Content-Type': 'application/vnd.acme+json' } });
    await d.send(batchOf(events(1)), never());
    expect(only(r).headers['x-tenant']).toBe('acme');
    expect(only(r).headers['content-type']).toBe('application/vnd.acme+json');
    expect(only(r).headers['user-agent']).toBe('siemkit');
  });

  it('refuses headers the transport sets, headers given twice, and auth given twice', () => {
    const make = (s: Omit<HttpSettings, 'url'>) => () => createHttpDestination({ url: 'https://siem.example.com/in', ...s }, contextFor('hook'));
    expect(make({ headers: { 'Content-Length': '1' } })).toThrow(new DestinationConfigError('hook', 'headers.Content-Length', 'this header is set by the transport'));
    expect(make({ headers: { 'Webhook-Signature': 'x' } })).toThrow(DestinationConfigError);
    expect(make({ headers: { 'X-A': '1', 'x-a': '2' } })).toThrow('given twice');
    expect(make({ headers: { Authorization: 'Basic x' }, auth: { type: 'bearer', token: 't' } })).toThrow('also set by `auth`');
    expect(make({ auth: { type: 'header', name: 'Host', value: 'v' } })).toThrow(DestinationConfigError);
  });

  it('refuses credentials in the URL without repeating them', () => {
    expect(() => createHttpDestination({ url: 'https://user:hunter2@siem.example.com/in' }, contextFor('hook'))).toThrow(new DestinationConfigError('hook', 'url', 'credentials in the URL are not sent: give them in `auth`'));
  });
});

/** Standard Webhooks verification, written from the spec alone (not from signature.ts). */
function verifyStandardWebhook(req: ReceivedRequest, secret: string): boolean {
  const id = String(req.headers['webhook-id']);
  const ts = String(req.headers['webhook-timestamp']);
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret);
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${req.body.toString('utf8')}`).digest();
  return String(req.headers['webhook-signature'])
    .split(' ')
    .some((sig) => {
      const [version, b64] = sig.split(',');
      const given = Buffer.from(b64 ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('http destination signatures (Standard Webhooks)', () => {
  const whsec = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

  it('signs id.timestamp.body with the whsec_ key, in headers a verifier accepts', async () => {
    const { r, d } = await setup({ signing_secret: whsec });
    await d.send(batchOf(events(2)), never());
    const req = only(r);
    expect(verifyStandardWebhook(req, whsec)).toBe(true);
    expect(verifyStandardWebhook(req, 'whsec_' + Buffer.from('another key of 32 bytes.........').toString('base64'))).toBe(false);
    expect(String(req.headers['webhook-id'])).toMatch(/^msg_[A-Za-z0-9_-]+$/);
    expect(String(req.headers['webhook-timestamp'])).toMatch(/^\d{10}$/);
    expect(String(req.headers['webhook-signature'])).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('takes a raw secret as its UTF-8 bytes', async () => {
    const { r, d } = await setup({ signing_secret: 'plain shared secret' });
    await d.send(batchOf(events(1)), never());
    expect(verifyStandardWebhook(only(r), 'plain shared secret')).toBe(true);
  });

  it('signs the body before gzip', async () => {
    const { r, d } = await setup({ signing_secret: whsec, gzip: true });
    await d.send(batchOf(events(5)), never());
    expect(verifyStandardWebhook(only(r), whsec)).toBe(true);
  });

  it('keeps the webhook-id on a retry of the same records, and changes it for other records', async () => {
    const { r, d } = await setup({ signing_secret: whsec });
    r.script({ status: 503 });
    const batch = batchOf(events(3));
    expect(await outcome(d.send(batch, never()))).toBeInstanceOf(ThrottleError);
    await d.send(batch, never());
    await d.send(batchOf(events(3, 'other')), never());
    const ids = r.requests.map((q) => q.headers['webhook-id']);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(r.requests.every((q) => verifyStandardWebhook(q, whsec))).toBe(true);
  });
});

describe('http destination answers', () => {
  it('any 2xx is delivered', async () => {
    const { r, d } = await setup();
    r.script({ status: 202 }, { status: 204, body: '' });
    expect(await outcome(d.send(batchOf(events(1)), never()))).toBe('delivered');
    expect(await outcome(d.send(batchOf(events(1)), never()))).toBe('delivered');
  });

  it('429 and 503 throttle with Retry-After, in seconds or as an HTTP-date', async () => {
    const { r, d } = await setup();
    const in90s = new Date(Date.now() + 90_000).toUTCString();
    r.script({ status: 429, headers: { 'retry-after': '7' } }, { status: 503, headers: { 'retry-after': in90s } });
    const a = (await outcome(d.send(batchOf(events(1)), never()))) as ThrottleError;
    expect(a).toBeInstanceOf(ThrottleError);
    expect(a.retryAfterMs).toBe(7_000);
    const b = (await outcome(d.send(batchOf(events(1)), never()))) as ThrottleError;
    expect(b.retryAfterMs).toBeGreaterThan(80_000);
    expect(b.retryAfterMs).toBeLessThanOrEqual(90_000);
    expect(r.records).toHaveLength(0);
  });

  it('400 is permanent, and the message quotes the answer', async () => {
    const { r, d } = await setup();
    r.script({ status: 400, body: { error: 'schema mismatch' } });
    const e = (await outcome(d.send(batchOf(events(2)), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe(400);
    expect(e.message).toBe('hook: HTTP 400 Bad Request: "{\\"error\\":\\"schema mismatch\\"}"');
  });

  it('500, a slow answer past the deadline and a dropped connection are retried', async () => {
    const r = await startHttpReceiver();
    open.push(r);
    const d = createHttpDestination({ url: r.url('/') }, contextFor('hook', { timeoutMs: 200 }));
    open.push(d);
    r.script({ status: 500 }, { status: 200, delayMs: 2_000 }, { drop: 'after_body' });
    for (const status of [500, 'timeout', undefined]) {
      const e = await outcome(d.send(batchOf(events(1)), never()));
      expect(e).toBeInstanceOf(TransportError);
      if (status !== undefined) expect((e as TransportError).status).toBe(status);
    }
  });

  it('413 splits the batch until the receiver takes it, and refuses a single record it never takes', async () => {
    const { r, d } = await setup();
    r.rule((req) => (req.records.length > 3 || req.text.includes('evt_t_6') ? { status: 413 } : undefined));
    const e = (await outcome(d.send(batchOf(events(10)), never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(e.indices).toEqual([]);
    expect(e.rejected.map((x) => x.index)).toEqual([6]);
    expect(e.rejected[0]?.status).toBe(413);
    expect(r.eventIds().sort()).toEqual(events(10).filter((_, i) => i !== 6).map((x) => x.event_id).sort());
  });

  it('a partial success with a retryable part asks for those records again', async () => {
    const { r, d } = await setup({ body: 'single' });
    r.script({ status: 200 }, { status: 503, headers: { 'retry-after': '2' } });
    const e = (await outcome(d.send(batchOf(events(4)), never()))) as RetryItems;
    expect(e.indices).toEqual([1, 2, 3]);
    expect(e.retryAfterMs).toBe(2_000);
    expect(r.eventIds()).toEqual(['evt_t_0']);
  });

  it('honours the abort signal', async () => {
    const { r, d } = await setup();
    r.script({ status: 200, delayMs: 2_000 });
    const ac = new AbortController();
    const reason = new Error('deadline');
    setTimeout(() => ac.abort(reason), 50);
    expect(await outcome(d.send(batchOf(events(1)), ac.signal))).toBe(reason);
  });
});

describe('http settings schema', () => {
  it('fills the defaults and refuses unknown keys and bad values', () => {
    expect(Value.Default(HttpSettingsSchema, { url: 'https://x.example/in' })).toEqual({ url: 'https://x.example/in', headers: {}, body: 'json_array', gzip: false, max_events: 1_000, max_bytes: 1_000_000 });
    expect(Value.Check(HttpSettingsSchema, { url: 'https://x.example/in', auth: { type: 'basic', username: 'u', password: 'p' }, body: 'ndjson', signing_secret: 's' })).toBe(true);
    for (const bad of [{ url: 'ftp://x' }, { url: 'https://x', endpont: 'y' }, { url: 'https://x', body: 'xml' }, { url: 'https://x', headers: { 'bad name': 'v' } }, { url: 'https://x', headers: { a: 'v\r\nx: y' } }, { url: 'https://x', auth: { type: 'basic', username: 'a:b', password: 'p' } }, { url: 'https://x', auth: { type: 'bearer' } }, { url: 'https://x', max_bytes: 0 }]) {
      expect(Value.Check(HttpSettingsSchema, bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
