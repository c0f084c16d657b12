import { describe, expect, it } from 'vitest';
import { HEADER_FIELD_MAX_OCTETS, headerField, NILVALUE, rfc3164Tag } from '../../../../src/formats/syslog/header-field.js';

describe('header fields: printable ASCII within caps', () => {
  it('keeps printable ASCII as it is', () => {
    expect(headerField('host.example.org', 255)).toBe('host.example.org');
    expect(headerField('!~"[]=\\', 255)).toBe('!~"[]=\\');
  });

  it('turns each code point outside %d33-126 into one "_"', () => {
    expect(headerField('Acme Scai Drive', 48)).toBe('Acme_Scai_Drive');
    expect(headerField('a\tb\r\nc\u0000d\u007f', 48)).toBe('a_b__c_d_');
    expect(headerField('café', 48)).toBe('caf_');
    expect(headerField('e\u0301', 48)).toBe('e_'); // a combining mark is its own code point
    expect(headerField('😀x', 48)).toBe('_x'); // a surrogate pair is one code point
    expect(headerField('\ud800x', 48)).toBe('_x'); // a lone surrogate too
    expect(headerField('\u2028\ufeff', 48)).toBe('__');
  });

  it('cuts at the cap in octets', () => {
    expect(headerField('x'.repeat(300), HEADER_FIELD_MAX_OCTETS.hostname)).toBe('x'.repeat(255));
    expect(headerField('a'.repeat(47) + 'bc', HEADER_FIELD_MAX_OCTETS.appName)).toBe('a'.repeat(47) + 'b');
    expect(headerField('é'.repeat(40), HEADER_FIELD_MAX_OCTETS.msgId)).toBe('_'.repeat(32));
    expect(headerField('😀'.repeat(200), HEADER_FIELD_MAX_OCTETS.procId)).toBe('_'.repeat(128));
    expect(HEADER_FIELD_MAX_OCTETS).toEqual({ hostname: 255, appName: 48, procId: 128, msgId: 32 });
  });

  it('is NILVALUE when empty or absent', () => {
    expect(headerField(undefined, 10)).toBe(NILVALUE);
    expect(headerField('', 10)).toBe(NILVALUE);
  });

  it('replaces further characters when asked (a PID cannot hold brackets)', () => {
    expect(headerField('[12]', 128, '[]')).toBe('_12_');
    expect(headerField('a b[', 128, '[]')).toBe('a_b_');
  });

  it('makes an RFC 3164 TAG of the letters and digits, at most 32', () => {
    expect(rfc3164Tag('ScaiDrive')).toBe('ScaiDrive');
    expect(rfc3164Tag('Scai-Drive 2.0 ☁')).toBe('ScaiDrive20');
    expect(rfc3164Tag('x'.repeat(40))).toBe('x'.repeat(32));
    expect(rfc3164Tag('日本 - ☁')).toBe('siemkit');
  });
});
