/**
 * Properties of the LEEF encoder and parser over canonical events derived from the schemas
 * (test/helpers/canonical-arbitrary.ts), registered and unregistered actions, hostile strings,
 * hostile product identities and every delimiter the encoder accepts (given literally or as xHH),
 * with and without a syslog prefix:
 *   - `parseLeef(encodeLeef(e))` deep-equals `e`;
 *   - every line obeys the grammar (fact sheet §9): `LEEF:2.0`, five header fields without a raw
 *     `|`, the delimiter field naming the delimiter, then `key=value` attributes separated by the
 *     delimiter, each key once and one siemkit writes, values percent-encoded as documented (no raw
 *     `%` outside a `%HH`, no raw CR, LF or delimiter), devTime the epoch milliseconds and sev 1-10;
 *   - the parser never throws on arbitrary strings, valid lines cut short, lengthened or with bytes
 *     changed, and every failure is a ParseError with an offset inside the input.
 *
 * Runs: SIEMKIT_PROPERTY_RUNS per property (default 1,000; `npx tsx scripts/property-100k.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs } from '../../src/formats/epoch-ms.js';
import { delimiterField, delimiterProblem, parseDelimiter } from '../../src/formats/leef/delimiter.js';
import { encodeLeef, leefDelimiter } from '../../src/formats/leef/encode.js';
import { LEEF_FIELDS, REST_KEY } from '../../src/formats/leef/fields.js';
import { parseLeef, readLeef } from '../../src/formats/leef/parse.js';
import type { ParseResult } from '../../src/formats/parse-error.js';
import { ParseError } from '../../src/formats/parse-error.js';
import { SEVERITY_SCORE } from '../../src/formats/severity-scale.js';
import { BUILT_IN_REGISTRY } from '../../src/registry/registry.js';
import { arbitraryCanonicalEvent, hostileText } from '../helpers/canonical-arbitrary.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);

const product = fc.record({ vendor: hostileText({ minLength: 1, maxLength: 40 }), name: hostileText({ minLength: 1, maxLength: 80 }), version: fc.option(hostileText({ maxLength: 20 }), { nil: undefined }) });
const event = arbitraryCanonicalEvent({ actions: 'mixed' });
const prefix = fc.constantFrom('', '<134>Feb  5 23:02:03 siem-01.acme.example ScaiDrive[4242]: ', 'Jan 18 11:07:53 192.168.1.1 ', '<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 ScaiDrive - - - ');

/** Every delimiter the encoder accepts: the usual ones, and any one character, as an option gives it (literal or xHH). */
const delimiterOption = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom('\t', '^', '|', ' ', '~', '#', ',', ';', '¦', '\u0001', '\u2028', '-') },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  )
  .filter((d) => delimiterProblem(d) === undefined)
  .chain((d) => fc.constantFrom(d, `x${d.charCodeAt(0).toString(16)}`).filter((o) => d.length === 1 || o === d));

const KNOWN: ReadonlySet<string> = new Set(['devTime', 'sev', ...LEEF_FIELDS.map((f) => f.key), REST_KEY]);

function expectWellFormedResult(result: ParseResult<unknown>, length: number): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(ParseError);
  expect(result.error.format).toBe('leef');
  expect(Number.isInteger(result.error.offset)).toBe(true);
  expect(result.error.offset).toBeGreaterThanOrEqual(0);
  expect(result.error.offset).toBeLessThanOrEqual(length);
}

