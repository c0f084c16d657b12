import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import type { ParseResult } from '../../../../src/formats/parse-error.js';
import { ParseError } from '../../../../src/formats/parse-error.js';
import { encodeRfc5424 } from '../../../../src/formats/syslog/rfc5424-encode.js';
import { parseRfc5424, readRfc5424 } from '../../../../src/formats/syslog/rfc5424-parse.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';

const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const EVENT = GOLDEN_EVENTS[0] as CanonicalEvent;
const MESSAGE = encodeRfc5424(EVENT, { product: PRODUCT, hostname: 'host.example', procId: '42' });
const BODY = JSON.stringify(EVENT);
/** The message up to (not including) the MSG. */
const HEAD = MESSAGE.slice(0, MESSAGE.indexOf('\ufeff'));

function expectError(result: ParseResult<unknown>, offset: number, reason: string | RegExp): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(ParseError);
  expect(result.error.format).toBe('syslog5424');
  expect(result.error.reason).toMatch(reason);
  expect(result.error.offset).toBe(offset);
}

describe('readRfc5424: the grammar', () => {
  it("reads RFC 5424's own examples (§6.5)", () => {
    const one = readRfc5424('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \ufeff\'su root\' failed for lonvick on /dev/pts/8');
    expect(one.ok && one.value).toMatchObject({ facility: 4, severity: 2, timestamp: '2003-10-11T22:14:15.003Z', hostname: 'mymachine.example.com', appName: 'su', procId: undefined, msgId: 'ID47', structuredData: [], bom: true, message: "'su root' failed for lonvick on /dev/pts/8" });
    const two = readRfc5424('<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It\'s time to make the do-nuts.');
    expect(two.ok && two.value).toMatchObject({ facility: 20, severity: 5, instant: Date.UTC(2003, 7, 24, 12, 14, 15), procId: '8710', msgId: undefined, bom: false, message: "%% It's time to make the do-nuts." });
    const three = readRfc5424('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \ufeffAn application event log entry...');
    expect(three.ok && three.value.structuredData[0]?.params).toEqual([['iut', '3'], ['eventSource', 'Application'], ['eventID', '1011']]);
    const four = readRfc5424('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]');
    expect(four.ok && four.value).toMatchObject({ message: undefined });
    expect(four.ok && four.value.structuredData.map((e) => e.id)).toEqual(['exampleSDID@32473', 'examplePriority@32473']);
  });

  it.each([
    ['<110>2 ', 5, 'VERSION "1"'],
    ['<110>', 5, 'ends after PRI'],
    ['<110>1', 5, 'VERSION "1"'],
    ['<110>10 ', 5, 'VERSION "1"'],
    ['<110>1 2024-05-14T09:21:07.123Z', 31, 'ends after TIMESTAMP'],
    ['<110>1  h a p m - x', 7, 'TIMESTAMP must be'],
    ['<110>1 2024-05-14T09:21:07.123Z h\u00e9 a p m - x', 33, 'HOSTNAME holds a character outside'],
    [`<110>1 - ${'h'.repeat(256)} a p m - x`, 9, 'HOSTNAME is longer than 255'],
    [`<110>1 - h ${'a'.repeat(49)} p m - x`, 11, 'APP-NAME is longer than 48'],
    [`<110>1 - h a ${'p'.repeat(129)} m - x`, 13, 'PROCID is longer than 128'],
    [`<110>1 - h a p ${'m'.repeat(33)} - x`, 15, 'MSGID is longer than 32'],
    ['<110>1 - h a p m\t- x', 16, 'MSGID holds a character outside'],
    ['<110>1 - h a p m', 16, 'ends after MSGID'],
    ['<110>1 - h a p m ', 17, 'expected STRUCTURED-DATA'],
    ['<110>1 - h a p m -x', 18, 'expected a space or the end'],
    ['<110>1 2024-05-14 h a p m - x', 7, 'TIMESTAMP is not'],
  ])('rejects %j at %i', (text, offset, reason) => {
    expectError(readRfc5424(text), offset, reason);
  });
});

