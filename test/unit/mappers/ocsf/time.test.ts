/** RFC 3339 date-times to OCSF timestamp_t (epoch ms) and timezone_offset, against `Date`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEpochMillis, parseDateTime } from '../../../../src/mappers/ocsf/time.js';

describe('parseDateTime', () => {
  it('agrees with Date on the instants Date reads (millisecond precision, any offset)', () => {
    const offset = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    fc.assert(
      fc.property(fc.date({ min: new Date('0100-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), offset, (d, minutes) => {
        const local = new Date(d.getTime() + minutes * 60_000).toISOString().slice(0, 23);
        const sign = minutes < 0 ? '-' : '+';
        const abs = Math.abs(minutes);
        const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        expect(parseDateTime(text)).toEqual({ ms: d.getTime(), offsetMinutes: minutes });
      }),
    );
  });

  it.each([
    ['0001-01-01T00:00:00Z', -62135596800000, 0],
    ['0099-12-31T23:59:59.999Z', -59011459200001, 0],
    ['1970-01-01t00:00:00.0009z', 0, 0],
    ['2024-02-29T12:00:00.123456789+01:00', Date.parse('2024-02-29T11:00:00.123Z'), 60],
    ['2016-12-31T23:59:60Z', Date.parse('2017-01-01T00:00:00Z'), 0],
    ['2024-01-01T00:00:00-00:00', Date.parse('2024-01-01T00:00:00Z'), 0],
  ])('%s -> %i ms, offset %i', (text, ms, offset) => {
    const instant = parseDateTime(text);
    expect(instant?.ms).toBe(ms);
    expect(Object.is(instant?.offsetMinutes, offset)).toBe(true);
  });

  it('is undefined for what is not a date-time', () => {
    expect(parseDateTime('yesterday')).toBeUndefined();
    expect(parseDateTime('2024-01-01')).toBeUndefined();
  });
});

describe('formatEpochMillis', () => {
  it('writes UTC with milliseconds, and nothing outside years 0000-9999', () => {
    expect(formatEpochMillis(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(formatEpochMillis(253402300800000)).toBeUndefined();
    expect(formatEpochMillis(Number.NaN)).toBeUndefined();
  });
});