describe('LEEF over every valid canonical event', () => {
  it(
    'parse(encode(e)) is e, with a hostile product identity, any accepted delimiter, with or without a syslog prefix',
    () => {
      fc.assert(
        fc.property(event, product, delimiterOption, prefix, (e, p, delimiter, before) => {
          const result = parseLeef(before + encodeLeef(e, { product: p, delimiter }));
          if (!result.ok) expect.fail(`parse failed: ${result.error.message}`);
          expect(result.value).toStrictEqual(e);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'every line obeys the grammar: header, delimiter field, known keys once, percent-encoded values, devTime, sev',
    () => {
      fc.assert(
        fc.property(event, product, delimiterOption, (e, p, option) => {
          const delimiter = leefDelimiter(option);
          const line = encodeLeef(e, { product: p, delimiter });
          expect(line).not.toMatch(/[\r\n]/);
          const header = /^LEEF:2\.0\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|/.exec(line);
          if (header === null) expect.fail('the header is not LEEF:2.0 and four fields');
          const field = line.slice(header[0].length, line.indexOf('|', header[0].length));
          expect(field).toBe(delimiterField(delimiter));
          expect(parseDelimiter(field)).toBe(delimiter);
          for (const f of header.slice(1)) expect(f).not.toMatch(/%(?![0-9A-F]{2})/);

          const attributes = line.slice(header[0].length + field.length + 1).split(delimiter);
          const keys = attributes.map((a) => a.slice(0, a.indexOf('=')));
          expect(new Set(keys).size).toBe(keys.length);
          for (const [i, pair] of attributes.entries()) {
            expect(KNOWN.has(keys[i] as string), pair.slice(0, 40)).toBe(true);
            expect(pair.slice(pair.indexOf('=') + 1)).not.toMatch(/%(?![0-9A-F]{2})/);
          }
          // devTime is the digits of epoch ms; the `-` of an instant before 1970 is percent-encoded when it is the delimiter.
          const ms = epochMs(e.timestamp).ms;
          expect(attributes.slice(0, 2)).toEqual([`devTime=${ms < 0 && delimiter === '-' ? `%2D${-ms}` : ms}`, `sev=${SEVERITY_SCORE[e.severity]}`]);

          const read = readLeef(line);
          if (!read.ok) expect.fail(read.error.message);
          expect([read.value.vendor, read.value.product, read.value.productVersion, read.value.eventId]).toEqual([p.vendor, p.name, p.version ?? '', BUILT_IN_REGISTRY.mapping(e.category, e.action).cef.signature_id]);
          expect(read.value.attributes.get('tenantId')).toBe(e.tenant_id);
          expect(read.value.attributes.get('usrName')).toBe(e.actor.id);
          if (e.message !== undefined) expect(read.value.attributes.get('message')).toBe(e.message);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('the LEEF parser never throws', () => {
  it(
    'on arbitrary strings',
    () => {
      const strings = fc.oneof(fc.string({ unit: 'binary' }), hostileText(), fc.string({ unit: fc.constantFrom('L', 'E', 'F', ':', '2.0', '1.0', '|', '^', '\t', '=', '%', '%0', 'x09', 'a', 'sev', '{', '\n', '<') }));
      fc.assert(
        fc.property(strings, (s) => {
          for (const input of [s, `LEEF:2.0|${s}`, `LEEF:2.0|v|p|1|id|^|${s}`, `LEEF:1.0|v|p|1|id|${s}`, `<13>Jan 18 11:07:53 host LEEF:2.0|v|p|1|id|${s}`]) {
            expectWellFormedResult(parseLeef(input), input.length);
            expectWellFormedResult(readLeef(input), input.length);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'on valid lines cut short, lengthened, or with bytes changed',
    () => {
      const mutation = fc.record({ cut: fc.nat(), tail: fc.uint8Array({ maxLength: 64 }), flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }) });
      fc.assert(
        fc.property(event, product, delimiterOption, mutation, (e, p, delimiter, { cut, tail, flips }) => {
          const line = encodeLeef(e, { product: p, delimiter });
          const bytes = Buffer.from(line);
          const changed = Buffer.from(bytes);
          for (const [at, value] of flips) changed[at % changed.length] = value;
          const inputs = [line.slice(0, cut % (line.length + 1)), Buffer.concat([bytes, Buffer.from(tail)]).toString('utf8'), changed.toString('utf8')];
          for (const input of inputs) {
            expectWellFormedResult(parseLeef(input), input.length);
            expectWellFormedResult(readLeef(input), input.length);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
