/**
 * Properties of the CEF encoder and parser over canonical events derived from the schemas
 * (test/helpers/canonical-arbitrary.ts), registered and unregistered actions, hostile strings and
 * hostile product identities, with and without a syslog prefix:
 *   - `parseCef(encodeCef(e))` deep-equals `e`;
 *   - every line obeys the grammar (fact sheet §8): `CEF:0` and exactly seven header fields whose
 *     only escapes are `\\`, `\|` (and `\n`, `\r` for line breaks), an extension of `key=value`
 *     pairs whose only escapes are `\\`, `\=`, `\n`, `\r`, every key in the dictionary or one of the
 *     rest keys, every value within its key's length in code points, the documented labels, and no
 *     raw CR or LF anywhere;
 *   - the parser never throws on arbitrary strings, valid lines cut short, lengthened or with bytes
 *     changed, and every failure is a ParseError with an offset inside the input.
 *
 * Runs: SIEMKIT_PROPERTY_RUNS per property (default 1,000; `npx tsx scripts/property-100k.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength } from '../../schemas/formats/code-points.js';
import { cefKey } from '../../src/formats/cef/dictionary.js';
import { encodeCef, REST_CHUNK } from '../../src/formats/cef/encode.js';
import { CUSTOM_LABELS, IPV6_SOURCE_KEY, IPV6_SOURCE_LABEL, REST_KEY, REST_LABEL, REST_MORE_PREFIX } from '../../src/formats/cef/fields.js';
import { parseCef, readCef } from '../../src/formats/cef/parse.js';
import { epochMs } from '../../src/formats/epoch-ms.js';
import type { ParseResult } from '../../src/formats/parse-error.js';
import { ParseError } from '../../src/formats/parse-error.js';
import { SEVERITY_SCORE } from '../../src/formats/severity-scale.js';
import { BUILT_IN_REGISTRY } from '../../src/registry/registry.js';
import { arbitraryCanonicalEvent, hostileText } from '../helpers/canonical-arbitrary.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);

const product = fc.record({ vendor: hostileText({ minLength: 1, maxLength: 40 }), name: hostileText({ minLength: 1, maxLength: 80 }), version: fc.option(hostileText({ maxLength: 20 }), { nil: undefined }) });
const event = arbitraryCanonicalEvent({ actions: 'mixed' });
/** No prefix, or an RFC 3164 or RFC 5424 syslog header as receivers get them. */
const prefix = fc.constantFrom('', '<134>Feb  5 23:02:03 siem-01.acme.example ScaiDrive[4242]: ', 'Sep 19 08:26:10 10.0.0.1 ', '<110>1 2024-05-14T09:21:07.123Z host.example ScaiDrive 4242 user.login - \ufeff');

const LABELS: ReadonlyMap<string, string> = new Map([...CUSTOM_LABELS, [IPV6_SOURCE_KEY, IPV6_SOURCE_LABEL], [REST_KEY, REST_LABEL]]);

/** A failure is a ParseError of the format with an offset inside the input. */
function expectWellFormedResult(result: ParseResult<unknown>, length: number): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(ParseError);
  expect(result.error.format).toBe('cef');
  expect(Number.isInteger(result.error.offset)).toBe(true);
  expect(result.error.offset).toBeGreaterThanOrEqual(0);
  expect(result.error.offset).toBeLessThanOrEqual(length);
}

/**
 * The extension split by our own reading of §8.2, independent of parse.ts: escapes are `\\`, `\=`,
 * `\n`, `\r`; an unescaped `=` ends a key that follows a space (or the start).
 */
function splitExtension(text: string): [key: string, raw: string][] {
  const pairs: [string, string][] = [];
  let valueStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      expect('\\=nr', `escape at ${i}`).toContain(text[i + 1] ?? 'end');
      i++;
    } else if (c === '=') {
      const space = text.lastIndexOf(' ', i);
      const start = valueStart === -1 ? 0 : space + 1;
      const key = text.slice(start, i);
      expect(key).toMatch(/^[A-Za-z0-9]+$/);
      if (valueStart !== -1) {
        expect(space, `a raw "=" inside the value of ${pairs.at(-1)?.[0]}`).toBeGreaterThanOrEqual(valueStart);
        (pairs.at(-1) as [string, string])[1] = text.slice(valueStart, space);
      }
      pairs.push([key, '']);
      valueStart = i + 1;
    }
  }
  if (valueStart !== -1) (pairs.at(-1) as [string, string])[1] = text.slice(valueStart);
  return pairs;
}

