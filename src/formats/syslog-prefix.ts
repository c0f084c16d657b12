/**
 * The syslog header that may stand before a CEF or LEEF line (fact sheet §8.5, §9.1): an RFC 3164
 * header (`<PRI>Mmm dd hh:mm:ss host [TAG[pid]: ]`, PRI optional as QRadar allows) or an RFC 5424
 * header (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD `, the MSG possibly opening with a BOM), or the
 * short form IBM's LEEF guide shows (`<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 LEEF:2.0|…`). The
 * CEF and LEEF parsers accept a line with or without one; what the header says is not part of the
 * event (the syslog parsers read it).
 */

const RFC5424 = /^<(\d{1,3})>1 \S+ \S+ \S+ \S+ \S+ (?:-|\[(?:[^\]\\]|\\.)*\](?:\[(?:[^\]\\]|\\.)*\])*) \uFEFF?$/;
/** PRI, VERSION, TIMESTAMP and HOSTNAME only, as in IBM's LEEF examples. */
const SHORT_RFC5424 = /^<(\d{1,3})>1 \S+ \S+ $/;
const RFC3164 = /^(?:<(\d{1,3})>)?[A-Z][a-z]{2} [ 123]\d \d{2}:\d{2}:\d{2} [!-~]+ (?:[!-9;-Z\\^-~]{1,32}(?:\[[!-Z\\^-~]*\])?: )?$/;

/** Where the `marker` (`CEF:` or `LEEF:`) begins after an optional syslog header, or a reason. */
export function afterSyslogPrefix(line: string, marker: string): number | string {
  if (line.startsWith(marker)) return 0;
  for (let at = line.indexOf(marker); at !== -1; at = line.indexOf(marker, at + 1)) {
    const prefix = line.slice(0, at);
    const m = RFC5424.exec(prefix) ?? SHORT_RFC5424.exec(prefix) ?? RFC3164.exec(prefix);
    if (m === null) continue;
    if (m[1] !== undefined && Number(m[1]) > 191) return `syslog PRI ${m[1]} is over 191`;
    return at;
  }
  return line.includes(marker) ? `the text before "${marker}" is not an RFC 3164 or RFC 5424 syslog header` : `no "${marker}" line`;
}
