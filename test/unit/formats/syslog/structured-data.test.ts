import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { carriedInParamValue, encodeStructuredData, escapeParamValue, readStructuredData, SD_PARAMS, structuredDataId, structuredDataParams, writeStructuredData } from '../../../../src/formats/syslog/structured-data.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';

const EVENT = GOLDEN_EVENTS[0] as CanonicalEvent;

describe('SD-PARAM values (RFC 5424 §6.3.3)', () => {
  it('escapes ", \\ and ] and nothing else', () => {
    expect(escapeParamValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
    expect(escapeParamValue('[x=y] \'{}\t|')).toBe('[x=y\\] \'{}\t|');
    expect(escapeParamValue('\\\\')).toBe('\\\\\\\\');
    expect(escapeParamValue('plain')).toBe('plain');
  });

  it('leaves out values it cannot carry exactly: CR, LF, NUL and lone surrogates', () => {
    for (const v of ['a\rb', 'a\nb', 'a\u0000b', '\ud800', 'x\udc00', '\udbffx']) expect(carriedInParamValue(v), JSON.stringify(v)).toBe(false);
    for (const v of ['a\tb', '\u0001\u007f\u0085', '\u2028', '😀', '\ufeff', '']) expect(carriedInParamValue(v), JSON.stringify(v)).toBe(true);
    const event: CanonicalEvent = { ...EVENT, tenant_id: 'tnt\nacme', actor: { ...EVENT.actor, id: 'usr "x" [1]' } };
    const names = structuredDataParams(event).map(([n]) => n);
    expect(names).not.toContain('tenant_id');
    expect(names).toContain('actor_id');
    expect(encodeStructuredData(event, 'siemkit@32473')).toContain(' actor_id="usr \\"x\\" [1\\]"');
  });

  it('writes the key facts in the documented order, optional ones only when present', () => {
    const sd = encodeStructuredData({ ...EVENT, resource: { type: 'file', id: 'f1' }, source: { ip: '192.0.2.1' } }, structuredDataId(32473));
    expect(sd).toBe(
      `[siemkit@32473 event_id="${EVENT.event_id}" tenant_id="${EVENT.tenant_id}" category="${EVENT.category}" action="${EVENT.action}" outcome="${EVENT.outcome}" severity="${EVENT.severity}" actor_type="${EVENT.actor.type}" actor_id="${EVENT.actor.id}" resource_type="file" resource_id="f1" source_ip="192.0.2.1"]`,
    );
    const { resource: _r, source: _s, ...bare } = EVENT;
    expect(encodeStructuredData(bare as CanonicalEvent, 'siemkit@1')).not.toMatch(/resource_|source_ip/);
    expect(SD_PARAMS.every((p) => /^[a-z_]{1,32}$/.test(p.name))).toBe(true);
  });

  it('names the enterprise number in the SD-ID', () => {
    expect(structuredDataId(32473)).toBe('siemkit@32473');
    expect(structuredDataId(0)).toBe('siemkit@0');
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) expect(() => structuredDataId(bad)).toThrow(RangeError);
  });
});

describe('reading STRUCTURED-DATA', () => {
  it('reads NILVALUE, several elements and escapes, and stops at the end', () => {
    expect(readStructuredData('x - y', 2, 'syslog5424')).toEqual({ ok: true, value: { elements: [], end: 3 } });
    const text = '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] msg';
    const r = readStructuredData(text, 0, 'syslog5424');
    expect(r).toEqual({
      ok: true,
      value: {
        elements: [
          { id: 'exampleSDID@32473', params: [['iut', '3'], ['eventSource', 'Application'], ['eventID', '1011']], offset: 0 },
          { id: 'examplePriority@32473', params: [['class', 'high']], offset: 68 },
        ],
        end: text.indexOf(' msg'),
      },
    });
    const escaped = readStructuredData('[a b="\\"\\\\\\]" c="\\n\\x\\\\" d=""]', 0, 'syslog5424');
    expect(escaped.ok && escaped.value.elements[0]?.params).toEqual([['b', '"\\]'], ['c', '\\n\\x\\'], ['d', '']]);
    expect(readStructuredData('[origin ip="1" ip="2"]', 0, 'syslog5424').ok).toBe(true); // a PARAM-NAME may repeat
    expect(readStructuredData('[timeQuality]', 0, 'syslog5424').ok).toBe(true);
  });

  it('reads back what it writes, for values with every character that matters', () => {
    const elements = [{ id: 'siemkit@32473', params: [['a', ' "]\\[=\t😀\u2028'], ['b', '\\'], ['c', '\\\\"']] as [string, string][] }];
    const text = writeStructuredData(elements);
    const r = readStructuredData(text, 0, 'syslog5424');
    expect(r.ok && r.value.elements.map((e) => ({ id: e.id, params: e.params }))).toEqual(elements);
    expect(r.ok && r.value.end).toBe(text.length);
  });

  it.each([
    ['', 0, 'expected STRUCTURED-DATA'],
    ['x', 0, 'expected STRUCTURED-DATA'],
    ['[]', 1, 'SD-ID must be'],
    ['[ a="1"]', 1, 'SD-ID must be'],
    [`[${'x'.repeat(33)}]`, 1, 'longer than 32'],
    ['[a="1"]', 2, 'expected a space'],
    ['[a b="1"', 8, 'ends inside'],
    ['[a b="1]"]', 7, 'unescaped "]"'],
    ['[a b="1', 7, 'no closing quote'],
    ['[a b=1]', 4, 'expected ="'],
    ['[a b ="1"]', 4, 'expected ="'],
    ['[a =""]', 3, 'PARAM-NAME must be'],
    [`[a ${'p'.repeat(33)}="1"]`, 3, 'longer than 32'],
    ['[a b="1"  c="2"]', 9, 'PARAM-NAME must be'],
    ['[a\u00e9 b="1"]', 2, 'expected a space'],
    ['[a][b][a]', 7, 'appears twice'],
    ['[a"b]', 2, 'expected a space'],
  ])('rejects %j at %i', (text, offset, reason) => {
    const r = readStructuredData(text, 0, 'syslog5424');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.offset).toBe(offset);
      expect(r.error.reason).toContain(reason);
    }
  });
});
