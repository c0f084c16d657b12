/**
 * Properties of the RFC 5424 and RFC 3164 encoders and parsers over canonical events derived from
 * the schemas (test/helpers/canonical-arbitrary.ts), registered and unregistered actions, hostile
 * strings, and hostile options (host names, product names, PROCIDs, any facility and enterprise
 * number):
 *   - `parse(encode(e))` deep-equals `e`, for every format and body (json, cef, leef), from the
 *     message as text and as UTF-8 bytes;
 *   - every message obeys the grammar: PRI, header fields within their caps in printable ASCII,
 *     siemkit's SD element holding exactly the documented params, escaped as RFC 5424 §6.3.3 says,
 *     and no raw CR or LF anywhere;
 *   - the parsers never throw on arbitrary strings and bytes, valid messages cut short, lengthened,
 *     or with bytes changed, and every failure is a ParseError with an offset inside the input.
 *
 * Runs: SIEMKIT_PROPERTY_RUNS per property (default 1,000; `npx tsx scripts/property-100k.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { ParseResult } from '../../src/formats/parse-error.js';
import { ParseError } from '../../src/formats/parse-error.js';
import type { SyslogBody } from '../../src/formats/syslog/body.js';
import { SYSLOG_BODIES } from '../../src/formats/syslog/body.js';
import { HEADER_FIELD_MAX_OCTETS, headerField, rfc3164Tag } from '../../src/formats/syslog/header-field.js';
import { encodeRfc3164 } from '../../src/formats/syslog/rfc3164-encode.js';
import { parseRfc3164, readRfc3164 } from '../../src/formats/syslog/rfc3164-parse.js';
import { encodeRfc5424 } from '../../src/formats/syslog/rfc5424-encode.js';
import { parseRfc5424, readRfc5424 } from '../../src/formats/syslog/rfc5424-parse.js';
import { SYSLOG_SEVERITY } from '../../src/formats/syslog/severity.js';
import { structuredDataParams } from '../../src/formats/syslog/structured-data.js';
import { instantOf, rfc5424Timestamp } from '../../src/formats/syslog/timestamp.js';
import { arbitraryCanonicalEvent, hostileText } from '../helpers/canonical-arbitrary.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);

/** Options as a configuration could give them: hostile names, any facility and enterprise number. */
const arbitraryOptions = fc.record({
  product: fc.record({ vendor: hostileText({ minLength: 1, maxLength: 40 }), name: hostileText({ minLength: 1, maxLength: 80 }), version: hostileText({ maxLength: 20 }) }),
  facility: fc.integer({ min: 0, max: 23 }),
  enterpriseNumber: fc.oneof(fc.constant(32473), fc.nat({ max: 2 ** 31 })),
  hostname: fc.option(hostileText({ maxLength: 300 }), { nil: undefined }),
  procId: fc.option(hostileText({ maxLength: 200 }), { nil: undefined }),
  body: fc.constantFrom<SyslogBody>(...SYSLOG_BODIES),
});

const event = arbitraryCanonicalEvent({ actions: 'mixed' });

function expectRoundTrip(result: ParseResult<CanonicalEvent>, e: CanonicalEvent): void {
  if (!result.ok) expect.fail(`parse failed: ${result.error.message}`);
  expect(result.value).toStrictEqual(e);
}

/** A failure is a ParseError of the format with an offset inside the input. */
function expectWellFormedResult(result: ParseResult<unknown>, format: string, length: number): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(ParseError);
  expect(result.error.format).toBe(format);
  expect(Number.isInteger(result.error.offset)).toBe(true);
  expect(result.error.offset).toBeGreaterThanOrEqual(0);
  expect(result.error.offset).toBeLessThanOrEqual(length);
}

