import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { chunks, encodeCef, REST_CHUNK } from '../../../../src/formats/cef/encode.js';
import type { CefRecord } from '../../../../src/formats/cef/parse.js';
import { parseCef, readCef } from '../../../../src/formats/cef/parse.js';
import type { ProductIdentity } from '../../../../src/mappers/product.js';
import { BUILT_IN_REGISTRY } from '../../../../src/registry/registry.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';

const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const golden = (action: string): CanonicalEvent => GOLDEN_EVENTS.find((e) => e.action === action) as CanonicalEvent;
const LOGIN = golden('user.login');

function read(event: CanonicalEvent, product: ProductIdentity = PRODUCT): CefRecord {
  const r = readCef(encodeCef(event, { product }));
  if (!r.ok) expect.fail(r.error.message);
  return r.value;
}

const restOf = (r: CefRecord): Record<string, unknown> => {
  let text = r.extension.get('cs6') ?? '';
  for (let n = 2; r.extension.has(`siemkitRest${n}`); n++) text += r.extension.get(`siemkitRest${n}`);
  return JSON.parse(text) as Record<string, unknown>;
};

describe('encodeCef: the header', () => {
  it('is CEF:0, the product identity, the signature id and name of the event type, the severity', () => {
    expect(encodeCef(LOGIN, { product: PRODUCT }).startsWith('CEF:0|Acme|ScaiDrive|1.4.2|user.login|User login|1|rt=')).toBe(true);
  });

  it('escapes the product identity (\\ and |) and leaves an absent version empty', () => {
    const r = read(LOGIN, { vendor: 'A|B\\C', name: 'x=y' });
    expect(encodeCef(LOGIN, { product: { vendor: 'A|B\\C', name: 'x=y' } }).startsWith('CEF:0|A\\|B\\\\C|x=y||user.login|')).toBe(true);
    expect([r.vendor, r.product, r.productVersion]).toEqual(['A|B\\C', 'x=y', '']);
  });

  it('takes the signature id and name from the registry, and from the category defaults for an unregistered action', () => {
    for (const event of GOLDEN_EVENTS) {
      const { cef } = BUILT_IN_REGISTRY.mapping(event.category, event.action);
      const r = read(event);
      expect([r.signatureId, r.name]).toEqual([cef.signature_id, cef.name]);
    }
    const r = read({ ...LOGIN, action: 'user.sso_assert', payload: {} });
    expect([r.signatureId, r.name]).toEqual(['user.sso_assert', 'user.sso_assert']);
  });

  it('writes the severity by the table: info 1, low 3, medium 5, high 8, critical 10', () => {
    const written = (['info', 'low', 'medium', 'high', 'critical'] as const).map((severity) => read({ ...LOGIN, severity }).severity);
    expect(written).toEqual(['1', '3', '5', '8', '10']);
  });
});

describe('encodeCef: rt', () => {
  it('is the event time in epoch milliseconds, first in the extension', () => {
    const line = encodeCef(LOGIN, { product: PRODUCT });
    expect(line).toContain(`|rt=${Date.parse(LOGIN.timestamp)} `);
    expect(Date.parse(LOGIN.timestamp)).toBe(1715678467123);
  });

  it('is the instant of a timestamp written with an offset or more digits, which then also stays in the rest as written', () => {
    for (const timestamp of ['2024-05-14T11:21:07.123+02:00', '2024-05-14T09:21:07.123456Z', '2024-05-14T09:21:07Z']) {
      const r = read({ ...LOGIN, timestamp });
      expect(Number(r.extension.get('rt'))).toBe(Date.parse(timestamp));
      expect(restOf(r).timestamp).toBe(timestamp);
    }
    expect(restOf(read(LOGIN))).not.toHaveProperty('timestamp');
  });

  it('is negative before 1970', () => {
    expect(read({ ...LOGIN, timestamp: '1969-07-20T20:17:40.000Z' }).extension.get('rt')).toBe('-14182940000');
  });
});

