/** The loopback receiver the delivery tests rely on (test/helpers/http-receiver.ts) does what it says. */
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpReceiver } from '../../helpers/http-receiver.js';
import { startHttpReceiver } from '../../helpers/http-receiver.js';

const open: HttpReceiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});
async function receiver(options: Parameters<typeof startHttpReceiver>[0] = {}): Promise<HttpReceiver> {
  const r = await startHttpReceiver(options);
  open.push(r);
  return r;
}
async function post(r: HttpReceiver, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<{ status: number; text: string }> {
  const res = await request(r.url('/p'), { method: 'POST', body, headers });
  return { status: res.statusCode, text: await res.body.text() };
}

describe('startHttpReceiver', () => {
  it('parses arrays, single objects and NDJSON, gunzips, and accepts the records of 2xx answers', async () => {
    const r = await receiver();
    await post(r, '[{"event_id":"a"},{"metadata":{"uid":"b"}}]');
    await post(r, '{"event":{"id":"c"}}');
    await post(r, gzipSync('{"event_id":"d"}\n{"event_id":"e"}\n'), { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' });
    expect(r.eventIds()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(r.requests[2]?.rawBody.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('answers 400 to a body it cannot parse, and accepts nothing of it', async () => {
    const r = await receiver({ body: 'ndjson' });
    expect((await post(r, '{"event_id":"a"}')).status).toBe(400);
    expect(r.requests[0]?.parseError).toBe('NDJSON body does not end with a newline');
    expect(r.records).toEqual([]);
  });

  it('follows its script, then its rules, then the default; partial successes accept what they say', async () => {
    const r = await receiver();
    r.script({ status: 429, headers: { 'retry-after': '5' }, body: 'slow down' });
    r.rule((req) => (req.records.length === 3 ? { status: 207, accepted: [0, 2], body: { errors: [1] } } : undefined));
    const a = await post(r, '[{"event_id":"x"}]');
    expect(a).toEqual({ status: 429, text: 'slow down' });
    expect((await post(r, '[{"event_id":"a"},{"event_id":"b"},{"event_id":"c"}]')).text).toBe('{"errors":[1]}');
    expect((await post(r, '[{"event_id":"d"}]')).status).toBe(200);
    expect(r.eventIds()).toEqual(['a', 'c', 'd']);
    expect(r.requests.map((q) => (q.answer !== undefined && 'status' in q.answer ? q.answer.status : 'drop'))).toEqual([429, 207, 200]);
  });

  it('drops connections before or after the body', async () => {
    const r = await receiver();
    r.script({ drop: 'before_body' }, { drop: 'after_body' });
    await expect(post(r, '[{"event_id":"a"}]')).rejects.toThrow();
    await expect(post(r, '[{"event_id":"b"}]')).rejects.toThrow();
    expect(r.requests.map((q) => q.text)).toEqual(['', '[{"event_id":"b"}]']);
    expect(r.records).toEqual([]);
  });

  it('waits for records, and goes down and up on the same port', async () => {
    const r = await receiver();
    const waiting = r.waitForRecords(2);
    await post(r, '[{"event_id":"a"}]');
    await r.down();
    await expect(post(r, '[{"event_id":"b"}]')).rejects.toThrow();
    await r.up();
    await post(r, '[{"event_id":"b"}]');
    expect(await waiting).toHaveLength(2);
    await expect(r.waitForRecords(3, 50)).rejects.toThrow('timed out after 50 ms waiting for 3 records (have 2)');
  });
});
