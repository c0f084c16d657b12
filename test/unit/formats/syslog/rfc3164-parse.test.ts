import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import type { ParseResult } from '../../../../src/formats/parse-error.js';
import { encodeRfc3164 } from '../../../../src/formats/syslog/rfc3164-encode.js';
import { parseRfc3164, readRfc3164 } from '../../../../src/formats/syslog/rfc3164-parse.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';

const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const EVENT = GOLDEN_EVENTS[0] as CanonicalEvent;
const BODY = JSON.stringify(EVENT);
const HEAD = '<110>May 14 09:21:07 host.example ScaiDrive[42]: ';

function expectError(result: ParseResult<unknown>, offset: number, reason: string | RegExp): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.format).toBe('syslog3164');
  expect(result.error.reason).toMatch(reason);
  expect(result.error.offset).toBe(offset);
}

describe('readRfc3164', () => {
  it("reads RFC 3164's example and ours", () => {
    const example = readRfc3164("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    expect(example.ok && example.value).toEqual({ facility: 4, severity: 2, timestamp: 'Oct 11 22:14:15', hostname: 'mymachine', tag: 'su', pid: undefined, content: "'su root' failed for lonvick on /dev/pts/8", offsets: { timestamp: 4, content: 34 } });
    const ours = readRfc3164(`<110>Feb  5 09:21:07 - ScaiDrive[a-1]: x`);
    expect(ours.ok && ours.value).toMatchObject({ timestamp: 'Feb  5 09:21:07', hostname: undefined, tag: 'ScaiDrive', pid: 'a-1', content: 'x' });
  });

  it.each([
    ['<110>May 14 09:21:07', 20, 'expected a space after TIMESTAMP'],
    ['<110>may 14 09:21:07 h t: x', 5, 'TIMESTAMP is not'],
    ['<110>May 05 09:21:07 h t: x', 5, 'TIMESTAMP is not'],
    ['<110>May  0 09:21:07 h t: x', 5, 'TIMESTAMP is not'],
    ['<110>May 14 24:21:07 h t: x', 5, 'TIMESTAMP is not'],
    ['<110>May 14 09:21:60 h t: x', 5, 'TIMESTAMP is not'],
    ['<110>Apr 31 09:21:07 h t: x', 9, 'Apr never has'],
    ['<110>May 14 09:21:07  t: x', 21, 'HOSTNAME must be'],
    ['<110>May 14 09:21:07 h', 22, 'ends after HOSTNAME'],
    ['<110>May 14 09:21:07 h\u00e9 t: x', 22, 'HOSTNAME holds'],
    ['<110>May 14 09:21:07 h -t: x', 23, 'TAG must be'],
    [`<110>May 14 09:21:07 h ${'t'.repeat(33)}: x`, 23, 'TAG is longer than 32'],
    ['<110>May 14 09:21:07 h t[]: x', 25, 'PID must be'],
    ['<110>May 14 09:21:07 h t[1 2]: x', 26, 'expected "]"'],
    ['<110>May 14 09:21:07 h t x', 24, 'expected ": "'],
    ['<110>May 14 09:21:07 h t:x', 24, 'expected ": "'],
  ])('rejects %j at %i', (text, offset, reason) => {
    expectError(readRfc3164(text), offset, reason);
  });
});

describe('parseRfc3164', () => {
  it('gives back every golden event, from text and bytes, the header being lossy', () => {
    for (const event of GOLDEN_EVENTS) {
      const message = encodeRfc3164(event, { product: PRODUCT, hostname: 'host.example', procId: '42' });
      expect(parseRfc3164(message)).toStrictEqual({ ok: true, value: event });
      expect(parseRfc3164(Buffer.from(message))).toStrictEqual({ ok: true, value: event });
    }
  });

  it('needs a body that is a valid event', () => {
    expectError(parseRfc3164(HEAD), HEAD.length, 'there is no CONTENT');
    expectError(parseRfc3164(`${HEAD}'su root' failed`), HEAD.length, 'none of JSON');
    expectError(parseRfc3164(`${HEAD}${JSON.stringify({ ...EVENT, severity: 'severe' })}`), HEAD.length, /attribute_enum_value_unknown at "\/severity"/);
  });

  it('reports a PRI severity or a timestamp that disagrees with the body', () => {
    expect(parseRfc3164(`${HEAD}${BODY}`).ok).toBe(true);
    expectError(parseRfc3164(`${HEAD.replace('<110>', '<105>')}${BODY}`), 0, /PRI severity 1 \(alert\) disagrees/);
    expectError(parseRfc3164(`${HEAD.replace('09:21:07', '09:21:08')}${BODY}`), 5, "TIMESTAMP is not the body's timestamp");
    expectError(parseRfc3164(`${HEAD.replace('May 14', 'May 15')}${BODY}`), 5, "TIMESTAMP is not the body's timestamp");
  });
});
