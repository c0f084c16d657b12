/**
 * An independent reader of our RFC 5424 and RFC 3164 messages: nsyslog-parser 0.10.1 (npm, a dev
 * dependency) must read the same PRI (facility, severity), timestamp, HOSTNAME, APP-NAME, PROCID,
 * MSGID, SD-PARAMs and MSG as we wrote.
 *
 * nsyslog-parser is a forgiving parser that splits on spaces and matches SD with a regular
 * expression, so where it departs from RFC 5424 the test documents the case (the last block)
 * instead of bending our encoder:
 *   - it does not unescape PARAM-VALUEs (§6.3.3): `\\` and `\]` stay two characters;
 *   - a value holding `\"` makes it find no STRUCTURED-DATA at all (the SD becomes part of MSG);
 *   - it collapses runs of spaces inside a value, and loses a value that starts with `=`;
 *   - it looks for SD elements anywhere in MSG, so a body holding `[a b="c"]`-shaped text is read as SD.
 * The properties therefore feed it events whose SD values avoid `"`, `\`, `]`, spaces and a leading `=`, and
 * whose strings hold no brackets, and are hostile in every other way (quotes, backslashes, control
 * characters, non-ASCII text in the JSON body; non-ASCII SD values).
 */
import fc from 'fast-check';
import nsyslog from 'nsyslog-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { encodeRfc3164 } from '../../src/formats/syslog/rfc3164-encode.js';
import { encodeRfc5424 } from '../../src/formats/syslog/rfc5424-encode.js';
import { readRfc5424 } from '../../src/formats/syslog/rfc5424-parse.js';
import { SYSLOG_SEVERITY } from '../../src/formats/syslog/severity.js';
import { structuredDataParams } from '../../src/formats/syslog/structured-data.js';
import { rfc3164Timestamp, rfc5424Timestamp } from '../../src/formats/syslog/timestamp.js';
import { validateEvent } from '../../src/validate/canonical.js';
import { arbitraryCanonicalEvent } from '../helpers/canonical-arbitrary.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);
const OPTIONS = { product: { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' }, hostname: 'siem-forwarder-01.acme.example', procId: '4242', facility: 10 };

function read(line: string): nsyslog.Entry {
  const entry = nsyslog(line);
  if ('err' in entry) throw new Error(`nsyslog-parser threw: ${String(entry.err)}`);
  return entry;
}

/** The header nsyslog reads equals what we wrote. */
function expectSameHeader(entry: nsyslog.Entry, event: CanonicalEvent): void {
  expect(entry.type).toBe('RFC5424');
  expect([entry.prival, entry.facilityval, entry.levelval]).toEqual([OPTIONS.facility * 8 + SYSLOG_SEVERITY[event.severity], OPTIONS.facility, SYSLOG_SEVERITY[event.severity]]);
  const ts = rfc5424Timestamp(event.timestamp);
  if (ts !== '-') expect(entry.ts?.toISOString()).toBe(ts);
  expect([entry.host, entry.chain, entry.appName, entry.pid, entry.messageid]).toEqual([OPTIONS.hostname, [], 'ScaiDrive', '4242', event.action.slice(0, 32)]);
}

/** ...and so do the SD params and MSG (nsyslog trims MSG, which removes the BOM). */
function expectSameSdAndMessage(entry: nsyslog.Entry, event: CanonicalEvent): void {
  expect(entry.structuredData).toEqual([{ $id: 'siemkit@32473', ...Object.fromEntries(structuredDataParams(event)) }]);
  expect(entry.message).toBe(JSON.stringify(event));
}

/** Values nsyslog reads exactly as SD-PARAM values: no `"`, `\`, `]`, spaces or leading `=`; non-ASCII welcome. */
const sdSafe = fc
  .array(fc.constantFrom('a', 'Z', '0', '_', '.', ':', '@', '/', '-', '=', '|', 'é', '中', '😀', '\u2028'), { minLength: 1, maxLength: 24 })
  .map((a) => a.join(''))
  .filter((s) => !s.startsWith('='));

/** The event with every bracket taken out of its strings and keys (nsyslog reads `[...]` in MSG as SD). */
function withoutBrackets(value: unknown): unknown {
  if (typeof value === 'string') {
    const s = value.replace(/[[\]]/g, '');
    return s === '' && value !== '' ? 'x' : s;
  }
  if (Array.isArray(value)) return value.map(withoutBrackets);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, withoutBrackets(k) as string, { value: withoutBrackets(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

const nsyslogReadable = arbitraryCanonicalEvent({ actions: 'mixed', overrides: { '/tenant_id': sdSafe, '/actor/id': sdSafe, '/resource/type': sdSafe, '/resource/id': sdSafe } })
  .map((e) => withoutBrackets(e) as CanonicalEvent)
  .filter((e) => validateEvent(e).valid);

describe('nsyslog-parser reads our RFC 5424 messages as we wrote them', () => {
  it('for every golden event', () => {
    for (const event of GOLDEN_EVENTS) {
      const entry = read(encodeRfc5424(event, OPTIONS));
      expectSameHeader(entry, event);
      expectSameSdAndMessage(entry, event);
    }
  });

  it(
    'for events with hostile JSON bodies and non-ASCII SD values',
    () => {
      fc.assert(
        fc.property(nsyslogReadable, (event) => {
          const entry = read(encodeRfc5424(event, OPTIONS));
          expectSameHeader(entry, event);
          expectSameSdAndMessage(entry, event);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'reads the header of any event the same, whatever its SD and body hold',
    () => {
      fc.assert(
        fc.property(arbitraryCanonicalEvent({ actions: 'mixed' }), (event) => {
          expectSameHeader(read(encodeRfc5424(event, OPTIONS)), event);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('nsyslog-parser reads our RFC 3164 messages as we wrote them', () => {
  // nsyslog reads a BSD timestamp in the local zone; ours are UTC.
  const tz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('for every golden event (month, day and time: RFC 3164 has no year)', () => {
    for (const event of GOLDEN_EVENTS) {
      const entry = read(encodeRfc3164(event, OPTIONS));
      expect(entry.type).toBe('BSD');
      expect([entry.prival, entry.host, entry.appName, entry.pid, entry.message]).toEqual([OPTIONS.facility * 8 + SYSLOG_SEVERITY[event.severity], OPTIONS.hostname, 'ScaiDrive', '4242', JSON.stringify(event)]);
      const ts = entry.ts as Date;
      const mmm = ts.toUTCString().slice(8, 11);
      expect(`${mmm} ${String(ts.getUTCDate()).padStart(2, ' ')} ${ts.toISOString().slice(11, 19)}`).toBe(rfc3164Timestamp(event.timestamp));
    }
  });
});

describe('where nsyslog-parser departs from RFC 5424 §6.3.3 (documented, not followed)', () => {
  const event = GOLDEN_EVENTS[0] as CanonicalEvent;
  const withTenant = (tenant_id: string): string => encodeRfc5424({ ...event, tenant_id }, OPTIONS);
  const ours = (message: string): string | undefined => {
    const r = readRfc5424(message);
    return r.ok ? r.value.structuredData[0]?.params.find(([n]) => n === 'tenant_id')?.[1] : undefined;
  };

  it('keeps the escaping backslash of \\\\ and \\] in a value', () => {
    for (const [tenant, nsyslogReads] of [
      ['a\\b', 'a\\\\b'],
      ['a]b', 'a\\]b'],
    ]) {
      const message = withTenant(tenant as string);
      expect(ours(message)).toBe(tenant);
      expect(read(message).structuredData?.[0]?.tenant_id).toBe(nsyslogReads);
    }
  });

  it('finds no STRUCTURED-DATA when a value holds an escaped quote', () => {
    const message = withTenant('say "hi"');
    expect(ours(message)).toBe('say "hi"');
    const entry = read(message);
    expect(entry.structuredData).toEqual([]);
    expect(entry.message.startsWith('[siemkit@32473 ')).toBe(true);
  });

  it('collapses runs of spaces in a value', () => {
    const message = withTenant('a  b');
    expect(ours(message)).toBe('a  b');
    expect(read(message).structuredData?.[0]?.tenant_id).toBe('a b');
  });

  it('loses a value that starts with "="', () => {
    const message = withTenant('=a');
    expect(ours(message)).toBe('=a');
    expect(read(message).structuredData?.[0]?.tenant_id).toBeUndefined();
  });
});
