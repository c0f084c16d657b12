import { describe, expect, it } from 'vitest';
import { codePointLength } from '../../../../schemas/formats/code-points.js';
import { CEF_DICTIONARY, cefKey } from '../../../../src/formats/cef/dictionary.js';
import { encodeCef } from '../../../../src/formats/cef/encode.js';
import { CEF_FIELDS } from '../../../../src/formats/cef/fields.js';
import { parseCef, readCef } from '../../../../src/formats/cef/parse.js';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';

const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const LOGIN = GOLDEN_EVENTS[0] as CanonicalEvent;

describe('the CEF extension dictionary (Implementation Standard v27, producer keys; fact sheet §8.4)', () => {
  it('holds each key once, in alphabetical order as the standard lists them', () => {
    const keys = CEF_DICTIONARY.map((k) => k.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    for (const k of keys) expect(cefKey(k)?.key).toBe(k);
    expect(cefKey('nope')).toBeUndefined();
    expect(cefKey('toString')).toBeUndefined();
  });

  it('gives a length to strings only, and every label is a string', () => {
    for (const k of CEF_DICTIONARY) {
      expect(k.maxLength !== undefined, k.key).toBe(k.type === 'string');
      if (k.key.endsWith('Label')) expect(k.type, k.key).toBe('string');
    }
  });

  it.each([
    ['act', 'deviceAction', 'string', 63],
    ['app', 'applicationProtocol', 'string', 31],
    ['cat', 'deviceEventCategory', 'string', 1023],
    ['cs1', 'deviceCustomString1', 'string', 4000],
    ['cs6', 'deviceCustomString6', 'string', 4000],
    ['cs6Label', 'deviceCustomString6Label', 'string', 1023],
    ['c6a2', 'deviceCustomIPv6Address2', 'ipv6', undefined],
    ['c6a2Label', 'deviceCustomIPv6Address2Label', 'string', 1023],
    ['dmac', 'destinationMacAddress', 'mac', undefined],
    ['dvcmac', 'deviceMacAddress', 'mac', undefined],
    ['dvchost', 'deviceHostName', 'string', 100],
    ['deviceInboundInterface', 'deviceInboundInterface', 'string', 128],
    ['externalId', 'externalId', 'string', 40],
    ['flexString1Label', 'flexString1Label', 'string', 128],
    ['fname', 'fileName', 'string', 1023],
    ['msg', 'message', 'string', 1023],
    ['outcome', 'eventOutcome', 'string', 63],
    ['requestContext', 'requestContext', 'string', 2048],
    ['rt', 'deviceReceiptTime', 'timestamp', undefined],
    ['src', 'sourceAddress', 'ipv4', undefined],
    ['spt', 'sourcePort', 'integer', undefined],
    ['cn1', 'deviceCustomNumber1', 'long', undefined],
    ['cfp1', 'deviceCustomFloatingPoint1', 'double', undefined],
  ])('%s is %s, %s, max %s', (key, fullName, type, maxLength) => {
    expect(cefKey(key)).toEqual({ key, fullName, type, ...(maxLength !== undefined ? { maxLength } : {}) });
  });

  it('has the custom slots the standard defines and no more: cs1-6, cn1-3, cfp1-4, c6a1-4', () => {
    const slots = (prefix: string): number[] => CEF_DICTIONARY.map((k) => new RegExp(`^${prefix}(\\d+)$`).exec(k.key)?.[1]).filter((n) => n !== undefined).map(Number);
    expect(slots('cs')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(slots('cn')).toEqual([1, 2, 3]);
    expect(slots('cfp')).toEqual([1, 2, 3, 4]);
    expect(slots('c6a')).toEqual([1, 2, 3, 4]);
    for (const prefix of ['cs', 'cn', 'cfp', 'c6a']) for (const n of slots(prefix)) expect(cefKey(`${prefix}${n}Label`), `${prefix}${n}Label`).toBeDefined();
  });

  it('has no consumer-only keys (set by ArcSight; producers must not send them)', () => {
    for (const key of ['agt', 'ahost', 'art', 'rawEvent', 'eventId', 'mrt', 'dlat']) expect(cefKey(key), key).toBeUndefined();
  });

  it('names every key the encoder writes for a canonical field', () => {
    for (const f of CEF_FIELDS) expect(cefKey(f.key), f.key).toBeDefined();
  });
});

describe('the dictionary is read in both directions', () => {
  it('the encoder writes a string value of exactly its key length into the key, and one more into the rest', () => {
    for (const [n, inKey] of [[1023, true], [1024, false]] as const) {
      const line = encodeCef({ ...LOGIN, message: 'm'.repeat(n) }, { product: PRODUCT });
      const read = readCef(line);
      if (!read.ok) expect.fail(read.error.message);
      expect(read.value.extension.has('msg')).toBe(inKey);
      if (!inKey) expect(JSON.parse(read.value.extension.get('cs6') as string)).toMatchObject({ message: 'm'.repeat(n) });
      expect(parseCef(line)).toStrictEqual({ ok: true, value: { ...LOGIN, message: 'm'.repeat(n) } });
    }
  });

  it('counts code points, not UTF-16 units: 1,023 emoji fit msg', () => {
    const message = '😀'.repeat(1023);
    expect(message.length).toBe(2046);
    const read = readCef(encodeCef({ ...LOGIN, message }, { product: PRODUCT }));
    expect(read.ok && read.value.extension.get('msg')).toBe(message);
  });

  it('the encoder never writes an event id over externalId\'s 40', () => {
    const event_id = 'e'.repeat(41);
    const read = readCef(encodeCef({ ...LOGIN, event_id }, { product: PRODUCT }));
    expect(read.ok && read.value.extension.has('externalId')).toBe(false);
    expect(read.ok && JSON.parse(read.value.extension.get('cs6') as string)).toMatchObject({ event_id });
  });

  it('the parser refuses a value over its key length, counted in code points', () => {
    const line = encodeCef(LOGIN, { product: PRODUCT }).replace('msg=Alice Martin signed in with SAML', `msg=${'😀'.repeat(1024)}`);
    const result = parseCef(line);
    expect(!result.ok && result.error.reason).toBe('key msg holds 1024 characters, over its 1023');
    const fits = encodeCef(LOGIN, { product: PRODUCT }).replace('msg=Alice Martin signed in with SAML', `msg=${'😀'.repeat(1023)}`);
    expect(parseCef(fits).ok).toBe(true);
    const act = encodeCef(LOGIN, { product: PRODUCT }).replace('act=user.login', `act=${'a'.repeat(64)}`);
    expect(codePointLength('a'.repeat(64))).toBe(64);
    expect(!parseCef(act).ok && (parseCef(act) as { error: { reason: string } }).error.reason).toBe('key act holds 64 characters, over its 63');
  });
});
