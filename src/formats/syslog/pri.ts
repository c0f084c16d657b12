/**
 * PRI (RFC 5424 §6.2.1, RFC 3164 §4.1.1): `<PRIVAL>` where PRIVAL = facility × 8 + severity,
 * 0-191, written in decimal without leading zeros (1-3 digits).
 */
import type { ParseResult, WireFormatName } from '../parse-error.js';
import { failed, parsed } from '../parse-error.js';
import { SYSLOG_SEVERITY_NAMES } from './severity.js';

/** The PRI of a facility (0-23) and a syslog severity (0-7), e.g. `<110>` for audit.info. */
export const encodePri = (facility: number, severity: number): string => `<${facility * 8 + severity}>`;

export interface Pri {
  readonly facility: number;
  readonly severity: number;
  /** The offset just after `>`. */
  readonly end: number;
}

/** Reads `<PRIVAL>` at `start`: 1-3 digits, no leading zero, at most 191. */
export function readPri(text: string, start: number, format: WireFormatName): ParseResult<Pri> {
  if (text.charCodeAt(start) !== 60 /* < */) return failed(format, start, 'expected "<" opening PRI');
  let i = start + 1;
  let value = 0;
  while (i < text.length && i - start <= 4) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (i > start + 1 && value === 0) return failed(format, i, 'PRIVAL has a leading zero');
    value = value * 10 + d;
    i++;
  }
  if (i === start + 1) return failed(format, i, 'PRIVAL must be 1-3 digits');
  if (i - start > 4) return failed(format, start + 1, 'PRIVAL has more than 3 digits');
  if (value > 191) return failed(format, start + 1, `PRIVAL ${value} is over 191 (facility 23, severity 7)`);
  if (text.charCodeAt(i) !== 62 /* > */) return failed(format, i, 'expected ">" closing PRI');
  return parsed({ facility: value >> 3, severity: value & 7, end: i + 1 });
}

/** `13.6 (audit.info)`-style text for error messages. */
export const severityText = (severity: number): string => `${severity} (${SYSLOG_SEVERITY_NAMES[severity] ?? '?'})`;
