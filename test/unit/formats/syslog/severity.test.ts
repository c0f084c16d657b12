import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../../schemas/canonical/severity.js';
import { SEVERITIES } from '../../../../schemas/canonical/severity.js';
import { canonicalSeverity, SYSLOG_SEVERITY, SYSLOG_SEVERITY_NAMES, syslogSeverity } from '../../../../src/formats/syslog/severity.js';

describe('canonical severity <-> syslog severity', () => {
  it('follows the documented table', () => {
    expect(SYSLOG_SEVERITY).toEqual({ info: 6, low: 5, medium: 4, high: 3, critical: 2 });
    expect(SYSLOG_SEVERITY_NAMES[SYSLOG_SEVERITY.medium]).toBe('warning');
  });

  it('is one-to-one and keeps the order (higher canonical severity = lower syslog number)', () => {
    const codes = SEVERITIES.map((s) => syslogSeverity(s));
    expect(new Set(codes).size).toBe(SEVERITIES.length);
    for (let i = 1; i < codes.length; i++) expect(codes[i]).toBeLessThan(codes[i - 1] as number);
    for (const s of SEVERITIES) expect(canonicalSeverity(syslogSeverity(s))).toBe(s);
  });

  it('emergency, alert and debug have no canonical severity', () => {
    expect([0, 1, 7, 8, -1].map(canonicalSeverity)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('a value outside the contract is a RangeError, not NaN in PRI', () => {
    expect(() => syslogSeverity('urgent' as Severity)).toThrow(RangeError);
    expect(() => syslogSeverity('toString' as Severity)).toThrow(RangeError);
  });
});