describe('CEF over every valid canonical event', () => {
  it(
    'parse(encode(e)) is e, with a hostile product identity and with or without a syslog prefix',
    () => {
      fc.assert(
        fc.property(event, product, prefix, (e, p, before) => {
          const result = parseCef(before + encodeCef(e, { product: p }));
          if (!result.ok) expect.fail(`parse failed: ${result.error.message}`);
          expect(result.value).toStrictEqual(e);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'every line obeys the grammar: seven escaped header fields, dictionary keys within their lengths, labels, no raw CR or LF',
    () => {
      fc.assert(
        fc.property(event, product, (e, p) => {
          const line = encodeCef(e, { product: p });
          expect(line).not.toMatch(/[\r\n]/);
          const header = /^CEF:0((?:\|(?:[^\\|]|\\[\\|nr])*){6})\|/.exec(line);
          if (header === null) expect.fail('the header is not CEF:0 and six escaped fields');
          const fields = [...(header[1] ?? '').matchAll(/\|((?:[^\\|]|\\[\\|nr])*)/g)].map((m) => m[1]);
          expect(fields).toHaveLength(6);
          expect(fields[5]).toBe(String(SEVERITY_SCORE[e.severity]));
          const { cef } = BUILT_IN_REGISTRY.mapping(e.category, e.action);
          const read = readCef(line);
          if (!read.ok) expect.fail(read.error.message);
          expect([read.value.vendor, read.value.product, read.value.productVersion, read.value.signatureId, read.value.name]).toEqual([p.vendor, p.name, p.version ?? '', cef.signature_id, cef.name]);

          const pairs = splitExtension(line.slice(header[0].length));
          expect(pairs.map(([k]) => k)).toEqual([...read.value.extension.keys()]);
          expect(pairs[0]).toEqual(['rt', String(epochMs(e.timestamp).ms)]);
          const restKeys = [...read.value.extension.keys()].filter((k) => k.startsWith(REST_MORE_PREFIX));
          expect(restKeys).toEqual(restKeys.map((_, i) => `${REST_MORE_PREFIX}${i + 2}`));
          for (const [key, value] of read.value.extension) {
            if (key.startsWith(REST_MORE_PREFIX)) {
              expect(codePointLength(value)).toBeLessThanOrEqual(REST_CHUNK);
              continue;
            }
            const def = cefKey(key);
            if (def === undefined) expect.fail(`key ${key} is not in the dictionary`);
            if (def.maxLength !== undefined) expect(codePointLength(value), key).toBeLessThanOrEqual(def.maxLength);
            const label = LABELS.get(key);
            if (label !== undefined) expect(read.value.extension.get(`${key}Label`)).toBe(label);
          }
          // The custom strings hold the documented fields, where they fit.
          expect(read.value.extension.get('cs1') ?? e.tenant_id).toBe(e.tenant_id);
          if (e.session_id !== undefined) expect(read.value.extension.get('cs2') ?? e.session_id).toBe(e.session_id);
          if (e.source?.ip !== undefined) expect(read.value.extension.get(e.source.ip.includes(':') ? 'c6a2' : 'src')).toBe(e.source.ip);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('the CEF parser never throws', () => {
  it(
    'on arbitrary strings',
    () => {
      const strings = fc.oneof(fc.string({ unit: 'binary' }), hostileText(), fc.string({ unit: fc.constantFrom('C', 'E', 'F', ':', '0', '1', '|', '\\', '=', ' ', 'n', 'r', 'a', 'rt', 'cs6', '{', '}', '\n', '<') }));
      fc.assert(
        fc.property(strings, (s) => {
          for (const input of [s, `CEF:0|${s}`, `CEF:0|v|p|1|s|n|5|${s}`, `<13>Jan 18 11:07:53 host CEF:0|v|p|1|s|n|5|rt=1 ${s}`]) {
            expectWellFormedResult(parseCef(input), input.length);
            expectWellFormedResult(readCef(input), input.length);
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
        fc.property(event, product, mutation, (e, p, { cut, tail, flips }) => {
          const line = encodeCef(e, { product: p });
          const bytes = Buffer.from(line);
          const changed = Buffer.from(bytes);
          for (const [at, value] of flips) changed[at % changed.length] = value;
          const inputs = [line.slice(0, cut % (line.length + 1)), bytes.subarray(0, cut % (bytes.length + 1)).toString('utf8'), Buffer.concat([bytes, Buffer.from(tail)]).toString('utf8'), changed.toString('utf8')];
          for (const input of inputs) {
            expectWellFormedResult(parseCef(input), input.length);
            expectWellFormedResult(readCef(input), input.length);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
