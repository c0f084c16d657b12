/**
 * The loopback HEC (test/helpers/receivers/splunk-hec.ts) answers as Splunk documents
 * (wire-protocols.md §1.2-§1.7), checked with plain HTTP requests, so the destination tests that
 * rely on it rely on Splunk's rules and not on ours.
 */
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { SplunkHecReceiver, SplunkHecReceiverOptions } from '../../../helpers/receivers/splunk-hec.js';
import * as hec from '../../../helpers/receivers/splunk-hec.js';

const CHANNEL = '0f1e2d3c-4b5a-4969-8877-665544332211';

const open: SplunkHecReceiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function receiver(options: SplunkHecReceiverOptions = {}): Promise<SplunkHecReceiver> {
  const r = await hec.start(options);
  open.push(r);
  return r;
}

async function post(r: SplunkHecReceiver, path: string, body: string | Buffer, headers: Record<string, string> = { authorization: `Splunk ${r.token}` }, method: 'POST' | 'GET' = 'POST'): Promise<{ status: number; body: unknown }> {
  const res = await request(`${r.url}${path}`, { method, headers, ...(method === 'POST' ? { body } : {}) });
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a plain-text answer (413)
  }
  return { status: res.statusCode, body: parsed };
}

const EVENT = '/services/collector/event';

describe('splunk-hec receiver: token (§1.2)', () => {
  it('answers codes 2, 3, 4, 1 and 16 as Splunk does, and takes Basic with the token as password', async () => {
    const r = await receiver({ disabledTokens: ['dead-token'] });
    const body = '{"event":"x"}';
    expect(await post(r, EVENT, body, {})).toEqual({ status: 401, body: { text: 'Token is required', code: 2 } });
    expect(await post(r, EVENT, body, { authorization: `Bearer ${r.token}` })).toEqual({ status: 401, body: { text: 'Invalid authorization', code: 3 } });
    expect(await post(r, EVENT, body, { authorization: 'Splunk 11111111-2222-3333-4444-555555555555' })).toEqual({ status: 403, body: { text: 'Invalid token', code: 4 } });
    expect(await post(r, EVENT, body, { authorization: 'Splunk dead-token' })).toEqual({ status: 403, body: { text: 'Token disabled', code: 1 } });
    expect(await post(r, `${EVENT}?token=${r.token}`, body, {})).toEqual({ status: 400, body: { text: 'Query string authorization is not enabled', code: 16 } });
    expect(await post(r, EVENT, body, { authorization: `Basic ${Buffer.from(`anyone:${r.token}`).toString('base64')}` })).toEqual({ status: 200, body: { text: 'Success', code: 0 } });
    expect(r.events).toHaveLength(1);
    const q = await receiver({ queryStringAuth: true });
    expect((await post(q, `${EVENT}?token=${q.token}`, body, {})).status).toBe(200);
  });

  it('serves health, the aliases of /event, and 404 elsewhere', async () => {
    const r = await receiver();
    expect(await post(r, '/services/collector/health/1.0', '', {}, 'GET')).toEqual({ status: 200, body: { text: 'HEC is healthy', code: 17 } });
    for (const path of ['/services/collector', '/services/collector/event/1.0']) expect((await post(r, path, '{"event":1}')).status).toBe(200);
    expect((await post(r, '/services/collectr/event', '{"event":1}')).status).toBe(404);
  });
});

describe('splunk-hec receiver: /event bodies (§1.3, §1.5)', () => {
  it('takes concatenated objects, with or without whitespace between them', async () => {
    const r = await receiver();
    expect(await post(r, EVENT, '{"event":"a","time":1426279439.5}{"event":{"k":"}{"}}\n  {"event":3,"time":"1426279439","fields":{"f":"v","m":["x","y"]}}')).toEqual({ status: 200, body: { text: 'Success', code: 0 } });
    expect(r.events.map((e) => [e.event, e.time])).toEqual([
      ['a', 1426279439.5],
      [{ k: '}{' }, undefined],
      [3, 1426279439],
    ]);
    expect(r.events[2]?.fields).toEqual({ f: 'v', m: ['x', 'y'] });
  });

  it('refuses the first bad event with its code and invalid-event-number, and keeps nothing of that request', async () => {
    const r = await receiver({ indexes: ['main'] });
    const cases: Array<[string, number, number]> = [
      ['', 5, -1],
      ['{"event":"a"}{"time":1}', 12, 1],
      ['{"event":"a"}{"event":"  "}', 13, 1],
      ['{"event":null}', 13, 0],
      ['{"event":"a","fields":{"x":{"y":1}}}', 15, 0],
      ['{"event":"a","fields":{"x":1}}', 15, 0],
      ['{"event":"a","time":1.7e9}', 15, 0],
      ['{"event":"a","time":"soon"}', 6, 0],
      ['{"event":"a","host":7}', 6, 0],
      ['{"event":"a"}{"event":"b"}{broken', 6, 2],
      ['{"event":"a"} x', 6, 1],
      ['[{"event":"a"}]', 6, 0],
      ['{"event":"a","index":"main"}{"event":"b","index":"other"}', 7, 1],
    ];
    for (const [body, code, n] of cases) {
      const answer = await post(r, EVENT, body);
      expect(answer.status, body).toBe(400);
      expect(answer.body, body).toMatchObject({ code, ...(n >= 0 ? { 'invalid-event-number': n } : {}) });
    }
    expect(r.events).toHaveLength(0);
  });

  it('reads gzip, refuses what is not gzip (code 6), and answers 413 over max_content_length', async () => {
    const r = await receiver({ maxContentLength: 100 });
    const auth = { authorization: `Splunk ${r.token}`, 'content-encoding': 'gzip' };
    expect((await post(r, EVENT, gzipSync('{"event":"zipped"}'), auth)).status).toBe(200);
    expect((await post(r, EVENT, '{"event":"plain"}', auth)).body).toMatchObject({ code: 6 });
    const big = `{"event":"${'x'.repeat(100)}"}`;
    expect(await post(r, EVENT, big)).toEqual({ status: 413, body: 'Content-Length of 112 too large (maximum is 100)' });
    expect(r.events.map((e) => e.event)).toEqual(['zipped']);
  });
});

