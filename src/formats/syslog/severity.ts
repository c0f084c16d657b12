/**
 * Canonical severity <-> syslog severity (RFC 5424 §6.2.1, Table 2).
 *
 * The canonical scale has five steps, syslog eight. An audit event is never an emergency (0, the
 * system is unusable) or an alert (1, act now); those stay with the systems that own them, and
 * "critical" maps to syslog's own critical (2). The rest follow in order, so a receiver that
 * filters on `severity <= 4` (warning and worse) gets medium, high and critical:
 *
 *   canonical   syslog
 *   info        6 informational
 *   low         5 notice
 *   medium      4 warning
 *   high        3 error
 *   critical    2 critical
 *
 * The table is one-to-one, so a parser reads the severity back from PRI exactly; syslog 0, 1 and
 * 7 have no canonical severity.
 */
import type { Severity } from '../../../schemas/canonical/severity.js';

/** Syslog severity keywords by code (RFC 5424 Table 2). */
export const SYSLOG_SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/** The syslog severity of each canonical severity. */
export const SYSLOG_SEVERITY: Readonly<Record<Severity, number>> = { info: 6, low: 5, medium: 4, high: 3, critical: 2 };

const CANONICAL_BY_SYSLOG: readonly (Severity | undefined)[] = [undefined, undefined, 'critical', 'high', 'medium', 'low', 'info', undefined];

/** The canonical severity of a syslog severity code, or undefined for 0, 1 and 7 (none maps there). */
export const canonicalSeverity = (syslogSeverity: number): Severity | undefined => CANONICAL_BY_SYSLOG[syslogSeverity];

/** The syslog severity of an event's severity; a RangeError for a value outside the contract. */
export function syslogSeverity(severity: Severity): number {
  const code = Object.prototype.hasOwnProperty.call(SYSLOG_SEVERITY, severity) ? SYSLOG_SEVERITY[severity] : undefined;
  if (code === undefined) throw new RangeError(`severity ${JSON.stringify(severity)} is not a canonical severity`);
  return code;
}
