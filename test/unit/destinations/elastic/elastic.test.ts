/**
 * The `elastic` destination against the loopback Elasticsearch receiver
 * (test/helpers/receivers/elastic.ts), whose strict bulk parser checks what we send: NDJSON
 * framing, `create` with `_id` = `event_id`, authentication, gzip, data streams; and every way an
 * answer is classified: per item (409 delivered, 429/5xx retried alone, other 4xx refused with the
 * cluster's reason), per request (401, 413 split, 429/503 throttle, 5xx retry, a broken answer).
 */
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import type { Destination } from '../../../../src/destinations/destination.js';
import type { ElasticSettings } from '../../../../src/destinations/elastic/config.js';
import { ElasticSettingsSchema } from '../../../../src/destinations/elastic/config.js';
import { createElasticDestination } from '../../../../src/destinations/elastic/destination.js';
import { PermanentError, RetryItems, ThrottleError } from '../../../../src/destinations/errors.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import type { ElasticReceiver, ElasticReceiverOptions } from '../../../helpers/receivers/elastic.js';
import { startElasticReceiver } from '../../../helpers/receivers/elastic.js';
import type { VendorRequest } from '../../../helpers/receivers/vendor-server.js';
import { PASS } from '../../../helpers/receivers/vendor-server.js';
import { contextFor, events, never } from '../fixtures.js';

const API_KEY = Buffer.from('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw').toString('base64');
const PASSWORD = 'changeme-Pw-9f8e7d6c';

const open: Array<ElasticReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

type Settings = Omit<ElasticSettings, 'endpoint'> & { path?: string };

async function setup(settings: Settings = { index: 'siem-audit', api_key: API_KEY }, receiver: ElasticReceiverOptions = { apiKey: API_KEY }, format = 'ecs'): Promise<{ es: ElasticReceiver; d: Destination }> {
  const es = await startElasticReceiver(receiver);
  open.push(es);
  const { path = '', ...rest } = settings;
  const d = createElasticDestination({ endpoint: `${es.url}${path}`, ...rest }, contextFor('es', { format, timeoutMs: 5_000 }));
  open.push(d);
  return { es, d };
}

const outcome = (p: Promise<void>): Promise<unknown> =>
  p.then(
    () => 'delivered',
    (e: unknown) => e,
  );

function batchFor(d: Destination, n: number, tag = 't') {
  const list = events(n, tag);
  return { records: list.map((e) => d.encode(e)), events: list };
}

const lines = (req: VendorRequest): string[] => (req.body?.toString('utf8') ?? '').split('\n');

