/**
 * `isRfc3339DateTime` reads the common forms by character codes and sends everything else to
 * `dateTimeProblem`: the two must agree on every string, valid or not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateTimeProblem, isRfc3339DateTime } from '../../../../schemas/formats/rfc3339.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000) * 20;

/** Date-times in every zone form, then a few characters overwritten with ones that matter here. */
const dateTimes = fc
  .tuple(
    fc.date({ min: new Date(-62135596800000), max: new Date(253402300799000), noInvalidDate: true }),
    fc.constantFrom('Z', 'z', '+00:00', '-05:30', '+14:00', '-23:59', '+24:00', '+0100', ''),
    fc.constantFrom('', '.1', '.123456789', '.'),
    fc.array(fc.tuple(fc.nat(30), fc.constantFrom(...'0123456789-:TtZz+.x 6'.split(''))), { maxLength: 3 }),
  )
  .map(([d, zone, fraction, edits]) => {
    let s = d.toISOString().slice(0, 19) + fraction + zone;
    for (const [i, c] of edits) s = s.slice(0, i) + c + s.slice(i + 1);
    return s;
  });

describe('isRfc3339DateTime', () => {
  it('agrees with dateTimeProblem on valid and broken date-times of every form', () => {
    fc.assert(fc.property(dateTimes, (s) => isRfc3339DateTime(s) === (dateTimeProblem(s) === undefined)), { numRuns: RUNS });
  });

  it.each([
    ['2026-11-22T08:26:45.123Z', true],
    ['2026-11-22t08:26:45z', true],
    ['2028-02-29T00:00:00+14:00', true],
    ['2026-02-29T00:00:00Z', false],
    ['2026-11-22T24:00:00Z', false],
    ['2016-12-31T23:59:60Z', true],
    ['2016-12-31T23:59:60+01:00', false],
    ['2026-11-22T08:26:45.Z', false],
    ['2026-11-22T08:26:45+0100', false],
    ['2026-11-22 08:26:45Z', false],
  ])('%s -> %s', (s, valid) => {
    expect(isRfc3339DateTime(s)).toBe(valid);
  });
});
