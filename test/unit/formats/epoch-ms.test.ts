import { describe, expect, it } from 'vitest';
import { epochMs } from '../../../src/formats/epoch-ms.js';

describe('epochMs: event times as epoch milliseconds (CEF rt, LEEF devTime)', () => {
  it('is exact for the UTC millisecond form Date writes, before and after 1970', () => {
    expect(epochMs('2024-05-14T09:21:07.123Z')).toEqual({ ms: Date.UTC(2024, 4, 14, 9, 21, 7, 123), exact: true });
    expect(epochMs('1970-01-01T00:00:00.000Z')).toEqual({ ms: 0, exact: true });
    expect(epochMs('1969-12-31T23:59:59.999Z')).toEqual({ ms: -1, exact: true });
    expect(epochMs('9999-12-31T23:59:59.999Z')).toEqual({ ms: 253402300799999, exact: true });
  });

  it('gives the same instant but not the text back for other spellings of it', () => {
    const ms = Date.UTC(2024, 4, 14, 9, 21, 7);
    for (const text of ['2024-05-14T09:21:07Z', '2024-05-14T11:21:07+02:00', '2024-05-14T09:21:07.000000Z', '2024-05-14t09:21:07.000z', '2024-05-14T04:21:07-05:00']) {
      expect(epochMs(text), text).toEqual({ ms, exact: false });
    }
  });

  it('cuts digits beyond the millisecond (and says so)', () => {
    expect(epochMs('2024-05-14T09:21:07.123999Z')).toEqual({ ms: Date.UTC(2024, 4, 14, 9, 21, 7, 123), exact: false });
  });

  it('counts a leap second as the first millisecond of the next minute (RFC 3339 §5.7)', () => {
    expect(epochMs('2016-12-31T23:59:60Z')).toEqual({ ms: Date.UTC(2017, 0, 1), exact: false });
    expect(epochMs('2016-12-31T23:59:60.5Z')).toEqual({ ms: Date.UTC(2017, 0, 1, 0, 0, 0, 500), exact: false });
    expect(epochMs('2017-01-01T00:59:60+01:00')).toEqual({ ms: Date.UTC(2017, 0, 1), exact: false });
  });

  it('reaches instants whose UTC year is before 0000', () => {
    const { ms, exact } = epochMs('0000-01-01T00:30:00+01:00');
    expect(new Date(ms).toISOString()).toBe('-000001-12-31T23:30:00.000Z');
    expect(exact).toBe(false);
  });
});
