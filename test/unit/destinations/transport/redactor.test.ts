import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor, redactUrl } from '../../../../src/destinations/transport/redactor.js';

const RUNS = Math.min(Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000), 1000);

describe('Redactor.redact', () => {
  it('replaces every occurrence of a learned secret and nothing else', () => {
    const r = new Redactor();
    r.add('tok-123456');
    expect(r.redact('a tok-123456 b tok-123456')).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(r.redact('tok-12345 is not it')).toBe('tok-12345 is not it');
    expect(r.size).toBe(1);
  });

  it('covers the header forms, which hold the secret verbatim', () => {
    const r = new Redactor();
    r.add('hec-token-0001');
    expect(r.redact('Authorization: Splunk hec-token-0001')).toBe('Authorization: Splunk ***');
    expect(r.redact('Authorization: Bearer hec-token-0001')).toBe('Authorization: Bearer ***');
  });

  it('learns the encoded forms: percent (both cases), form, JSON-escaped, base64, base64url', () => {
    const secret = 'p@ss wörd/+"\\?=&~';
    const r = new Redactor();
    r.add(secret);
    const percent = encodeURIComponent(secret);
    const forms = [
      secret,
      percent,
      percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
      new URLSearchParams({ q: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
    ];
    for (const form of forms) {
      const out = r.redact(`before ${form} after`);
      expect(out, form).not.toContain(form);
      expect(out).toMatch(/^before .*\*\*\*.* after$/);
    }
    // A JSON document holding the secret, as an error body would.
    expect(r.redact(JSON.stringify({ error: `bad key ${secret}` }))).toBe('{"error":"bad key ***"}');
  });

  it('learns base64 of user:password for basic auth, which holds neither verbatim', () => {
    const r = new Redactor();
    r.addBasicAuth('elastic', 'changeme-42');
    const header = `Basic ${Buffer.from('elastic:changeme-42').toString('base64')}`;
    expect(r.redact(`Authorization: ${header}`)).toBe('Authorization: Basic ***');
    expect(r.redact('password changeme-42')).toBe('password ***');
    expect(r.redact('user elastic')).toBe('user elastic');
  });

  it('learns where a URL secret carries its token', () => {
    const token = 'ZaVnC4dhaV0-abcDEF_0123456789xyz==';
    const url = `https://endpoint4.collection.sumologic.com/receiver/v1/http/${token}`;
    const r = new Redactor();
    r.add(url);
    expect(r.redact(`POST ${url} failed`)).toBe('POST *** failed');
    // The token alone, and percent-encoded as a client may send it.
    expect(r.redact(`token ${token}`)).toBe('token ***');
    expect(r.redact(`path /receiver/v1/http/${encodeURIComponent(token)}`)).toBe('path /receiver/v1/http/***');
    // Short segments are not learned.
    expect(r.redact('receiver v1 http')).toBe('receiver v1 http');
  });

  it('learns the normalised href and password of a URL with userinfo', () => {
    const r = new Redactor();
    r.add('HTTPS://user:pa%20ss@Example.COM');
    expect(r.redact('at https://user:pa%20ss@example.com/')).not.toContain('pa%20ss');
    expect(r.redact('pw pa ss.')).toBe('pw ***.');
  });

  it('hides every part of overlapping secrets', () => {
    const r = new Redactor();
    r.add('abcdef');
    r.add('defghi');
    expect(r.redact('xxabcdefghixx')).toBe('xx***xx');
    r.add('bc');
    expect(r.redact('zabcdefghi bc')).toBe('z*** ***');
  });

  it('forgets a secret that is replaced, but keeps forms shared with others', () => {
    const r = new Redactor();
    const forgetOld = r.add('old-access-token');
    r.add('kept-secret');
    r.add('old-access-token');
    forgetOld();
    forgetOld();
    expect(r.redact('old-access-token')).toBe(REDACTED);
    expect(r.size).toBe(2);
    const forgetSecond = r.add('another-one');
    forgetSecond();
    expect(r.redact('another-one kept-secret')).toBe('another-one ***');
  });

  it('learns a secret with a lone surrogate without throwing', () => {
    const r = new Redactor();
    r.add('ab\ud800cd');
    expect(r.redact('x ab\ud800cd y')).toBe('x *** y');
  });

  it('ignores an empty secret', () => {
    const r = new Redactor();
    r.add('');
    r.addBasicAuth('u', '');
    expect(r.size).toBe(0);
    expect(r.redact('anything')).toBe('anything');
  });

  it('never leaves a learned secret in any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (secret, before, after) => {
        // A secret with `*` can be re-formed by the `***` put in its place: not a leak of it.
        fc.pre(!secret.includes('*'));
        const r = new Redactor();
        r.add(secret);
        const text = `${before}${secret}${after}|${encodeURIComponent(secret)}|${JSON.stringify(secret)}|${Buffer.from(secret).toString('base64')}`;
        const out = r.redact(text);
        expect(out.includes(secret)).toBe(false);
        expect(out.includes(Buffer.from(secret).toString('base64').replace(/=+$/, ''))).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Redactor.redactMessage and redactError', () => {
  it('hides URL credentials and sensitive header values it never learned', () => {
    const r = new Redactor();
    expect(r.redactMessage('connect https://bob:pw@host:8088/services/collector?token=abc&x=1 refused')).toBe('connect https://***@host:8088/services/collector?token=***&x=*** refused');
    expect(r.redactMessage('request headers: Authorization: Bearer eyJhbGciOi.xyz\nnext')).toBe('request headers: Authorization: ***\nnext');
    expect(r.redactMessage('{"DD-API-KEY":"0123abcd","status":403}')).toBe('{"DD-API-KEY":"***","status":403}');
    expect(r.redactMessage('authorization failed for user x')).toBe('authorization failed for user x');
  });

  it('hides scheme tokens and credential-like parameters it never learned, and keeps prose', () => {
    const r = new Redactor();
    expect(r.redactMessage('HEC refused: got Splunk 6c1f0d2e-aaaa-bbbb here')).toBe('HEC refused: got Splunk *** here');
    expect(r.redactMessage('{"password": "hunter2", "api_key=k1"}')).toBe('{"password": "***", "api_key=***"}');
    expect(r.redactMessage('Basic auth required')).toBe('Basic auth required');
  });

  it('redactCredentials keeps a URL query that names no credential; redactMessage hides it', () => {
    const r = new Redactor();
    const url = 'https://hec.example/services/collector/raw?channel=0b1c&index=main';
    expect(r.redactCredentials(url)).toBe(url);
    expect(r.redactCredentials('https://u:p@h/x?sig=abc&n=1')).toBe('https://***@h/x?sig=***&n=1');
    expect(r.redactMessage(url)).toBe('https://hec.example/services/collector/raw?channel=***&index=***');
  });

  it('redacts an error and its causes', () => {
    const r = new Redactor();
    r.add('s3cr3t-token');
    const err = new Error('send failed with s3cr3t-token', { cause: new TypeError('fetch https://u:p@h/x?k=v failed') });
    expect(r.redactError(err)).toBe('Error: send failed with ***; caused by TypeError: fetch https://***@h/x?k=*** failed');
    expect(r.redactError('plain s3cr3t-token')).toBe('plain ***');
  });
});

describe('Redactor.redactValue and redactHeaders', () => {
  it('copies a JSON-like value with strings and keys redacted', () => {
    const r = new Redactor();
    r.add('k3y-value');
    const input = { destination: 'splunk', last_error: 'HTTP 401 for k3y-value', nested: [{ 'k3y-value': 1, ok: true, n: null }], err: new Error('k3y-value') };
    const out = r.redactValue(input);
    expect(out).toEqual({ destination: 'splunk', last_error: 'HTTP 401 for ***', nested: [{ '***': 1, ok: true, n: null }], err: 'Error: ***' });
    expect(input.last_error).toBe('HTTP 401 for k3y-value');
    expect(JSON.stringify(out)).not.toContain('k3y-value');
  });

  it('keeps a __proto__ key as a key and survives cycles', () => {
    const r = new Redactor();
    const input = JSON.parse('{"__proto__":{"a":"b"}}') as Record<string, unknown>;
    input.self = input;
    const out = r.redactValue(input) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'self']);
    expect(out.self).toBe('[Circular]');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('hides sensitive headers whatever their value', () => {
    const r = new Redactor();
    r.add('in-a-header');
    expect(r.redactHeaders({ Authorization: 'Bearer x', 'content-type': 'application/json', 'x-echo': 'in-a-header', 'Set-Cookie': ['a=1', 'b=2'], n: 3, u: undefined })).toEqual({
      Authorization: REDACTED,
      'content-type': 'application/json',
      'x-echo': REDACTED,
      'Set-Cookie': REDACTED,
      n: '3',
    });
  });
});

describe('redactUrl', () => {
  it.each([
    ['https://splunk.example.com:8088/services/collector', 'https://splunk.example.com:8088/services/collector'],
    ['https://user:pass@host/path', 'https://***@host/path'],
    ['https://user@host', 'https://***@host'],
    ['nats://u:p@127.0.0.1:4222', 'nats://***@127.0.0.1:4222'],
    ['https://host/p?api-key=abc&flag&empty=', 'https://host/p?api-key=***&flag&empty=***'],
    ['https://host/p#access_token=x', 'https://host/p#***'],
    ['https://host/p@x', 'https://host/p@x'],
    ['https://a:b@c@host/x?y=z#', 'https://***@host/x?y=***#'],
    ['//u:p@host/x', '//***@host/x'],
    ['not a url ?secret=1', 'not a url ?secret=***'],
  ])('%s -> %s', (input, want) => {
    expect(redactUrl(input)).toBe(want);
  });

  it('also applies learned secrets as a method (a token in the path)', () => {
    const r = new Redactor();
    r.add('collector-token-0123456789');
    expect(r.redactUrl('https://u:p@host/receiver/collector-token-0123456789?x=1')).toBe('https://***@host/receiver/***?x=***');
  });
});
