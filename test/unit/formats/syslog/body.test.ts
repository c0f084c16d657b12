import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import type { SyslogBody } from '../../../../src/formats/syslog/body.js';
import { encodeCef } from '../../../../src/formats/cef/index.js';
import { encodeLeef } from '../../../../src/formats/leef/index.js';
import { bodyEncoder, bodyFormatOf, parseBody, SYSLOG_BODIES } from '../../../../src/formats/syslog/body.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';

const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const EVENT = GOLDEN_EVENTS[0] as CanonicalEvent;

describe('syslog message bodies', () => {
  it('are json (the canonical event), cef and leef', () => {
    expect(SYSLOG_BODIES).toEqual(['json', 'cef', 'leef']);
    expect(bodyEncoder('json', { product: PRODUCT })(EVENT)).toBe(JSON.stringify(EVENT));
    expect(() => bodyEncoder('xml' as SyslogBody, { product: PRODUCT })).toThrow(RangeError);
  });

  it('CEF and LEEF bodies are the CEF and LEEF lines, the LEEF delimiter checked when the encoder is made', () => {
    expect(bodyEncoder('cef', { product: PRODUCT })(EVENT)).toBe(encodeCef(EVENT, { product: PRODUCT }));
    expect(bodyEncoder('leef', { product: PRODUCT })(EVENT)).toBe(encodeLeef(EVENT, { product: PRODUCT }));
    expect(bodyEncoder('leef', { product: PRODUCT, leefDelimiter: 'x5E' })(EVENT)).toBe(encodeLeef(EVENT, { product: PRODUCT, delimiter: '^' }));
    expect(bodyEncoder('leef', { product: PRODUCT, leefDelimiter: 'x5E' })(EVENT)).toContain('|^|devTime=');
    // A delimiter LEEF cannot use fails here, before any event, with the LEEF encoder's reason.
    expect(() => bodyEncoder('leef', { product: PRODUCT, leefDelimiter: 'ab' })).toThrow(/not a LEEF delimiter/);
    expect(() => bodyEncoder('leef', { product: PRODUCT, leefDelimiter: '=' })).toThrow(RangeError);
  });

  it('a JSON body is the event\'s JSON text when the caller gives it, unless that text holds a raw line break', () => {
    const json = bodyEncoder('json', { product: PRODUCT });
    const spaced = JSON.stringify(EVENT, null, 1).replace(/\n */g, ' ');
    expect(json(EVENT, spaced)).toBe(spaced);
    expect(json(EVENT, JSON.stringify(EVENT, null, 2))).toBe(JSON.stringify(EVENT));
    expect(json(EVENT, spaced.replace(' ', '\r'))).toBe(JSON.stringify(EVENT));
    // CEF and LEEF bodies are made from the event; the text changes nothing.
    expect(bodyEncoder('cef', { product: PRODUCT })(EVENT, spaced)).toBe(encodeCef(EVENT, { product: PRODUCT }));
    expect(bodyEncoder('leef', { product: PRODUCT })(EVENT, spaced)).toBe(encodeLeef(EVENT, { product: PRODUCT }));
  });

  it('are told apart by their first characters', () => {
    expect(bodyFormatOf('{"a":1}')).toBe('json');
    expect(bodyFormatOf('CEF:0|Acme|...')).toBe('cef');
    expect(bodyFormatOf('LEEF:2.0|Acme|...')).toBe('leef');
    for (const other of ['', ' {', '[1]', 'cef:0', 'LEEF', 'hello']) expect(bodyFormatOf(other), other).toBeUndefined();
  });

  it('every body format holds no raw CR or LF and parses back to the event', () => {
    const event: CanonicalEvent = { ...EVENT, message: 'a\r\nb\nc', labels: { 'k\n': 'v\r' } };
    for (const body of SYSLOG_BODIES) {
      const text = bodyEncoder(body, { product: PRODUCT })(event);
      expect(text, body).not.toMatch(/[\r\n]/);
      expect(bodyFormatOf(text)).toBe(body);
      expect(parseBody(text, undefined), body).toStrictEqual({ ok: true, value: event });
    }
  });

  it('reports a JSON body that is not JSON, not an object, or not a valid event', () => {
    const bad = (text: string) => parseBody(text, undefined);
    expect(bad('{"a":1,}')).toMatchObject({ ok: false, error: { offset: 7, reason: 'the JSON body is not valid JSON' } });
    expect(bad('{')).toMatchObject({ ok: false, error: { reason: 'the JSON body is not valid JSON' } });
    expect(bad('{}')).toMatchObject({ ok: false, error: { offset: 0, reason: expect.stringContaining('attribute_required_missing') } });
    expect(bad('nope')).toMatchObject({ ok: false, error: { offset: 0, reason: expect.stringContaining('none of JSON') } });
    const { actor: _a, ...noActor } = EVENT;
    expect(bad(JSON.stringify(noActor))).toMatchObject({ ok: false, error: { reason: 'the JSON body is not a valid canonical event: attribute_required_missing at "/actor"' } });
  });
});