describe('RFC 5424 over every valid canonical event', () => {
  it(
    'parse(encode(e)) is e, for every body, from text and bytes',
    () => {
      fc.assert(
        fc.property(event, arbitraryOptions, (e, options) => {
          const message = encodeRfc5424(e, options);
          expectRoundTrip(parseRfc5424(message), e);
          expectRoundTrip(parseRfc5424(Buffer.from(message)), e);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'every message obeys the grammar: PRI, capped printable ASCII header, exact SD, no raw CR or LF',
    () => {
      fc.assert(
        fc.property(event, arbitraryOptions, (e, options) => {
          const message = encodeRfc5424(e, options);
          expect(message).not.toMatch(/[\r\n]/);
          const read = readRfc5424(message);
          if (!read.ok) expect.fail(read.error.message);
          const m = read.value;
          expect([m.facility, m.severity]).toEqual([options.facility, SYSLOG_SEVERITY[e.severity]]);
          expect(m.timestamp ?? '-').toBe(rfc5424Timestamp(e.timestamp));
          // Header fields: what headerField makes of the options, and within their caps in printable ASCII.
          const header: [string | undefined, string | undefined, number][] = [
            [m.hostname, options.hostname, HEADER_FIELD_MAX_OCTETS.hostname],
            [m.appName, options.product.name, HEADER_FIELD_MAX_OCTETS.appName],
            [m.procId, options.procId, HEADER_FIELD_MAX_OCTETS.procId],
            [m.msgId, e.action, HEADER_FIELD_MAX_OCTETS.msgId],
          ];
          for (const [value, source, max] of header) {
            expect(value ?? '-').toBe(headerField(source, max));
            expect(value ?? '-').toMatch(new RegExp(`^[\\x21-\\x7e]{1,${max}}$`));
          }
          // STRUCTURED-DATA: siemkit's element alone, with exactly the carried params, unescaped back to the event's values.
          expect(m.structuredData.map((s) => [s.id, s.params])).toEqual([[`siemkit@${options.enterpriseNumber}`, structuredDataParams(e)]]);
          expect(m.bom).toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('RFC 5424: a message changed before its body', () => {
  // parseRfc5424 settles siemkit's own messages by comparing them with what the encoder writes,
  // and reads every other message param by param: a changed header or SD must still be accepted
  // only where RFC 5424's grammar and the agreement with the body hold.
  const change = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('replace', 'insert', 'delete'),
    char: fc.constantFrom('"', '\\', ']', '[', ' ', '=', '-', 'a', 'Z', '0', '9', '@', '\ufeff', 'é'),
  });

  it(
    'is accepted only when it is grammatical and agrees with the body',
    () => {
      let accepted = 0;
      fc.assert(
        fc.property(event, arbitraryOptions, change, (e, options, c) => {
          const message = encodeRfc5424(e, options);
          const bodyStart = message.indexOf(' \ufeff') + 2;
          const at = c.at % bodyStart;
          const changed =
            c.kind === 'insert' ? message.slice(0, at) + c.char + message.slice(at) : message.slice(0, at) + (c.kind === 'replace' ? c.char : '') + message.slice(at + 1);
          const result = parseRfc5424(changed);
          expectWellFormedResult(result, 'syslog5424', changed.length);
          if (!result.ok) return;
          accepted++;
          const read = readRfc5424(changed);
          if (!read.ok) expect.fail(`accepted, but not grammatical: ${read.error.message}`);
          const m = read.value;
          const value = result.value;
          expect(m.severity).toBe(SYSLOG_SEVERITY[value.severity]);
          if (m.msgId !== undefined) expect(m.msgId).toBe(headerField(value.action, HEADER_FIELD_MAX_OCTETS.msgId));
          if (m.instant !== undefined) expect(m.instant).toBe(instantOf(value.timestamp));
          const carried = new Map(structuredDataParams(value));
          for (const element of m.structuredData.filter((s) => /^siemkit@(?:0|[1-9]\d*)$/.test(s.id))) {
            for (const [name, v] of element.params) expect(carried.get(name)).toBe(v);
          }
        }),
        { numRuns: RUNS },
      );
      // Some changes leave a valid message (a hostname letter, a param dropped whole...): both ways are exercised.
      expect(accepted).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});

describe('RFC 3164 over every valid canonical event', () => {
  it(
    'parse(encode(e)) is e through the body, and the header obeys the grammar',
    () => {
      fc.assert(
        fc.property(event, arbitraryOptions, (e, options) => {
          const message = encodeRfc3164(e, options);
          expect(message).not.toMatch(/[\r\n]/);
          expectRoundTrip(parseRfc3164(message), e);
          expectRoundTrip(parseRfc3164(Buffer.from(message)), e);
          const read = readRfc3164(message);
          if (!read.ok) expect.fail(read.error.message);
          expect(read.value.hostname ?? '-').toBe(headerField(options.hostname, HEADER_FIELD_MAX_OCTETS.hostname));
          expect(read.value.tag).toBe(rfc3164Tag(options.product.name));
          expect(read.value.tag).toMatch(/^[A-Za-z0-9]{1,32}$/);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('the syslog parsers never throw', () => {
  const parsers = [
    { format: 'syslog5424', parse: parseRfc5424, read: readRfc5424, encode: encodeRfc5424 },
    { format: 'syslog3164', parse: parseRfc3164, read: readRfc3164, encode: encodeRfc3164 },
  ] as const;

  for (const { format, parse, read, encode } of parsers) {
    it(
      `${format}: on arbitrary strings and bytes`,
      () => {
        const strings = fc.oneof(fc.string({ unit: 'binary' }), hostileText(), fc.string({ unit: fc.constantFrom('<', '>', '1', ' ', '-', '[', ']', '"', '\\', '=', '{', '}', 'a', '\ufeff', ':') }));
        fc.assert(
          fc.property(strings, fc.uint8Array({ maxLength: 512 }), (s, bytes) => {
            for (const input of [s, Buffer.from(bytes), `<110>1 - - - - - ${s}`, `<110>May 14 09:21:07 h t: ${s}`]) {
              const length = typeof input === 'string' ? input.length : input.length;
              expectWellFormedResult(parse(input), format, length);
              expectWellFormedResult(read(input), format, length);
            }
          }),
          { numRuns: RUNS },
        );
      },
      TIMEOUT_MS,
    );

    it(
      `${format}: on valid messages cut short, lengthened, or with bytes changed`,
      () => {
        const mutation = fc.record({ cut: fc.nat(), tail: fc.uint8Array({ maxLength: 64 }), flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }) });
        fc.assert(
          fc.property(event, arbitraryOptions, mutation, (e, options, { cut, tail, flips }) => {
            const bytes = Buffer.from(encode(e, options));
            const truncated = bytes.subarray(0, cut % (bytes.length + 1));
            const longer = Buffer.concat([bytes, Buffer.from(tail)]);
            const changed = Buffer.from(bytes);
            for (const [at, value] of flips) changed[at % changed.length] = value;
            for (const input of [truncated, longer, changed]) {
              expectWellFormedResult(parse(input), format, input.length);
              const text = input.toString('utf8');
              expectWellFormedResult(parse(text), format, text.length);
            }
          }),
          { numRuns: RUNS },
        );
      },
      TIMEOUT_MS,
    );
  }
});