describe('encodeCef: the extension keys (docs/formats/cef.md)', () => {
  it('maps the fields of an authentication event', () => {
    const r = read(LOGIN);
    expect(Object.fromEntries(r.extension)).toMatchObject({
      externalId: LOGIN.event_id,
      cat: 'AUTHENTICATION',
      act: 'user.login',
      outcome: 'success',
      msg: LOGIN.message,
      suid: LOGIN.actor.id,
      suser: LOGIN.actor.name,
      src: '203.0.113.42',
      spt: '51234',
      requestClientApplication: LOGIN.source?.user_agent,
      cs1: LOGIN.tenant_id,
      cs2: LOGIN.session_id,
      cs3: LOGIN.request_id,
      cs4: LOGIN.actor.email,
    });
  });

  it('writes a file event\'s resource to the file keys, any other resource to the destination user keys', () => {
    const file = GOLDEN_EVENTS.find((e) => e.category === 'FILE_ACCESS' && e.resource?.path !== undefined) as CanonicalEvent;
    const f = Object.fromEntries(read(file).extension);
    expect(f).toMatchObject({ fileId: file.resource?.id, fname: file.resource?.name, filePath: file.resource?.path, fileType: file.resource?.type });
    expect(f).not.toHaveProperty('duid');
    const account = GOLDEN_EVENTS.find((e) => e.category === 'ACCOUNT_CHANGE' && e.resource?.name !== undefined) as CanonicalEvent;
    const a = Object.fromEntries(read(account).extension);
    expect(a).toMatchObject({ duid: account.resource?.id, duser: account.resource?.name });
    expect(a).not.toHaveProperty('fileId');
  });

  it('writes an IPv4 source to src, an IPv6 source to c6a2 labelled sourceAddress', () => {
    const v4 = read({ ...LOGIN, source: { ip: '192.0.2.1' } });
    expect([v4.extension.get('src'), v4.extension.has('c6a2')]).toEqual(['192.0.2.1', false]);
    for (const ip of ['2001:db8::1', '::ffff:192.0.2.1', '::']) {
      const v6 = read({ ...LOGIN, source: { ip } });
      expect([v6.extension.has('src'), v6.extension.get('c6a2'), v6.extension.get('c6a2Label')]).toEqual([false, ip, 'sourceAddress']);
    }
  });

  it('labels each custom string right after it (cs1 tenantId ... cs5 serviceAccount, cs6 siemkitRest)', () => {
    const event = { ...LOGIN, actor: { ...LOGIN.actor, service_account: 'svc-sync' } };
    const line = encodeCef(event, { product: PRODUCT });
    expect(line).toContain(' cs1=tnt_acme_prod cs1Label=tenantId ');
    expect(line).toContain(' cs2=ses_7f3c2a91 cs2Label=sessionId ');
    expect(line).toContain(' cs3=req_0a1b2c3d cs3Label=requestId ');
    expect(line).toContain(' cs4=alice.martin@acme.example cs4Label=actorEmail ');
    expect(line).toContain(' cs5=svc-sync cs5Label=serviceAccount ');
    expect(line).toMatch(/ cs6=\{.*\} cs6Label=siemkitRest$/);
  });

  it('writes no custom string and no label for a field the event lacks', () => {
    const { session_id: _s, request_id: _r, ...bare } = LOGIN;
    const r = read(bare as CanonicalEvent);
    for (const key of ['cs2', 'cs2Label', 'cs3', 'cs3Label', 'cs5', 'cs5Label']) expect(r.extension.has(key), key).toBe(false);
  });

  it('escapes values: \\, =, LF and CR, and keeps spaces', () => {
    const line = encodeCef({ ...LOGIN, message: 'a=b \\ c\nd\re  ' }, { product: PRODUCT });
    expect(line).toContain(' msg=a\\=b \\\\ c\\nd\\re   suid=');
    expect(line).not.toMatch(/[\r\n]/);
  });
});

describe('encodeCef: the rest (cs6, siemkitRest2..N)', () => {
  it('keeps what no key holds as one JSON object in cs6', () => {
    const rest = restOf(read(LOGIN));
    expect(rest).toEqual({ actor: { type: 'user' }, source: { geo: LOGIN.source?.geo }, labels: LOGIN.labels, payload: LOGIN.payload });
  });

  it('holds only what has no key: for a minimal event, the actor type alone', () => {
    const event: CanonicalEvent = { event_id: 'e1', timestamp: '2024-05-14T09:21:07.123Z', tenant_id: 't', category: 'AUTHENTICATION', action: 'user.logout', outcome: 'success', severity: 'info', actor: { type: 'user', id: 'u' } };
    expect(restOf(read(event))).toEqual({ actor: { type: 'user' } });
  });

  it('cuts a rest longer than 4,000 code points into cs6 and siemkitRest2..N of 4,000 each, never inside a surrogate pair', () => {
    const payload = { blob: '😀a='.repeat(3000) };
    const event = { ...LOGIN, payload };
    const r = read(event);
    const parts = [r.extension.get('cs6') as string];
    for (let n = 2; r.extension.has(`siemkitRest${n}`); n++) parts.push(r.extension.get(`siemkitRest${n}`) as string);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts.slice(0, -1)) expect([...p].length).toBe(REST_CHUNK);
    expect([...(parts.at(-1) as string)].length).toBeLessThanOrEqual(REST_CHUNK);
    for (const p of parts) expect(p).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    expect(JSON.parse(parts.join(''))).toMatchObject({ payload });
    expect(r.extension.has(`siemkitRest${parts.length + 1}`)).toBe(false);
    expect(parseCef(encodeCef(event, { product: PRODUCT }))).toStrictEqual({ ok: true, value: event });
  });
});

describe('chunks', () => {
  it('returns short text whole', () => {
    expect(chunks('', 3)).toEqual(['']);
    expect(chunks('abc', 3)).toEqual(['abc']);
  });

  it('cuts every size code points, a surrogate pair counting once', () => {
    expect(chunks('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(chunks('a😀b😀c', 2)).toEqual(['a😀', 'b😀', 'c']);
    expect(chunks('😀😀😀', 2)).toEqual(['😀😀', '😀']);
  });

  it('keeps a lone surrogate as one unit', () => {
    expect(chunks('\ud800ab', 2)).toEqual(['\ud800a', 'b']);
  });
});
