/**
 * Syslog facilities (RFC 5424 §6.2.1, Table 1): the codes 0-23 with the keywords that syslog
 * daemons use for them. siemkit writes audit events with facility 13, "log audit", unless the
 * configuration names another.
 */

/** Facility codes by keyword, in code order (the keyword of code `n` is `FACILITIES[n].name`). */
export const FACILITIES = [
  { code: 0, name: 'kern', description: 'kernel messages' },
  { code: 1, name: 'user', description: 'user-level messages' },
  { code: 2, name: 'mail', description: 'mail system' },
  { code: 3, name: 'daemon', description: 'system daemons' },
  { code: 4, name: 'auth', description: 'security/authorization messages' },
  { code: 5, name: 'syslog', description: 'messages generated internally by syslogd' },
  { code: 6, name: 'lpr', description: 'line printer subsystem' },
  { code: 7, name: 'news', description: 'network news subsystem' },
  { code: 8, name: 'uucp', description: 'UUCP subsystem' },
  { code: 9, name: 'cron', description: 'clock daemon' },
  { code: 10, name: 'authpriv', description: 'security/authorization messages' },
  { code: 11, name: 'ftp', description: 'FTP daemon' },
  { code: 12, name: 'ntp', description: 'NTP subsystem' },
  { code: 13, name: 'audit', description: 'log audit' },
  { code: 14, name: 'alert', description: 'log alert' },
  { code: 15, name: 'clock', description: 'clock daemon (note 2)' },
  { code: 16, name: 'local0', description: 'local use 0' },
  { code: 17, name: 'local1', description: 'local use 1' },
  { code: 18, name: 'local2', description: 'local use 2' },
  { code: 19, name: 'local3', description: 'local use 3' },
  { code: 20, name: 'local4', description: 'local use 4' },
  { code: 21, name: 'local5', description: 'local use 5' },
  { code: 22, name: 'local6', description: 'local use 6' },
  { code: 23, name: 'local7', description: 'local use 7' },
] as const;

export type FacilityName = (typeof FACILITIES)[number]['name'];

/** 13, "log audit": what security audit events are (RFC 5424 Table 1). */
export const DEFAULT_FACILITY = 13;

/** Whether `n` is a facility code, 0-23. */
export const isFacility = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 23;

/** The facility code of a keyword (`audit`, `local4`) or of its number as text (`13`); undefined for neither. */
export function facilityCode(nameOrCode: string | number): number | undefined {
  if (typeof nameOrCode === 'number') return isFacility(nameOrCode) ? nameOrCode : undefined;
  if (/^(?:0|[1-9]\d?)$/.test(nameOrCode)) return facilityCode(Number(nameOrCode));
  return FACILITIES.find((f) => f.name === nameOrCode)?.code;
}

/** The facility option checked: an encoder's programming error is a RangeError, not a bad message. */
export function checkFacility(facility: number): number {
  if (!isFacility(facility)) throw new RangeError(`syslog facility must be an integer 0-23, got ${String(facility)}`);
  return facility;
}
