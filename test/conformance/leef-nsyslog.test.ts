/**
 * An independent reader of our LEEF 2.0 lines: nsyslog-parser 0.10.1 (npm, a dev dependency)
 * reads LEEF 1.0 and 2.0 headers and splits attributes on the delimiter field, when that field is
 * the delimiter itself. It must read the same header fields and the same attributes as we wrote,
 * with the value text as it stands on the line (our percent-encoding is siemkit's, not LEEF's, so a
 * LEEF reader such as QRadar sees `%25`, `%0A` or `%5E` as written and needs no other reading).
 *
 * Where nsyslog departs from LEEF 2.0 (fact sheet §9.1) the test documents the case (the last
 * block) instead of bending our encoder:
 *   - it does not read the hex form of the delimiter field: our default, a tab written `x09`, is
 *     taken as the three-character delimiter "x09", so every attribute runs into the first;
 *   - it splits each attribute at every `=` and keeps the text between the first and the second,
 *     so a value holding `=` is cut there;
 *   - it splits the whole line on `|`, so a `|` inside an attribute value ends the attributes;
 *   - without a syslog header it trims the line's first space-separated token, so whitespace
 *     (U+00A0, U+FEFF, a tab...) just before the first space of the line is lost.
 * The properties therefore use a literal delimiter (`^`), events without `=` or `|` anywhere, and
 * an RFC 3164 header, as QRadar receives LEEF.
 */
import fc from 'fast-check';
import nsyslog from 'nsyslog-parser';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { encodeLeef } from '../../src/formats/leef/encode.js';
import { readLeef } from '../../src/formats/leef/parse.js';
import { percentEncode } from '../../src/formats/leef/value-encoding.js';
import { validateEvent } from '../../src/validate/canonical.js';
import { arbitraryCanonicalEvent } from '../helpers/canonical-arbitrary.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);
const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const OPTIONS = { product: PRODUCT, delimiter: '^' };
const PREFIX = '<134>Feb  5 23:02:03 siem-01.acme.example ScaiDrive[4242]: ';

function read(line: string): nsyslog.Entry {
  const entry = nsyslog(line);
  if ('err' in entry) throw new Error(`nsyslog-parser threw: ${String(entry.err)}`);
  return entry;
}

/** nsyslog reads our header and, for each attribute, the value text as it stands on the line. */
function expectSameRecord(line: string): void {
  const r = readLeef(line);
  if (!r.ok) expect.fail(r.error.message);
  const entry = read(PREFIX + line);
  expect(entry.type).toBe('LEEF');
  expect(entry.leef).toMatchObject({ leefVersion: `LEEF:${r.value.version}`, vendor: r.value.vendor, product: r.value.product, version: r.value.productVersion, eventID: r.value.eventId, delimiter: r.value.delimiter });
  const wire = Object.fromEntries([...r.value.attributes].map(([k, v]) => [k, percentEncode(v, r.value.delimiter)]));
  expect(entry.fields).toEqual(wire);
}

/** The value with every "=" and "|" taken out of its strings and keys. */
function withoutEqualsAndPipes(value: unknown): unknown {
  if (typeof value === 'string') {
    const s = value.replace(/[=|]/g, '');
    return s === '' && value !== '' ? 'x' : s;
  }
  if (Array.isArray(value)) return value.map(withoutEqualsAndPipes);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, withoutEqualsAndPipes(k) as string, { value: withoutEqualsAndPipes(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

// Values up to 256 code points: nsyslog splits the whole line into characters, so KB-long values only cost time.
const nsyslogReadable = arbitraryCanonicalEvent({ actions: 'mixed', maxTextLength: 256 })
  .map((e) => withoutEqualsAndPipes(e) as CanonicalEvent)
  .filter((e) => validateEvent(e).valid);

describe('nsyslog-parser reads our LEEF 2.0 lines (literal delimiter) as we wrote them', () => {
  it('for every golden event without "=" or "|" in its values, behind a syslog header and without one', () => {
    const lines = GOLDEN_EVENTS.map((e) => encodeLeef(e, OPTIONS)).filter((l) => !/[=|]/.test(l.slice(l.indexOf('|^|') + 3).replace(/(^|\^)[A-Za-z]+=/g, '')));
    expect(lines.length).toBeGreaterThanOrEqual(GOLDEN_EVENTS.length / 2);
    for (const line of lines) {
      expectSameRecord(line);
      expect([read(line).type, read(line).fields]).toEqual(['LEEF', read(PREFIX + line).fields]);
    }
  });

  it(
    'for hostile events without "=" or "|": same header and attributes',
    () => {
      fc.assert(
        fc.property(nsyslogReadable, (event) => {
          expectSameRecord(encodeLeef(event, OPTIONS));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('where nsyslog-parser departs from LEEF 2.0 (documented, not followed)', () => {
  const event = GOLDEN_EVENTS[0] as CanonicalEvent;

  it('does not read the hex delimiter field: with our default x09 every attribute runs into devTime', () => {
    const line = encodeLeef(event, { product: PRODUCT });
    expect(line).toContain('|x09|devTime=');
    const r = readLeef(line);
    expect(r.ok && r.value.delimiter).toBe('\t');
    const entry = read(line);
    expect(entry.leef?.delimiter).toBe('x09');
    expect(Object.keys(entry.fields as Record<string, string>)).toEqual(['devTime']);
  });

  it('cuts a value at its first "="', () => {
    const line = encodeLeef({ ...event, message: 'a=b' }, OPTIONS);
    const r = readLeef(line);
    expect(r.ok && r.value.attributes.get('message')).toBe('a=b');
    expect((read(line).fields as Record<string, string>).message).toBe('a');
  });

  it('ends the attributes at a "|" inside a value', () => {
    const line = encodeLeef({ ...event, message: 'a|b' }, OPTIONS);
    const r = readLeef(line);
    expect(r.ok && r.value.attributes.get('message')).toBe('a|b');
    const fields = read(line).fields as Record<string, string>;
    expect(fields.message).toBe('a');
    expect(fields).not.toHaveProperty('siemkitRest');
  });

  it('without a syslog header, loses whitespace before the first space of the line', () => {
    const line = encodeLeef({ ...event, actor: { ...event.actor, name: 'Alice\u00a0 Martin' } }, OPTIONS);
    const r = readLeef(line);
    expect(r.ok && r.value.attributes.get('accountName')).toBe('Alice\u00a0 Martin');
    expect((read(line).fields as Record<string, string>).accountName).toBe('Alice Martin');
    expect((read(PREFIX + line).fields as Record<string, string>).accountName).toBe('Alice\u00a0 Martin');
  });
});
