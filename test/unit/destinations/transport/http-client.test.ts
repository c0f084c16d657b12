/**
 * The shared HTTP client against the real loopback receiver: answers of any status, deadlines,
 * dropped connections, the caller's abort, TLS verification on and off, a CA bundle, the server
 * name, and mutual TLS.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import type { HttpClient } from '../../../../src/destinations/transport/http-client.js';
import { createHttpClient } from '../../../../src/destinations/transport/http-client.js';
import type { HttpReceiver } from '../../../helpers/http-receiver.js';
import { startHttpReceiver } from '../../../helpers/http-receiver.js';
import { tlsFiles } from '../../../helpers/tls-certs.js';

const open: Array<HttpReceiver | HttpClient> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function receiver(options: Parameters<typeof startHttpReceiver>[0] = {}): Promise<HttpReceiver> {
  const r = await startHttpReceiver(options);
  open.push(r);
  return r;
}
function client(options: Parameters<typeof createHttpClient>[0]): HttpClient {
  const c = createHttpClient(options);
  open.push(c);
  return c;
}
const post = { path: '/in?x=1', headers: { 'content-type': 'application/json' }, body: '[{"a":1}]' };

async function failure(p: Promise<unknown>): Promise<TransportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

describe('createHttpClient', () => {
  it('POSTs the body with its headers and returns any answer', async () => {
    const r = await receiver();
    r.script({ status: 400, body: { error: 'no' }, headers: { 'x-answer': 'yes' } });
    const c = client({ destination: 'd', url: r.url('/ignored') });
    const res = await c.request(post);
    expect(res.status).toBe(400);
    expect(res.headers['x-answer']).toBe('yes');
    expect(JSON.parse(res.body.toString())).toEqual({ error: 'no' });
    expect(r.requests[0]).toMatchObject({ method: 'POST', path: '/in?x=1', text: '[{"a":1}]' });
    expect(r.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('keeps the connection between requests', async () => {
    const r = await receiver();
    const c = client({ destination: 'd', url: r.origin, connections: 1 });
    for (let i = 0; i < 3; i++) await c.request(post);
    expect(new Set(r.requests.map((q) => q.remotePort)).size).toBe(1);
  });

  it('keeps at most maxResponseBytes of an answer and reads the rest away', async () => {
    const r = await receiver();
    r.script({ status: 500, body: 'y'.repeat(100_000) }, { status: 200 });
    const c = client({ destination: 'd', url: r.origin, maxResponseBytes: 10, connections: 1 });
    expect((await c.request(post)).body.toString()).toBe('y'.repeat(10));
    expect((await c.request(post)).status).toBe(200);
  });

  it('gives up after the deadline with a retryable timeout', async () => {
    const r = await receiver();
    r.script({ status: 200, delayMs: 2_000 });
    const c = client({ destination: 'slow', url: r.origin, timeoutMs: 100 });
    const err = await failure(c.request(post));
    expect(err.status).toBe('timeout');
    expect(err.message).toBe('slow: no answer within 100 ms');
  });

  it('takes a per-request deadline', async () => {
    const r = await receiver();
    r.script({ status: 200, delayMs: 2_000 });
    const c = client({ destination: 'd', url: r.origin, timeoutMs: 60_000 });
    expect((await failure(c.request({ ...post, timeoutMs: 50 }))).status).toBe('timeout');
  });

  it('rejects with the caller’s reason when the caller aborts', async () => {
    const r = await receiver();
    r.script({ status: 200, delayMs: 2_000 });
    const c = client({ destination: 'd', url: r.origin });
    const ac = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => ac.abort(reason), 50);
    await expect(c.request(post, ac.signal)).rejects.toBe(reason);
    await expect(c.request(post, ac.signal)).rejects.toBe(reason);
  });

  it('reports a dropped connection and a refused one as retryable network errors', async () => {
    const r = await receiver();
    r.script({ drop: 'after_body' }, { drop: 'before_body' });
    const c = client({ destination: 'd', url: r.origin });
    expect((await failure(c.request(post))).message).toMatch(/^d: network error \S+: /);
    await failure(c.request(post));
    await r.down();
    const refused = await failure(c.request(post));
    expect(refused.status).toBe('ECONNREFUSED');
  });
});

describe('createHttpClient over TLS', () => {
  it('refuses a server its trust store does not vouch for, by default', async () => {
    const r = await receiver({ tls: true });
    const c = client({ destination: 'd', url: r.origin });
    const err = await failure(c.request(post));
    expect(err.message).toMatch(/certificate/i);
  });

  it('trusts the CA bundle it is given', async () => {
    const r = await receiver({ tls: true });
    const c = client({ destination: 'd', url: r.origin, tls: { ca_file: tlsFiles().caFile, verify: true } });
    expect((await c.request(post)).status).toBe(200);
  });

  it('skips verification only when verify is false', async () => {
    const r = await receiver({ tls: true });
    const c = client({ destination: 'd', url: r.origin, tls: { verify: false } });
    expect((await c.request(post)).status).toBe(200);
  });

  it('checks the certificate against server_name when given', async () => {
    const r = await receiver({ tls: true });
    const byIp = `https://127.0.0.1:${r.port}`;
    const good = client({ destination: 'd', url: byIp, tls: { ca_file: tlsFiles().caFile, server_name: 'localhost', verify: true } });
    expect((await good.request(post)).status).toBe(200);
    const bad = client({ destination: 'd', url: r.origin, tls: { ca_file: tlsFiles().caFile, server_name: 'siem.example.com', verify: true } });
    expect((await failure(bad.request(post))).message).toMatch(/siem\.example\.com|altname|Hostname/i);
  });

  it('presents a client certificate for mutual TLS, and fails without one', async () => {
    const r = await receiver({ tls: { requestCert: true } });
    const files = tlsFiles();
    const withCert = client({ destination: 'd', url: r.origin, tls: { ca_file: files.caFile, cert_file: files.clientCertFile, key_file: files.clientKeyFile, verify: true } });
    expect((await withCert.request(post)).status).toBe(200);
    expect(r.requests[0]?.clientCertSubject).toBe('siemkit test client');
    const without = client({ destination: 'd', url: r.origin, tls: { ca_file: files.caFile, verify: true } });
    await failure(without.request(post));
    expect(r.requests).toHaveLength(1);
  });

  it('refuses unreadable files and half a client certificate when created', () => {
    expect(() => createHttpClient({ destination: 'd', url: 'https://localhost', tls: { ca_file: '/nonexistent/ca.pem', verify: true } })).toThrow(new DestinationConfigError('d', 'tls.ca_file', 'cannot read /nonexistent/ca.pem (ENOENT)'));
    expect(() => createHttpClient({ destination: 'd', url: 'https://localhost', tls: { cert_file: tlsFiles().clientCertFile, verify: true } })).toThrow(DestinationConfigError);
  });
});
