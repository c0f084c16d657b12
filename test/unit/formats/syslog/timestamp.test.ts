import { describe, expect, it } from 'vitest';
import { readRfc5424Timestamp, rfc3164Timestamp, rfc5424Timestamp } from '../../../../src/formats/syslog/timestamp.js';

describe('RFC 5424 TIMESTAMP of a canonical timestamp', () => {
  it.each([
    ['2024-05-14T09:21:07.123Z', '2024-05-14T09:21:07.123Z'],
    ['2024-05-14T09:21:07Z', '2024-05-14T09:21:07.000Z'],
    ['2024-05-14t09:21:07.1z', '2024-05-14T09:21:07.100Z'],
    ['2024-05-14T11:21:07.123456789+02:00', '2024-05-14T09:21:07.123Z'],
    ['2024-05-13T23:51:07.5-09:30', '2024-05-14T09:21:07.500Z'],
    ['2024-12-31T23:30:00-01:00', '2025-01-01T00:30:00.000Z'],
    ['2024-03-01T00:00:00+23:59', '2024-02-29T00:01:00.000Z'],
    ['2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z'], // a leap second: the next minute's first millisecond
    ['2017-01-01T05:29:60+05:30', '2017-01-01T00:00:00.000Z'],
    ['1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%s -> %s (UTC, milliseconds)', (canonical, expected) => {
    expect(rfc5424Timestamp(canonical)).toBe(expected);
  });

  it('is NILVALUE when the UTC year is outside 0000-9999', () => {
    expect(rfc5424Timestamp('0000-01-01T00:30:00+01:00')).toBe('-');
    expect(rfc5424Timestamp('9999-12-31T23:00:00-01:00')).toBe('-');
  });
});

describe('RFC 3164 TIMESTAMP of a canonical timestamp', () => {
  it.each([
    ['2024-02-05T09:21:07.999Z', 'Feb  5 09:21:07'],
    ['2024-05-14T09:21:07Z', 'May 14 09:21:07'],
    ['2024-01-01T01:00:00+02:00', 'Dec 31 23:00:00'],
    ['2016-12-31T23:59:60Z', 'Jan  1 00:00:00'],
    ['0000-01-01T00:30:00+01:00', 'Dec 31 23:30:00'],
  ])('%s -> %j (UTC, day space-padded)', (canonical, expected) => {
    expect(rfc3164Timestamp(canonical)).toBe(expected);
  });
});

describe('reading an RFC 5424 TIMESTAMP', () => {
  it('reads NILVALUE and the forms RFC 5424 allows', () => {
    expect(readRfc5424Timestamp('-', 0, 'syslog5424')).toEqual({ ok: true, value: { text: undefined, ms: undefined } });
    expect(readRfc5424Timestamp('2003-10-11T22:14:15.003Z', 0, 'syslog5424')).toEqual({ ok: true, value: { text: '2003-10-11T22:14:15.003Z', ms: Date.UTC(2003, 9, 11, 22, 14, 15, 3) } });
    expect(readRfc5424Timestamp('2003-08-24T05:14:15.000003-07:00', 0, 'syslog5424')).toEqual({ ok: true, value: { text: '2003-08-24T05:14:15.000003-07:00', ms: Date.UTC(2003, 7, 24, 12, 14, 15, 0) } });
    expect(readRfc5424Timestamp('1985-04-12T23:20:50Z', 0, 'syslog5424').ok).toBe(true);
  });

  it.each([
    ['2003-08-24T05:14:15.000000003-07:00', 'fraction over 6 digits (RFC 5424 §6.2.3 example 5)'],
    ['2003-10-11t22:14:15.003Z', 'lower-case t'],
    ['2003-10-11T22:14:15.003z', 'lower-case z'],
    ['2003-10-11T22:14:15', 'no offset'],
    ['2003-10-11T22:14:15.Z', 'empty fraction'],
    ['2003-10-11 22:14:15Z', 'space for T'],
    ['2003-02-29T22:14:15Z', 'no 29 February in 2003'],
    ['2003-10-11T24:00:00Z', 'hour 24'],
    ['2003-10-11T22:14:15+24:00', 'offset over 23:59'],
    ['2016-12-31T23:59:60Z', 'leap second'],
    ['Oct 11 22:14:15', 'RFC 3164 form'],
  ])('rejects %s (%s)', (text) => {
    const r = readRfc5424Timestamp(text, 7, 'syslog5424');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.offset).toBeGreaterThanOrEqual(7);
  });
});
