import { describe, expect, it } from 'vitest';
import { afterSyslogPrefix } from '../../../src/formats/syslog-prefix.js';

const CEF = 'CEF:0|Acme|ScaiDrive|1.4.2|user.login|User login|1|rt=1';

describe('afterSyslogPrefix: the syslog header before a CEF or LEEF line (fact sheet §8.5, §9.1)', () => {
  it('is 0 for a line without a header', () => {
    expect(afterSyslogPrefix(CEF, 'CEF:')).toBe(0);
    expect(afterSyslogPrefix('LEEF:2.0|a|b|c|d|^|', 'LEEF:')).toBe(0);
  });

  it.each([
    ['<13>Jan 18 11:07:53 host '],
    ['Jan 18 11:07:53 host '],
    ['<134>Feb  5 23:02:03 siem-01.acme.example '],
    ['<134>Feb  5 23:02:03 10.0.0.1 ScaiDrive: '],
    ['<134>Feb  5 23:02:03 10.0.0.1 ScaiDrive[4242]: '],
    ['<0>Dec 31 00:00:00 h '],
    ['<191>Sep 19 08:26:10 host '],
  ])('finds the marker after the RFC 3164 header %j (PRI optional, as QRadar allows)', (prefix) => {
    expect(afterSyslogPrefix(prefix + CEF, 'CEF:')).toBe(prefix.length);
  });

  it.each([
    ['<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 - - - - '],
    ['<110>1 2024-05-14T09:21:07.123Z host.example ScaiDrive 4242 user.login - '],
    ['<110>1 - host app - id [exampleSDID@32473 iut="3" eventSource="App\\]x"][b@1 c="d"] '],
    ['<110>1 2024-05-14T09:21:07.123+02:00 h a p m - \ufeff'],
  ])('finds the marker after the RFC 5424 header %j (MSG with or without a BOM)', (prefix) => {
    expect(afterSyslogPrefix(prefix + CEF, 'CEF:')).toBe(prefix.length);
  });

  it('finds the marker after a header whose fields hold the marker text', () => {
    const prefix = '<13>Jan 18 11:07:53 CEF:host ';
    expect(afterSyslogPrefix(prefix + CEF, 'CEF:')).toBe(prefix.length);
  });

  it('refuses a PRI over 191', () => {
    expect(afterSyslogPrefix(`<192>Jan 18 11:07:53 host ${CEF}`, 'CEF:')).toMatch(/PRI 192 is over 191/);
    expect(afterSyslogPrefix(`<999>1 - h a p m - ${CEF}`, 'CEF:')).toMatch(/PRI 999 is over 191/);
  });

  it.each([
    [`garbage ${CEF}`],
    [` ${CEF}`],
    [`<13>Jan 18 11:07:53 host  ${CEF}`],
    [`<13>Jan 18 11:07:53 ${CEF}`],
    [`<13>jan 18 11:07:53 host ${CEF}`],
    [`<13>Jan 18 11:07 host ${CEF}`],
    [`<13>2 - h a p m - ${CEF}`],
    [`<13>1 - h a p m ${CEF}`],
    [`<13>1 - h a p m [unclosed ${CEF}`],
  ])('refuses text before the marker that is not a syslog header: %j', (line) => {
    expect(afterSyslogPrefix(line, 'CEF:')).toMatch(/not an RFC 3164 or RFC 5424 syslog header/);
  });

  it('says when there is no marker at all', () => {
    expect(afterSyslogPrefix('LEEF:2.0|a|b|c|d|^|', 'CEF:')).toMatch(/no "CEF:" line/);
    expect(afterSyslogPrefix('', 'LEEF:')).toMatch(/no "LEEF:" line/);
    expect(afterSyslogPrefix('cef:0|a', 'CEF:')).toMatch(/no "CEF:" line/);
  });
});
