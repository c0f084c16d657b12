/**
 * No secret in any error: destinations configured with a password, a bearer token, a header key, a
 * signing secret and a token in the URL are driven down every error path, against a receiver that
 * echoes the whole request (headers, path and body) back in its answers. No message, and no reason
 * of a refused record, holds any secret in any form it travelled in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../../src/destinations/destination.js';
import { RetryItems } from '../../../src/destinations/errors.js';
import type { HttpAuth, HttpSettings } from '../../../src/destinations/http/config.js';
import { createHttpDestination } from '../../../src/destinations/http/destination.js';
import { createRedactor, snippet } from '../../../src/destinations/transport/redact.js';
import type { HttpReceiver, ReceivedRequest } from '../../helpers/http-receiver.js';
import { startHttpReceiver } from '../../helpers/http-receiver.js';
import { tlsFiles } from '../../helpers/tls-certs.js';
import { batchOf, contextFor, events, never } from './fixtures.js';

const PASSWORD = 'Pw-correct-horse-battery';
const TOKEN = 'tok_9f8e7d6c5b4a39281706';
const API_KEY = 'key-aa11bb22cc33dd44';
const SIGNING = `whsec_${Buffer.from('signing-key-of-thirty-two-bytes!').toString('base64')}`;
const URL_TOKEN = 'u7Tq2Zk9Lm4Np8Rs3Vw6';

const AUTHS: HttpAuth[] = [
  { type: 'basic', username: 'siem', password: PASSWORD },
  { type: 'bearer', token: TOKEN },
  { type: 'header', name: 'X-Api-Key', value: API_KEY },
];

/** Every form a secret travelled in: verbatim, base64 of basic credentials, the signing key. */
const FORBIDDEN = [PASSWORD, TOKEN, API_KEY, SIGNING, SIGNING.slice('whsec_'.length), URL_TOKEN, Buffer.from(`siem:${PASSWORD}`).toString('base64'), encodeURIComponent(PASSWORD)];

function echo(req: ReceivedRequest): string {
  return JSON.stringify({ path: req.path, headers: req.headers, body: req.text.slice(0, 100) });
}

const open: Array<HttpReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

function messagesOf(err: unknown): string[] {
  if (!(err instanceof Error)) return [String(err)];
  const out = [err.message, String(err.stack ?? '')];
  if (err instanceof RetryItems) out.push(...err.rejected.map((r) => r.reason));
  return out;
}

function expectClean(texts: readonly string[]): void {
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) for (const secret of FORBIDDEN) expect(text.includes(secret), `${JSON.stringify(text.slice(0, 300))} holds a secret`).toBe(false);
}

