import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpIngest, HttpIngestOptions } from '../../../../src/delivery/inputs/http-ingest.js';
import { parseListenAddress, startHttpIngest } from '../../../../src/delivery/inputs/http-ingest.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';
import { eventually, FakeSink } from './fake-sink.js';

const TOKEN = 'ingest-token-5b1f0e7c9a';
const NDJSON = 'application/x-ndjson';
const running: HttpIngest[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close({ deadlineMs: 1_000 })));
});

async function start(options: Partial<HttpIngestOptions> = {}): Promise<{ ingest: HttpIngest; sink: FakeSink }> {
  const sink = (options.sink as FakeSink | undefined) ?? new FakeSink();
  const ingest = await startHttpIngest({ listen: '127.0.0.1:0', token: TOKEN, sink, ...options });
  running.push(ingest);
  return { ingest, sink };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

/** One request on a fresh connection, with node:http (so headers and bodies are exactly as given). */
function send(ingest: HttpIngest, method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string; chunks?: Buffer[] } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, ingest.url), { method, headers: { Connection: 'close', ...options.headers }, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (options.chunks !== undefined) {
      for (const c of options.chunks) req.write(c);
      req.end();
    } else req.end(options.body);
  });
}

const auth = { Authorization: `Bearer ${TOKEN}` };
const ndjson = (events: readonly unknown[]): string => events.map((e) => JSON.stringify(e)).join('\n');
const post = (ingest: HttpIngest, body: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> =>
  send(ingest, 'POST', '/v1/events', { headers: { ...auth, 'Content-Type': NDJSON, ...headers }, body });

describe('POST /v1/events', () => {
  it('queues NDJSON and answers 202 with the count', async () => {
    const { ingest, sink } = await start();
    const answer = await post(ingest, ndjson(GOLDEN_EVENTS));
    expect(answer.status).toBe(202);
    expect(answer.json()).toEqual({ accepted: GOLDEN_EVENTS.length, rejected: [] });
    expect(sink.events).toEqual(JSON.parse(JSON.stringify(GOLDEN_EVENTS)));
  });

  it('answers a partial success with 202 and the refused records by number', async () => {
    const { ingest, sink } = await start();
    const bad = { ...GOLDEN_EVENTS[1], severity: 'nope' };
    const answer = await post(ingest, [JSON.stringify(GOLDEN_EVENTS[0]), JSON.stringify(bad), '{oops', JSON.stringify(GOLDEN_EVENTS[2])].join('\r\n'));
    expect(answer.status).toBe(202);
    const body = answer.json() as { accepted: number; rejected: { index: number; event_id: string | null; errors: { code: string; path: string }[] }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.event_id])).toEqual([
      [2, bad.event_id],
      [3, null],
    ]);
    expect(body.rejected[0]?.errors.some((e) => e.path === '/severity')).toBe(true);
    expect(body.rejected[1]?.errors).toEqual([expect.objectContaining({ code: 'json_invalid', path: '' })]);
    expect(sink.events).toHaveLength(2);
  });

  it('answers 400 with the same body when nothing was queued', async () => {
    const { ingest, sink } = await start();
    const answer = await post(ingest, 'nope\n{"event_id":"x"}\n');
    expect(answer.status).toBe(400);
    const body = answer.json() as { accepted: number; rejected: { index: number }[] };
    expect(body.accepted).toBe(0);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(sink.events).toEqual([]);
    const empty = await post(ingest, '\n \n');
    expect(empty.status).toBe(400);
    expect(empty.json()).toEqual({ accepted: 0, rejected: [], error: 'the body holds no events' });
  });

  it('takes application/json: a pretty-printed array, or one event', async () => {
    const { ingest, sink } = await start();
    const many = await post(ingest, JSON.stringify(GOLDEN_EVENTS.slice(0, 3), null, 2), { 'Content-Type': 'application/json; charset=UTF-8' });
    expect(many.status).toBe(202);
    expect((many.json() as { accepted: number }).accepted).toBe(3);
    const one = await post(ingest, JSON.stringify(GOLDEN_EVENTS[4], null, 2), { 'Content-Type': 'Application/JSON' });
    expect(one.status).toBe(202);
    expect(sink.events).toEqual(JSON.parse(JSON.stringify([...GOLDEN_EVENTS.slice(0, 3), GOLDEN_EVENTS[4]])));
  });

  it('takes a gzip body and refuses a broken one', async () => {
    const { ingest, sink } = await start();
    const answer = await post(ingest, gzipSync(ndjson(GOLDEN_EVENTS.slice(0, 5))), { 'Content-Encoding': 'gzip' });
    expect(answer.status).toBe(202);
    expect(sink.events).toHaveLength(5);
    const broken = await post(ingest, gzipSync(ndjson(GOLDEN_EVENTS)).subarray(0, 50), { 'Content-Encoding': 'gzip' });
    expect(broken.status).toBe(400);
    expect(broken.json()).toEqual({ error: 'the body is not valid gzip' });
    const notGzip = await post(ingest, 'plain text', { 'Content-Encoding': 'gzip' });
    expect(notGzip.status).toBe(400);
    expect(sink.events).toHaveLength(5);
  });

  it('answers 413 over the body limit, declared, streamed, or after gunzip, and queues nothing', async () => {
    const { ingest, sink } = await start({ maxBodyBytes: 10_000 });
    const big = ndjson(Array.from({ length: 40 }, () => GOLDEN_EVENTS[0]));
    expect(Buffer.byteLength(big)).toBeGreaterThan(10_000);
    expect((await post(ingest, big)).status).toBe(413);
    // Chunked: no Content-Length to refuse early.
    const chunks = Array.from({ length: 4 }, () => Buffer.from(big.slice(0, 4_000)));
    expect((await send(ingest, 'POST', '/v1/events', { headers: { ...auth, 'Content-Type': NDJSON }, chunks })).status).toBe(413);
    // A small gzip body that inflates past the limit.
    const bomb = gzipSync(Buffer.alloc(1_000_000, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    expect((await post(ingest, bomb, { 'Content-Encoding': 'gzip' })).status).toBe(413);
    expect(sink.calls).toEqual([]);
  });

  it('answers 415 for another media type, charset or coding', async () => {
    const { ingest } = await start();
    const event = JSON.stringify(GOLDEN_EVENTS[0]);
    expect((await post(ingest, event, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post(ingest, event, { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post(ingest, event, { 'Content-Type': 'application/json; charset=latin1' })).status).toBe(415);
    expect((await send(ingest, 'POST', '/v1/events', { headers: auth, body: event })).status).toBe(415);
    const br = await post(ingest, event, { 'Content-Encoding': 'br' });
    expect(br.status).toBe(415);
    expect(br.headers['accept-encoding']).toBe('gzip');
  });

  it('reports a record over maxRecordBytes as that record', async () => {
    const { ingest } = await start({ maxRecordBytes: 100 });
    const answer = await post(ingest, `${JSON.stringify({ pad: 'x'.repeat(200) })}\n${JSON.stringify(GOLDEN_EVENTS[0])}`);
    expect((answer.json() as { rejected: { errors: { code: string }[] }[] }).rejected[0]?.errors[0]?.code).toBe('record_too_large');
  });

  it('answers 503 with Retry-After when the events cannot be queued, and tells onError', async () => {
    const errors: unknown[] = [];
    const { ingest, sink } = await start({ onError: (e) => errors.push(e) });
    sink.failure = new Error('disk full');
    const answer = await post(ingest, ndjson(GOLDEN_EVENTS.slice(0, 2)));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(errors).toEqual([sink.failure]);
  });

  it('answers 503 beyond maxConcurrentRequests', async () => {
    const { ingest, sink } = await start({ maxConcurrentRequests: 1 });
    let release: () => void = () => {};
    sink.gate = new Promise((r) => (release = r));
    const first = post(ingest, ndjson(GOLDEN_EVENTS.slice(0, 1)));
    await eventually(() => sink.calls.length === 1, 'the first request in emit');
    const second = await post(ingest, ndjson(GOLDEN_EVENTS.slice(0, 1)));
    expect(second.status).toBe(503);
    release();
    expect((await first).status).toBe(202);
  });
});

describe('authentication', () => {
  it('refuses a missing or wrong token with 401 and echoes nothing', async () => {
    const { ingest, sink } = await start();
    const body = ndjson(GOLDEN_EVENTS.slice(0, 1));
    const answers = [
      await send(ingest, 'POST', '/v1/events', { headers: { 'Content-Type': NDJSON }, body }),
      await send(ingest, 'POST', '/v1/events', { headers: { 'Content-Type': NDJSON, Authorization: `Bearer ${TOKEN}x` }, body }),
      await send(ingest, 'POST', '/v1/events', { headers: { 'Content-Type': NDJSON, Authorization: `Basic ${TOKEN}` }, body }),
      await send(ingest, 'POST', '/v1/events', { headers: { 'Content-Type': NDJSON, Authorization: `Bearer ${TOKEN.slice(0, -1)}` }, body }),
      await send(ingest, 'GET', '/status'),
      await send(ingest, 'GET', '/metrics', { headers: { Authorization: 'Bearer wrong' } }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.json()).toEqual({ error: 'unauthorized' });
      expect(JSON.stringify(a.headers)).not.toContain(TOKEN.slice(0, 8));
    }
    expect(answers[0]?.headers['www-authenticate']).toBe('Bearer realm="siemkit"');
    expect(answers[1]?.headers['www-authenticate']).toBe('Bearer realm="siemkit", error="invalid_token"');
    expect(sink.calls).toEqual([]);
  });

  it('takes the scheme in any case', async () => {
    const { ingest } = await start();
    const answer = await post(ingest, ndjson(GOLDEN_EVENTS.slice(0, 1)), { Authorization: `bearer ${TOKEN}` });
    expect(answer.status).toBe(202);
  });

  it('needs no token when none is configured', async () => {
    const sink = new FakeSink();
    const ingest = await startHttpIngest({ listen: '127.0.0.1:0', sink });
    running.push(ingest);
    expect((await send(ingest, 'POST', '/v1/events', { headers: { 'Content-Type': NDJSON }, body: ndjson(GOLDEN_EVENTS.slice(0, 1)) })).status).toBe(202);
    expect((await send(ingest, 'GET', '/status')).status).toBe(200);
  });
});

describe('health, status and metrics', () => {
  it('serves /healthz without a token, /status and /metrics with one', async () => {
    const { ingest, sink } = await start();
    const health = await send(ingest, 'GET', '/healthz');
    expect([health.status, health.text, health.headers['content-type']]).toEqual([200, 'ok\n', 'text/plain; charset=utf-8']);
    const status = await send(ingest, 'GET', '/status', { headers: auth });
    expect(status.status).toBe(200);
    expect(status.headers['content-type']).toBe('application/json');
    expect(status.json()).toEqual(sink.status());
    await post(ingest, ndjson(GOLDEN_EVENTS.slice(0, 3)));
    const metrics = await send(ingest, 'GET', '/metrics', { headers: auth });
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.text).toBe(await sink.metrics());
    expect(metrics.text).toContain('siemkit_events_accepted_total 3');
    const head = await send(ingest, 'HEAD', '/healthz');
    expect([head.status, head.text]).toEqual([200, '']);
  });

  it('answers 500 without details when the sink fails, and tells onError', async () => {
    const errors: unknown[] = [];
    const { ingest, sink } = await start({ onError: (e) => errors.push(e) });
    sink.metrics = () => Promise.reject(new Error('registry broken'));
    const answer = await send(ingest, 'GET', '/metrics', { headers: auth });
    expect([answer.status, answer.text]).toEqual([500, '{"error":"internal error"}\n']);
    expect(errors).toHaveLength(1);
  });
});

describe('routing', () => {
  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const { ingest } = await start();
    expect((await send(ingest, 'GET', '/v2/events', { headers: auth })).status).toBe(404);
    expect((await send(ingest, 'GET', '/__proto__', { headers: auth })).status).toBe(404);
    const get = await send(ingest, 'GET', '/v1/events', { headers: auth });
    expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
    const put = await send(ingest, 'POST', '/healthz');
    expect([put.status, put.headers.allow]).toEqual([405, 'GET, HEAD']);
    expect((await send(ingest, 'GET', '/healthz?probe=1')).status).toBe(200);
  });
});

describe('close', () => {
  it('finishes requests in progress, refuses new ones with 503, then closes', async () => {
    const { ingest, sink } = await start();
    let release: () => void = () => {};
    sink.gate = new Promise((r) => (release = r));
    const inProgress = post(ingest, ndjson(GOLDEN_EVENTS.slice(0, 2)));
    await eventually(() => sink.calls.length === 1, 'the request in emit');
    let closed = false;
    const closing = ingest.close({ deadlineMs: 30_000 }).then(() => (closed = true));
    // Listening stops at once: a new connection is refused.
    await expect(post(ingest, ndjson(GOLDEN_EVENTS.slice(0, 1)))).rejects.toThrow(/ECONNREFUSED/);
    expect(closed).toBe(false);
    release();
    const answer = await inProgress;
    expect(answer.status).toBe(202);
    expect(answer.headers.connection).toBe('close');
    await closing;
    expect(sink.events).toHaveLength(2);
  });

  it('answers 503 to a request that arrives on an open connection while closing', async () => {
    const { ingest } = await start();
    const { connect } = await import('node:net');
    const open = async (first: string): Promise<{ finish: (rest: string) => Promise<string> }> => {
      const socket = connect(ingest.port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(first);
      const received: Buffer[] = [];
      socket.on('data', (c: Buffer) => received.push(c));
      return {
        finish: (rest) => {
          socket.write(rest);
          return new Promise((resolve) => socket.on('close', () => resolve(Buffer.concat(received).toString('latin1'))));
        },
      };
    };
    // Half-sent requests keep their connections active, so close() does not cut them.
    const health = await open('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const events = await open(`POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: ${NDJSON}\r\n`);
    // A full round trip on another connection: by its end the server has read both half requests.
    expect((await send(ingest, 'GET', '/healthz')).status).toBe(200);
    const closing = ingest.close({ deadlineMs: 30_000 });
    const healthAnswer = await health.finish('\r\n');
    expect(healthAnswer).toMatch(/^HTTP\/1\.1 503 /);
    expect(healthAnswer).toContain('Connection: close');
    expect(healthAnswer.endsWith('shutting down\n')).toBe(true);
    const body = JSON.stringify(GOLDEN_EVENTS[0]);
    const eventsAnswer = await events.finish(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    expect(eventsAnswer).toMatch(/^HTTP\/1\.1 503 /);
    expect(eventsAnswer).toContain('Retry-After: 1');
    await closing;
  });

  it('cuts connections still open at the deadline', async () => {
    const { ingest, sink } = await start();
    sink.gate = new Promise(() => {});
    const stuck = post(ingest, ndjson(GOLDEN_EVENTS.slice(0, 1)));
    await eventually(() => sink.calls.length === 1, 'the stuck request');
    await ingest.close({ deadlineMs: 50 });
    await expect(stuck).rejects.toThrow();
  });
});

describe('parseListenAddress', () => {
  it('reads host:port and [ipv6]:port', () => {
    expect(parseListenAddress('127.0.0.1:8787')).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(parseListenAddress('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListenAddress('localhost:65535')).toEqual({ host: 'localhost', port: 65535 });
  });

  it.each(['8787', ':8787', '127.0.0.1', '127.0.0.1:65536', '::1:80', 'host:port', 'a b:1'])('refuses %j', (listen) => {
    expect(() => parseListenAddress(listen)).toThrow(/host:port/);
  });

  it('listens on IPv6 loopback', async () => {
    const { ingest } = await start({ listen: '[::1]:0' });
    expect(ingest.url).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
    expect((await send(ingest, 'GET', '/healthz')).status).toBe(200);
  });
});
