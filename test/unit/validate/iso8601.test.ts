import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIso8601DateTime } from '../../../src/validate/iso8601.js';

describe('isIso8601DateTime', () => {
  const cases: { in: string; out: boolean }[] = [
    { in: '2016-05-23', out: true },
    { in: '2016-05-23T08:05', out: true },
    { in: '2016-05-23T08:05:34', out: true },
    { in: '2016-05-23T08:05:34.853Z', out: true },
    { in: '2016-05-23T08:05:34.123456789Z', out: true },
    { in: '2016-05-23T08:05:34+02:00', out: true },
    { in: '2016-05-23T08:05:34-0230', out: true },
    { in: '2016-05-23T08:05+18', out: true },
    { in: '2024-02-29T00:00:00Z', out: true },
    { in: '2000-02-29', out: true },
    { in: '2023-02-29', out: false },
    { in: '1900-02-29', out: false },
    { in: '2016-04-31', out: false },
    { in: '2016-13-01', out: false },
    { in: '2016-00-01', out: false },
    { in: '2016-05-00', out: false },
    { in: '2016-05-23T24:00', out: false },
    { in: '2016-05-23T23:60', out: false },
    { in: '2016-05-23T23:59:60Z', out: false },
    { in: '2016-05-23T08:05:34+18:01', out: false },
    { in: '2016-05-23T08:05:34+02:60', out: false },
    { in: '2016-05-23T08:05:34.1234567890Z', out: false },
    { in: '2016-05-23 08:05:34Z', out: false },
    { in: '2016-05-23t08:05:34z', out: false },
    { in: '2016-05-23T08', out: false },
    { in: '2016-5-23', out: false },
    { in: '1700000000000', out: false },
    { in: 'yesterday', out: false },
    { in: '', out: false },
  ];
  for (const c of cases) it(JSON.stringify(c.in), () => expect(isIso8601DateTime(c.in)).toBe(c.out));

  it('accepts every Date.prototype.toISOString of years 0000-9999', () => {
    const dates = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
    fc.assert(fc.property(dates, (d) => isIso8601DateTime(d.toISOString())));
  });
});