describe('secrets in destination errors', () => {
  it('never appear in a split, a timeout, a dropped or a refused connection', async () => {
    const errors: unknown[] = [];
    for (const auth of AUTHS) {
      const r = await startHttpReceiver();
      open.push(r);
      const settings: HttpSettings = { url: r.url(`/collect/${URL_TOKEN}?code=${URL_TOKEN}`), auth, signing_secret: SIGNING, headers: { 'X-Auth-Token': TOKEN } };
      const d = createHttpDestination(settings, contextFor('hook', { timeoutMs: 300 }));
      open.push(d);
      // 413 for several records, down to single records, each refused with a 422 echoing its request.
      r.rule((req) => ({ status: req.records.length > 1 ? 413 : 422, body: echo(req) }));
      const split = await d.send(batchOf(events(4)), never()).catch((e: unknown) => e);
      expect(split).toBeInstanceOf(RetryItems);
      expect((split as RetryItems).rejected).toHaveLength(4);
      errors.push(split);
      r.reset();
      // A slow answer, a dropped connection, a refused connection.
      r.script({ status: 200, delayMs: 2_000 }, { drop: 'after_body' });
      errors.push(await d.send(batchOf(events(1)), never()).catch((e: unknown) => e));
      errors.push(await d.send(batchOf(events(1)), never()).catch((e: unknown) => e));
      await r.down();
      errors.push(await d.send(batchOf(events(1)), never()).catch((e: unknown) => e));
    }
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expectClean(errors.flatMap(messagesOf));
  });

  it('never appear when the receiver echoes the request in each error answer', async () => {
    const r = await startHttpReceiver();
    open.push(r);
    const errors: unknown[] = [];
    for (const auth of AUTHS) {
      const d = createHttpDestination({ url: r.url(`/c/${URL_TOKEN}`), auth, signing_secret: SIGNING }, contextFor('hook'));
      open.push(d);
      for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 501, 502, 503, 302]) {
        r.rule((req) => ({ status, body: echo(req) }));
        errors.push(await d.send(batchOf(events(1)), never()).catch((e: unknown) => e));
        r.reset();
      }
    }
    const texts = errors.flatMap(messagesOf);
    expectClean(texts);
    // The echo did reach the messages (redacted), so the check above had something to find.
    expect(texts.some((t) => t.includes('***'))).toBe(true);
  });

  it('never appear in configuration errors or TLS failures', async () => {
    const errors: unknown[] = [];
    const grab = (f: () => unknown): void => {
      try {
        f();
      } catch (e) {
        errors.push(e);
      }
    };
    grab(() => createHttpDestination({ url: `https://siem:${PASSWORD}@example.com/${URL_TOKEN}` }, contextFor('hook')));
    grab(() => createHttpDestination({ url: 'https://example.com/in', headers: { 'Content-Length': TOKEN } }, contextFor('hook')));
    grab(() => createHttpDestination({ url: 'https://example.com/in', headers: { Authorization: `Bearer ${TOKEN}` }, auth: { type: 'bearer', token: TOKEN } }, contextFor('hook')));
    grab(() => createHttpDestination({ url: 'https://example.com/in', auth: { type: 'header', name: 'Host', value: API_KEY } }, contextFor('hook')));
    grab(() => createHttpDestination({ url: 'https://example.com/in' }, contextFor('hook', { tls: { cert_file: tlsFiles().clientCertFile, verify: true } })));
    expect(errors).toHaveLength(5);
    const r = await startHttpReceiver({ tls: true });
    open.push(r);
    const d = createHttpDestination({ url: r.url(`/in?token=${URL_TOKEN}`), auth: { type: 'bearer', token: TOKEN } }, contextFor('hook'));
    open.push(d);
    errors.push(await d.send(batchOf(events(1)), never()).catch((e: unknown) => e));
    expectClean(errors.flatMap(messagesOf));
  });
});

describe('createRedactor', () => {
  it('hides a secret verbatim and in its encoded forms', () => {
    const redact = createRedactor(['p@ss word/"x"']);
    for (const form of ['p@ss word/"x"', encodeURIComponent('p@ss word/"x"'), JSON.stringify('p@ss word/"x"').slice(1, -1), Buffer.from('p@ss word/"x"').toString('base64'), Buffer.from('p@ss word/"x"').toString('base64url')]) {
      expect(redact(`before ${form} after`)).toBe('before *** after');
    }
  });

  it('hides credentials it never learned: schemes, key=value, URL userinfo', () => {
    const redact = createRedactor([]);
    // A sensitive header's whole value goes, its scheme with it.
    expect(redact('Authorization: Bearer abc.def-ghi')).toBe('Authorization: ***');
    expect(redact('sent Bearer abc.def-ghi')).toBe('sent Bearer ***');
    expect(redact('got Basic dXNlcjpwYXNz here')).toBe('got Basic *** here');
    expect(redact('{"token":"abc","password": "x y","api_key=k1"}')).toBe('{"token":"***","password": "*** y","api_key=***"}');
    expect(redact('see https://user:pw@host/path')).toBe('see https://***@host/path');
    expect(redact('HEC code 9: server busy')).toBe('HEC code 9: server busy');
    expect(redact('Basic auth required')).toBe('Basic auth required');
    // What a preview shows: a URL's query is not a credential unless its name says so.
    expect(redact('https://hec.example/services/collector/raw?channel=0b1c&sourcetype=siemkit%3Aocsf')).toBe('https://hec.example/services/collector/raw?channel=0b1c&sourcetype=siemkit%3Aocsf');
    expect(redact('https://h.example/x?token=abc&index=main')).toBe('https://h.example/x?token=***&index=main');
  });

  it('hides the longer of two overlapping secrets whole', () => {
    expect(createRedactor(['abc', 'abcdef'])('x abcdef y abc')).toBe('x *** y ***');
  });
});

describe('snippet', () => {
  it('is one quoted line of at most 200 characters, cut on a code point', () => {
    const s = snippet(`a\r\nb\u2028c${'😀'.repeat(300)}`, createRedactor([]));
    expect(s.startsWith('"a b c😀')).toBe(true);
    expect(s.endsWith('…"')).toBe(true);
    expect(Array.from(JSON.parse(s) as string)).toHaveLength(201);
    expect(snippet(' \n ', createRedactor([]))).toBe('(empty answer)');
  });
});