describe('parseRfc5424', () => {
  it('gives back every golden event, from text and from bytes', () => {
    for (const event of GOLDEN_EVENTS) {
      const message = encodeRfc5424(event, { product: PRODUCT, hostname: 'host.example' });
      expect(parseRfc5424(message)).toStrictEqual({ ok: true, value: event });
      expect(parseRfc5424(Buffer.from(message))).toStrictEqual({ ok: true, value: event });
    }
  });

  it('accepts a MSG without the BOM (MSG-ANY) and header facts left out as NILVALUE', () => {
    expect(parseRfc5424(`${HEAD}${BODY}`)).toStrictEqual({ ok: true, value: EVENT });
    const nil = `<${13 * 8 + 6}>1 - - - - - - \ufeff${BODY}`;
    expect(parseRfc5424(nil)).toStrictEqual({ ok: true, value: EVENT });
  });

  it('reads the SD elements of other producers and ignores them', () => {
    const withOthers = HEAD.replace(' [siemkit@', ' [timeQuality tzKnown="1" isSynced="0"][siemkit@') + `\ufeff${BODY}`;
    expect(parseRfc5424(withOthers)).toStrictEqual({ ok: true, value: EVENT });
  });

  it('accepts a subset of the SD-PARAMs, and any enterprise number', () => {
    const subset = HEAD.replace(/ tenant_id="[^"]*"/, '').replace('siemkit@32473', 'siemkit@4711') + `\ufeff${BODY}`;
    expect(parseRfc5424(subset)).toStrictEqual({ ok: true, value: EVENT });
  });

  it('needs a body', () => {
    expectError(parseRfc5424(HEAD.trimEnd()), HEAD.length - 1, 'there is no MSG');
    expectError(parseRfc5424(`${HEAD}\ufeff`), HEAD.length + 1, 'there is no MSG');
    expectError(parseRfc5424(`${HEAD}\ufeffhello`), HEAD.length + 1, 'none of JSON (an object), CEF or LEEF');
  });

  it('reports a body that is not JSON, or not a valid event, at its place and naming the field', () => {
    expectError(parseRfc5424(`${HEAD}\ufeff{"event_id":1,}`), HEAD.length + 1 + 14, 'not valid JSON');
    expectError(parseRfc5424(`${HEAD}\ufeff{"event_id":}`), HEAD.length + 1, 'not valid JSON');
    const { tenant_id: _t, ...noTenant } = EVENT;
    expectError(parseRfc5424(`${HEAD}\ufeff${JSON.stringify(noTenant)}`), HEAD.length + 1, /not a valid canonical event: attribute_required_missing at "\/tenant_id"/);
    expectError(parseRfc5424(`${HEAD}\ufeff${JSON.stringify({ ...EVENT, extra: 1 })}`), HEAD.length + 1, /attribute_unknown at "\/extra"/);
  });

  it('reports a header or SD fact that disagrees with the body', () => {
    const body = `\ufeff${BODY}`;
    expectError(parseRfc5424(HEAD.replace('<110>', '<107>') + body), 0, /PRI severity 3 \(err\) disagrees with the body's severity "info", which is 6 \(info\)/);
    expectError(parseRfc5424(HEAD.replace('.123Z', '.124Z') + body), 7, 'TIMESTAMP names another instant');
    // The same instant written with an offset and more digits agrees.
    expect(parseRfc5424(HEAD.replace('2024-05-14T09:21:07.123Z', '2024-05-14T11:21:07.123999+02:00') + body).ok).toBe(true);
    const msgIdAt = HEAD.indexOf(' user.login ') + 1;
    expectError(parseRfc5424(HEAD.replace(' user.login ', ' user.logout ') + body), msgIdAt, 'MSGID is not');
    const sdAt = HEAD.indexOf('[');
    expectError(parseRfc5424(HEAD.replace('tenant_id="tnt_acme_prod"', 'tenant_id="other"') + body), sdAt, 'SD-PARAM "tenant_id" of siemkit@32473 disagrees');
    expectError(parseRfc5424(HEAD.replace(' category=', ' resource_id="r" category=') + body), sdAt, 'SD-PARAM "resource_id" of siemkit@32473 disagrees');
    expectError(parseRfc5424(HEAD.replace(' category=', ' colour="red" category=') + body), sdAt, 'unknown SD-PARAM "colour"');
    expectError(parseRfc5424(HEAD.replace(' category=', ' event_id="' + EVENT.event_id + '" category=') + body), sdAt, 'SD-PARAM "event_id" twice');
    const second = HEAD.indexOf('] ') + 1;
    expectError(parseRfc5424(HEAD.replace('] ', '][siemkit@1] ') + body), second, 'two siemkit SD elements');
  });

  it('reports offsets in bytes for a Buffer', () => {
    const message = `<110>1 - hé a p m - x`;
    const fromText = parseRfc5424(message);
    const fromBytes = parseRfc5424(Buffer.from(message));
    expect(!fromText.ok && fromText.error.offset).toBe(10);
    expect(!fromBytes.ok && fromBytes.error.offset).toBe(10);
    const late = `${HEAD}\ufeff${JSON.stringify({ ...EVENT, message: 'é😀' }).slice(0, -1)},}`;
    const a = parseRfc5424(late);
    const b = parseRfc5424(Buffer.from(late));
    expect(a.ok || b.ok).toBe(false);
    if (!a.ok && !b.ok) expect(b.error.offset).toBe(Buffer.byteLength(late.slice(0, a.error.offset)));
    expectError(parseRfc5424(Buffer.concat([Buffer.from(HEAD), Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0xc3])])), HEAD.length + 4, 'not valid UTF-8');
  });

  it('checks the payload against the registry it is given', () => {
    const custom = { ...EVENT, category: 'SECURITY' as const, action: 'widget.explode', payload: { x: 1 } };
    const message = encodeRfc5424(custom, { product: PRODUCT });
    expect(parseRfc5424(message).ok).toBe(true);
  });
});
