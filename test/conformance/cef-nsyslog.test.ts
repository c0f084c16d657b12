/**
 * An independent reader of our CEF lines: nsyslog-parser 0.10.1 (npm, a dev dependency) must read
 * the same seven header fields and the same extension keys and values as we wrote, with or
 * without a syslog prefix.
 *
 * nsyslog-parser splits the extension on spaces and each `key=value` token on `=`, and unescapes
 * nothing, so where it departs from the CEF standard (fact sheet §8.2) the test documents the case
 * (the last block) instead of bending our encoder:
 *   - it keeps escapes as written: `\\`, `\n`, `\r` in values and `\|`, `\\` in the header stay two
 *     characters (what it reads is our line's raw text, which the properties check);
 *   - an escaped `\=` in a value (its issue #9, open since 2020): a token holding `\=` is read as a
 *     new key, so the value is cut at the `\` and a bogus key `\` appears, or the value is cut
 *     before `\=` when no space precedes it.
 * The properties therefore feed it events without `=` anywhere (strings and keys), and are hostile
 * in every other way (spaces, backslashes, quotes, control characters, non-ASCII text).
 */
import fc from 'fast-check';
import nsyslog from 'nsyslog-parser';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { encodeCef } from '../../src/formats/cef/encode.js';
import type { CefRecord } from '../../src/formats/cef/parse.js';
import { readCef } from '../../src/formats/cef/parse.js';
import { validateEvent } from '../../src/validate/canonical.js';
import { arbitraryCanonicalEvent } from '../helpers/canonical-arbitrary.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);
const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const PREFIX = '<134>Feb  5 23:02:03 siem-01.acme.example ScaiDrive[4242]: ';

function read(line: string): nsyslog.Entry {
  const entry = nsyslog(line);
  if ('err' in entry) throw new Error(`nsyslog-parser threw: ${String(entry.err)}`);
  return entry;
}

function ours(line: string): CefRecord {
  const r = readCef(line);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The extension of our line as raw text per key (escapes kept), as nsyslog reads it. */
function rawValues(line: string, record: CefRecord): Map<string, string> {
  const ext = line.slice(line.indexOf('|rt=') + 1);
  const keys = [...record.extension.keys()];
  const out = new Map<string, string>();
  let at = 0;
  for (const [i, key] of keys.entries()) {
    const start = at + key.length + 1;
    const next = keys[i + 1];
    const end = next === undefined ? ext.length : ext.indexOf(` ${next}=`, start);
    out.set(key, ext.slice(start, end));
    at = end + 1;
  }
  return out;
}

/** nsyslog reads what we wrote: the header fields, every key, and every value (raw where it holds an escape). */
function expectSameRecord(line: string): void {
  const entry = read(line);
  const record = ours(line);
  expect(entry.type).toBe('CEF');
  expect(entry.cef).toMatchObject({ version: `CEF:${record.version}`, deviceVendor: record.vendor, deviceProduct: record.product, deviceVersion: record.productVersion, deviceEventClassID: record.signatureId, name: record.name, severity: record.severity });
  // Without an escape the standard and nsyslog agree; with one, nsyslog keeps the raw text.
  const raw = rawValues(line, record);
  const expected = Object.fromEntries([...record.extension].map(([key, value]) => {
    const wire = raw.get(key) as string;
    return [key, wire.includes('\\') ? wire : value];
  }));
  expect(entry.fields).toEqual(expected);
  expect(Object.keys(entry.fields as Record<string, string>)).toEqual(Object.keys(expected));
}

/** The value with every "=" taken out of its strings and keys. */
function withoutEquals(value: unknown): unknown {
  if (typeof value === 'string') {
    const s = value.replace(/=/g, '');
    return s === '' && value !== '' ? 'x' : s;
  }
  if (Array.isArray(value)) return value.map(withoutEquals);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, withoutEquals(k) as string, { value: withoutEquals(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

// Values up to 256 code points: nsyslog splits the whole line into characters, so KB-long values only cost time.
const nsyslogReadable = arbitraryCanonicalEvent({ actions: 'mixed', maxTextLength: 256 })
  .map((e) => withoutEquals(e) as CanonicalEvent)
  .filter((e) => validateEvent(e).valid);

describe('nsyslog-parser reads our CEF lines as we wrote them', () => {
  it('for every golden event whose line holds no escaped "=", with and without a syslog prefix', () => {
    const lines = GOLDEN_EVENTS.map((e) => encodeCef(e, { product: PRODUCT })).filter((l) => !l.includes('\\='));
    expect(lines.length).toBeGreaterThanOrEqual(GOLDEN_EVENTS.length - 8);
    for (const line of lines) {
      expectSameRecord(line);
      expect(read(PREFIX + line).cef).toEqual(read(line).cef);
      expect(read(PREFIX + line).fields).toEqual(read(line).fields);
    }
  });

  it(
    'for hostile events without "=": same header, keys and values',
    () => {
      fc.assert(
        fc.property(nsyslogReadable, (event) => {
          const line = encodeCef(event, { product: PRODUCT });
          expect(line).not.toContain('\\=');
          expectSameRecord(line);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('where nsyslog-parser departs from the CEF standard (documented, not followed)', () => {
  const event = GOLDEN_EVENTS[0] as CanonicalEvent;
  const lineWith = (message: string): string => encodeCef({ ...event, message }, { product: PRODUCT });

  it('issue #9: a token holding an escaped \\= is read as a new key "\\", cutting the value before it', () => {
    const line = lineWith('blocked a = b');
    expect(line).toContain(' msg=blocked a \\= b suid=');
    expect(ours(line).extension.get('msg')).toBe('blocked a = b');
    const fields = read(line).fields as Record<string, string>;
    expect(fields.msg).toBe('blocked a');
    expect(fields['\\']).toBe(' b');
    expect(fields.suid).toBe(event.actor.id);
  });

  it('issue #9: without a space before it, \\= cuts the value at the backslash', () => {
    const line = lineWith('x=y');
    expect(line).toContain(' msg=x\\=y suid=');
    expect(ours(line).extension.get('msg')).toBe('x=y');
    expect((read(line).fields as Record<string, string>).msg).toBe('x\\');
  });

  it('keeps \\\\, \\n and \\r as two characters in a value', () => {
    for (const [message, nsyslogReads] of [
      ['a\\b', 'a\\\\b'],
      ['l1\nl2', 'l1\\nl2'],
      ['l1\r\nl2', 'l1\\r\\nl2'],
    ]) {
      const line = lineWith(message as string);
      expect(ours(line).extension.get('msg')).toBe(message);
      expect((read(line).fields as Record<string, string>).msg).toBe(nsyslogReads);
    }
  });

  it('keeps \\| and \\\\ as written in a header field', () => {
    const line = encodeCef(event, { product: { vendor: 'A|B\\C', name: 'ScaiDrive' } });
    expect(ours(line).vendor).toBe('A|B\\C');
    expect(read(line).cef?.deviceVendor).toBe('A\\|B\\\\C');
    expect(read(line).cef?.deviceProduct).toBe('ScaiDrive');
  });
});