describe('splunk-hec receiver: channels, /raw and acknowledgement (§1.4, §1.6)', () => {
  it('/raw needs a channel (10), a GUID (11), and takes one event per line with query metadata', async () => {
    const r = await receiver();
    expect((await post(r, '/services/collector/raw', 'a\n')).body).toEqual({ text: 'Data channel is missing', code: 10 });
    expect((await post(r, '/services/collector/raw?channel=nope', 'a\n')).body).toEqual({ text: 'Invalid data channel', code: 11 });
    expect((await post(r, `/services/collector/raw?channel=${CHANNEL}&sourcetype=cef&index=sec`, 'line one\r\n\nline two\n')).status).toBe(200);
    expect(r.events.map((e) => [e.endpoint, e.event, e.sourcetype, e.index, e.channel])).toEqual([
      ['raw', 'line one', 'cef', 'sec', CHANNEL],
      ['raw', 'line two', 'cef', 'sec', CHANNEL],
    ]);
  });

  it('with ack: channel required on /event, ackId per request and channel, each reported true once', async () => {
    const r = await receiver({ ack: true });
    const headers = { authorization: `Splunk ${r.token}`, 'x-splunk-request-channel': CHANNEL };
    expect((await post(r, EVENT, '{"event":1}')).body).toEqual({ text: 'Data channel is missing', code: 10 });
    expect((await post(r, EVENT, '{"event":1}', headers)).body).toEqual({ text: 'Success', code: 0, ackId: 0 });
    expect((await post(r, EVENT, '{"event":2}', headers)).body).toEqual({ text: 'Success', code: 0, ackId: 1 });
    expect((await post(r, `/services/collector/ack?channel=${CHANNEL}`, '{"acks":[0,1,7]}')).body).toEqual({ acks: { '0': true, '1': true, '7': false } });
    expect((await post(r, '/services/collector/ack', '{"acks":[0,1]}', headers)).body).toEqual({ acks: { '0': false, '1': false } });
    expect((await post(r, '/services/collector/ack', '{"acks":"all"}', headers)).body).toMatchObject({ code: 6 });
    r.neverAck();
    expect((await post(r, EVENT, '{"event":3}', headers)).body).toMatchObject({ ackId: 2 });
    expect((await post(r, '/services/collector/ack', '{"acks":[2]}', headers)).body).toEqual({ acks: { '2': false } });
    r.neverAck(false);
    expect((await post(r, '/services/collector/ack', '{"acks":[2]}', headers)).body).toEqual({ acks: { '2': true } });
    const off = await receiver();
    expect(await post(off, '/services/collector/ack', '{"acks":[0]}', { authorization: `Splunk ${off.token}`, 'x-splunk-request-channel': CHANNEL })).toEqual({ status: 400, body: { text: 'ACK is disabled', code: 14 } });
  });

  it('scripted faults apply to batches only, in order; busy is 503 code 9', async () => {
    const r = await receiver({ ack: true });
    const headers = { authorization: `Splunk ${r.token}`, 'x-splunk-request-channel': CHANNEL };
    r.busy(1, '5');
    r.fault({ status: 502, body: 'gateway' });
    expect((await post(r, '/services/collector/ack', '{"acks":[]}', headers)).status).toBe(200);
    expect(await post(r, EVENT, '{"event":1}', headers)).toEqual({ status: 503, body: { text: 'Server is busy', code: 9 } });
    expect(await post(r, EVENT, '{"event":1}', headers)).toEqual({ status: 502, body: 'gateway' });
    expect((await post(r, EVENT, '{"event":1}', headers)).status).toBe(200);
  });

  it('listens on the port it is given', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await receiver({ port });
    expect(r.port).toBe(port);
    expect(r.url).toBe(`http://127.0.0.1:${port}`);
  });
});