describe('elastic bulk requests', () => {
  it('POSTs NDJSON create actions with _id = event_id, every line ending in \\n, accepted by the bulk parser', async () => {
    const { es, d } = await setup();
    const batch = batchFor(d, 3);
    expect(await outcome(d.send(batch, never()))).toBe('delivered');
    expect(es.requests).toHaveLength(1);
    const req = es.requests[0] as VendorRequest;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/_bulk');
    expect(req.query.get('filter_path')).toBe('errors,items.*.status,items.*.error.type,items.*.error.reason');
    expect(req.headers['content-type']).toBe('application/x-ndjson');
    expect(req.headers.authorization).toBe(`ApiKey ${API_KEY}`);
    const text = req.body?.toString('utf8') ?? '';
    expect(text.endsWith('}\n')).toBe(true);
    expect(lines(req)).toHaveLength(7);
    expect(JSON.parse(lines(req)[0] as string)).toEqual({ create: { _index: 'siem-audit', _id: 'evt_t_0' } });
    expect(es.eventIds()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_2']);
    expect(es.documents().every((doc) => doc.index === 'siem-audit' && typeof doc.source['@timestamp'] === 'string')).toBe(true);
    // The answer came back filtered: only what classification reads.
    expect(Object.keys(JSON.parse(JSON.stringify((es.requests[0]?.answer as { body: unknown }).body)) as object).sort()).toEqual(['errors', 'items']);
  });

  it('declares the limits: 100mb (http.max_content_length) or max_bytes, one item a record, \\n after each', async () => {
    const { d } = await setup();
    expect(d.limits).toEqual({ maxEvents: 10_000, maxBytes: 104_857_600, measuredOn: 'encoded', envelopeBytes: 0, separatorBytes: 1 });
    const { d: small } = await setup({ index: 'x', max_bytes: 10_485_760 });
    expect(small.limits.maxBytes).toBe(10_485_760);
  });

  it('counts the action line in the record, so the batcher measures the exact body', async () => {
    const { es, d } = await setup();
    const batch = batchFor(d, 4);
    await d.send(batch, never());
    const counted = batch.records.reduce((n, r) => n + Buffer.byteLength(r) + d.limits.separatorBytes, d.limits.envelopeBytes);
    expect(es.requests[0]?.body?.length).toBe(counted);
  });

  it('an id:key api_key is sent base64-encoded; username/password as Basic', async () => {
    const { es, d } = await setup({ index: 'siem', api_key: 'VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw' });
    await d.send(batchFor(d, 1), never());
    expect(es.requests[0]?.headers.authorization).toBe(`ApiKey ${API_KEY}`);
    const basic = await setup({ index: 'siem', username: 'elastic', password: PASSWORD }, { basic: { username: 'elastic', password: PASSWORD } });
    expect(await outcome(basic.d.send(batchFor(basic.d, 2), never()))).toBe('delivered');
    expect(basic.es.eventIds()).toHaveLength(2);
  });

  it('gzip: Content-Encoding gzip, decoded by the receiver into the same documents', async () => {
    const { es, d } = await setup({ index: 'siem', api_key: API_KEY, gzip: true });
    await d.send(batchFor(d, 20), never());
    const req = es.requests[0] as VendorRequest;
    expect(req.headers['content-encoding']).toBe('gzip');
    expect([...req.rawBody.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(req.rawBody.length).toBeLessThan(req.body?.length ?? 0);
    expect(es.eventIds()).toHaveLength(20);
  });

  it('keeps a path prefix of the endpoint (a proxy)', async () => {
    const es = await startElasticReceiver();
    open.push(es);
    const d = createElasticDestination({ endpoint: `${es.url}/proxy/es/`, index: 'siem' }, contextFor('es', { format: 'ecs' }));
    open.push(d);
    // The receiver serves no prefix: the 400 "no handler" proves the path that was asked for.
    const e = (await outcome(d.send(batchFor(d, 1), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(es.requests[0]?.path).toBe('/proxy/es/_bulk');
    expect(e.message).toContain('no handler found for uri [/proxy/es/_bulk]');
  });

  it('data_stream: create only, and @timestamp added first to records that have none (OCSF)', async () => {
    const { es, d } = await setup({ data_stream: 'logs-siemkit-default' }, {}, 'ocsf');
    const list = events(3);
    await d.send({ records: list.map((e) => d.encode(e)), events: list }, never());
    expect(es.eventIds()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_2']);
    const doc = es.documents()[0]?.source as Record<string, unknown>;
    expect(Object.keys(doc)[0]).toBe('@timestamp');
    expect(doc['@timestamp']).toBe(list[0]?.timestamp);
    expect((doc.metadata as { uid: string }).uid).toBe('evt_t_0');
  });

  it('data_stream: an ECS record keeps its own @timestamp, once', async () => {
    const { es, d } = await setup({ data_stream: 'logs-siemkit-default' }, {});
    await d.send(batchFor(d, 2), never());
    const source = lines(es.requests[0] as VendorRequest)[1] as string;
    expect(source.match(/"@timestamp"/g)).toHaveLength(1);
    expect(es.eventIds()).toHaveLength(2);
  });

  it('the receiver refuses what Elasticsearch refuses (so its acceptance above means something)', async () => {
    const es = await startElasticReceiver();
    open.push(es);
    const post = async (body: string, contentType = 'application/x-ndjson'): Promise<{ status: number; json: unknown }> => {
      const res = await fetch(`${es.url}/_bulk`, { method: 'POST', headers: { 'content-type': contentType }, body });
      const text = await res.text();
      return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
    };
    const noNewline = await post('{"create":{"_index":"a","_id":"1"}}\n{"a":1}');
    expect(noNewline).toMatchObject({ status: 400, json: { error: { type: 'illegal_argument_exception', reason: 'The bulk request must be terminated by a newline [\\n]' }, status: 400 } });
    expect((await post('{"create":{"_index":"a"}\n{"a":1}\n')).json).toMatchObject({ error: { type: 'x_content_parse_exception' } });
    expect((await post('{"insert":{"_index":"a"}}\n{"a":1}\n')).json).toMatchObject({ error: { type: 'illegal_argument_exception' } });
    expect((await post('{"create":{"_id":"1"}}\n{"a":1}\n')).json).toMatchObject({ error: { type: 'action_request_validation_exception' } });
    expect((await post('{"create":{"_index":"a"}}\n{"a":1}\n', 'text/plain')).status).toBe(406);
    const ds = await post('{"index":{"_index":"logs-a-b"}}\n{"a":1}\n{"create":{"_index":"logs-a-b"}}\n{"a":1}\n{"create":{"_index":"a"}}\nnot json\n');
    expect(ds.json).toMatchObject({ errors: true, items: [{ index: { status: 400 } }, { create: { status: 400, error: { type: 'mapper_parsing_exception' } } }, { create: { status: 400, error: { type: 'mapper_parsing_exception' } } }] });
  });
});

describe('elastic preview', () => {
  it('shows the bulk request uncompressed, with the credentials hidden, and sends nothing', async () => {
    const { es, d } = await setup({ index: 'siem-audit', api_key: API_KEY, gzip: true });
    const batch = batchFor(d, 2);
    const [p] = await d.preview(batch);
    expect(p).toMatchObject({ kind: 'http', method: 'POST', gzip: true, url: `${es.url}/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason` });
    expect(p?.kind === 'http' && p.headers.authorization).toBe('***');
    expect(p?.kind === 'http' && p.body.toString('utf8')).toBe(`${batch.records.join('\n')}\n`);
    expect(JSON.stringify(p)).not.toContain(API_KEY);
    expect(es.requests).toHaveLength(0);
  });
});

describe('elastic answers', () => {
  it('a resend of delivered documents is answered 409 per item, and counts as delivered', async () => {
    const { es, d } = await setup();
    const batch = batchFor(d, 5);
    await d.send(batch, never());
    expect(await outcome(d.send(batch, never()))).toBe('delivered');
    expect((es.requests[1]?.answer as { body: { errors: boolean; items: { create: { status: number } }[] } }).body).toMatchObject({ errors: true });
    expect((es.requests[1]?.answer as { body: { items: { create: { status: number } }[] } }).body.items.map((i) => i.create.status)).toEqual([409, 409, 409, 409, 409]);
    expect(es.eventIds()).toHaveLength(5);
  });

  it('sorts a partial success: 4xx items refused with the cluster’s reason, 429 and 5xx items retried alone', async () => {
    const { es, d } = await setup();
    es.failItem('evt_t_1', 'mapping');
    es.failItem('evt_t_3', 'rejected', 1);
    es.failItem('evt_t_4', 'unavailable', 1);
    es.failItem('evt_t_5', { status: 404, type: 'index_not_found_exception', reason: 'no such index [siem-audit]' });
    const batch = batchFor(d, 7);
    const e = (await outcome(d.send(batch, never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(e.indices).toEqual([3, 4]);
    expect(e.rejected.map((r) => [r.index, r.status])).toEqual([
      [1, 400],
      [5, 404],
    ]);
    expect(e.rejected[0]?.reason).toMatch(/^es: refused by the cluster: 400 mapper_parsing_exception: "failed to parse field \[severity_id\]/);
    expect(e.rejected[1]?.reason).toContain('index_not_found_exception');
    expect(e.status).toBe(429);
    expect(es.eventIds()).toEqual(['evt_t_0', 'evt_t_2', 'evt_t_6']);
    // The runtime resends the items to retry, alone.
    await d.send({ records: e.indices.map((i) => batch.records[i] as string), events: e.indices.map((i) => batch.events[i] as (typeof batch.events)[number]) }, never());
    expect(es.eventIds()).toEqual(['evt_t_0', 'evt_t_2', 'evt_t_6', 'evt_t_3', 'evt_t_4']);
  });

  it('401 is permanent, quoting the security_exception without the credentials', async () => {
    const { d } = await setup({ index: 'siem', api_key: 'd3Jvbmc6a2V5LW5vdC10aGlzLW9uZQ==' });
    const e = (await outcome(d.send(batchFor(d, 2), never()))) as PermanentError;
    expect(e).toBeInstanceOf(PermanentError);
    expect(e.status).toBe(401);
    expect(e.message).toContain('security_exception');
    expect(e.message).toContain('unable to authenticate');
    expect(e.message).not.toContain('d3Jvbmc6a2V5LW5vdC10aGlzLW9uZQ');
  });

  it('whole-request 429 and 503 throttle with Retry-After, 500 retries, nothing is written', async () => {
    const { es, d } = await setup();
    es.fault(
      { status: 429, headers: { 'retry-after': '3' }, body: { error: { type: 'es_rejected_execution_exception', reason: 'rejected execution' }, status: 429 } },
      { status: 503, body: { error: { type: 'cluster_block_exception', reason: 'blocked' }, status: 503 } },
      { status: 500, body: { error: { type: 'exception', reason: 'boom' }, status: 500 } },
    );
    const a = (await outcome(d.send(batchFor(d, 2), never()))) as ThrottleError;
    expect(a).toBeInstanceOf(ThrottleError);
    expect(a.retryAfterMs).toBe(3_000);
    expect(await outcome(d.send(batchFor(d, 2), never()))).toBeInstanceOf(ThrottleError);
    const c = (await outcome(d.send(batchFor(d, 2), never()))) as TransportError;
    expect(c).toBeInstanceOf(TransportError);
    expect(c.status).toBe(500);
    expect(es.eventIds()).toEqual([]);
  });

  it('413 splits the batch down to what http.max_content_length takes; a document over it alone is refused', async () => {
    const { es, d } = await setup({ index: 'siem', api_key: API_KEY }, { apiKey: API_KEY, maxContentLength: 6_000 });
    const list = events(8);
    const records = list.map((e) => d.encode(e));
    const big = list[5] as (typeof list)[number];
    records[5] = d.encode({ ...big, message: 'x'.repeat(7_000) });
    es.failItem('evt_t_2', 'mapping');
    const e = (await outcome(d.send({ records, events: list }, never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(e.indices).toEqual([]);
    expect(e.rejected.map((r) => [r.index, r.status])).toEqual([
      [2, 400],
      [5, 413],
    ]);
    expect(es.requests.some((r) => r.answer !== undefined && 'status' in r.answer && r.answer.status === 413)).toBe(true);
    expect(es.eventIds().sort()).toEqual(['evt_t_0', 'evt_t_1', 'evt_t_3', 'evt_t_4', 'evt_t_6', 'evt_t_7']);
  });

  it('after a split, the items to retry of one part and a failed later part are merged by batch index', async () => {
    const { es, d } = await setup();
    es.failItem('evt_t_0', 'rejected', 1);
    es.failItem('evt_t_1', 'mapping');
    // The whole batch 413, its first half answered item by item, its second half 503.
    es.fault({ status: 413 }, PASS, { status: 503, body: { error: { type: 'unavailable', reason: 'node left' }, status: 503 } });
    const e = (await outcome(d.send(batchFor(d, 4), never()))) as RetryItems;
    expect(e).toBeInstanceOf(RetryItems);
    expect(es.requests.map((r) => (r.body?.toString('utf8').split('\n').length ?? 1) >> 1)).toEqual([4, 2, 2]);
    expect(e.indices).toEqual([0, 2, 3]);
    expect(e.rejected.map((r) => [r.index, r.status])).toEqual([[1, 400]]);
    expect(e.status).toBe(503);
    expect(es.eventIds()).toEqual([]);
  });

  it('a 2xx that is not a bulk answer is retried (a resend is safe: written documents come back 409)', async () => {
    const { es, d } = await setup();
    es.fault({ status: 200, body: '<html>proxy</html>' }, { status: 200, body: { took: 1 } }, { status: 200, body: { errors: true, items: [] } });
    for (let i = 0; i < 3; i++) {
      const e = (await outcome(d.send(batchFor(d, 2), never()))) as TransportError;
      expect(e).toBeInstanceOf(TransportError);
      expect(e.status).toBe('bad_answer');
    }
  });
});

describe('elastic secrets', () => {
  it('never appear in errors or item reasons, even when the cluster echoes the request', async () => {
    const basicB64 = Buffer.from(`elastic:${PASSWORD}`).toString('base64');
    const messages: string[] = [];
    for (const auth of [{ api_key: API_KEY }, { username: 'elastic', password: PASSWORD }]) {
      const { es, d } = await setup({ index: 'siem', ...auth }, {});
      const echo = `Authorization: ApiKey ${API_KEY} / Basic ${basicB64} / password=${PASSWORD}`;
      es.fault({ status: 400, body: { error: { type: 'x', reason: echo }, status: 400 } }, { status: 500, body: echo }, { status: 200, body: { errors: true, items: [{ create: { status: 400, error: { type: 'y', reason: echo } } }] } });
      for (let i = 0; i < 3; i++) {
        const e = await outcome(d.send(batchFor(d, 1), never()));
        expect(e).toBeInstanceOf(Error);
        messages.push((e as Error).message, ...(e instanceof RetryItems ? e.rejected.map((r) => r.reason) : []));
      }
    }
    expect(messages).toHaveLength(8);
    for (const m of messages) {
      for (const secret of [API_KEY, PASSWORD, basicB64]) expect(m).not.toContain(secret);
    }
    expect(messages.some((m) => m.includes('***'))).toBe(true);
  });
});

describe('elastic settings', () => {
  const make = (s: Omit<ElasticSettings, 'endpoint'>, endpoint = 'https://es.example.com:9200') => () => createElasticDestination({ endpoint, ...s }, contextFor('es'));

  it('needs exactly one of index and data_stream, one kind of credentials, and a URL without credentials', () => {
    expect(make({})).toThrow(new DestinationConfigError('es', 'index', 'give one of `index` or `data_stream`'));
    expect(make({ index: 'a', data_stream: 'logs-a-b' })).toThrow(DestinationConfigError);
    expect(make({ index: 'a', api_key: 'k', username: 'u', password: 'p' })).toThrow('not both');
    expect(make({ index: 'a', username: 'u' })).toThrow(new DestinationConfigError('es', 'password', 'basic authentication needs both `username` and `password`'));
    expect(make({ index: 'a' }, `https://elastic:${PASSWORD}@es.example.com`)).toThrow(/credentials in the URL are not sent/);
    expect(make({ index: 'a' }, `https://elastic:${PASSWORD}@es.example.com`)).not.toThrow(PASSWORD);
    expect(make({ index: 'a' }, 'https://es.example.com/?pretty')).toThrow('without a query');
  });

  it('fills defaults and refuses bad index names and unknown keys', () => {
    expect(Value.Default(ElasticSettingsSchema, { endpoint: 'https://es:9200', index: 'siem' })).toEqual({ endpoint: 'https://es:9200', index: 'siem', gzip: false, max_bytes: 104_857_600 });
    for (const index of ['Upper', '_hidden', '-x', 'a b', 'a/b', 'a,b', '..', 'a:b']) expect(Value.Check(ElasticSettingsSchema, { endpoint: 'https://es', index }), index).toBe(false);
    for (const index of ['siem-audit', 'logs-siemkit-default', '.siem', 'siem_2024.05']) expect(Value.Check(ElasticSettingsSchema, { endpoint: 'https://es', index }), index).toBe(true);
    expect(Value.Check(ElasticSettingsSchema, { endpoint: 'https://es', index: 'a', indx: 'b' })).toBe(false);
  });
});
