import { describe, expect, it } from 'vitest';
import { checkFacility, DEFAULT_FACILITY, FACILITIES, facilityCode, isFacility } from '../../../../src/formats/syslog/facility.js';

describe('syslog facilities (RFC 5424 Table 1)', () => {
  it('lists the codes 0-23 in order, each keyword once', () => {
    expect(FACILITIES.map((f) => f.code)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(new Set(FACILITIES.map((f) => f.name)).size).toBe(24);
    expect(FACILITIES[DEFAULT_FACILITY]).toMatchObject({ name: 'audit', description: 'log audit' });
  });

  it('reads a keyword, a number, or its text', () => {
    expect(facilityCode('audit')).toBe(13);
    expect(facilityCode('local4')).toBe(20);
    expect(facilityCode('kern')).toBe(0);
    expect(facilityCode('13')).toBe(13);
    expect(facilityCode('0')).toBe(0);
    expect(facilityCode(23)).toBe(23);
    for (const bad of ['24', '013', '-1', '1.5', 'local8', 'AUDIT', '', ' 13']) expect(facilityCode(bad), bad).toBeUndefined();
    for (const bad of [24, -1, 1.5, Number.NaN]) expect(facilityCode(bad), String(bad)).toBeUndefined();
  });

  it('an encoder option outside 0-23 is a RangeError', () => {
    expect(checkFacility(0)).toBe(0);
    expect(checkFacility(23)).toBe(23);
    expect(isFacility(24)).toBe(false);
    for (const bad of [24, -1, 2.5, Number.NaN]) expect(() => checkFacility(bad)).toThrow(RangeError);
  });
});
