/**
 * Properties of the OCSF mapping over canonical events derived from the schemas
 * (test/helpers/canonical-arbitrary.ts), registered and unregistered actions of every category,
 * with hostile strings: every valid event maps to an OCSF 1.1.0 event with no `validateOcsf` error
 * (and no warning but missing recommended attributes and the regex warnings of values OCSF only
 * advises on), and `fromOcsf` gives the event back exactly, in memory and through JSON.
 *
 * Runs: SIEMKIT_PROPERTY_RUNS per property (default 1,000; `npx tsx scripts/property-100k.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { fromOcsf, toOcsf } from '../../src/mappers/ocsf/index.js';
import { validateEvent } from '../../src/validate/canonical.js';
import { validateOcsf } from '../../src/validate/ocsf.js';
import { arbitraryCanonicalEvent, arbitraryDateTime, hostileText } from '../helpers/canonical-arbitrary.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);
const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };

/** Warnings a mapped event may carry: recommended attributes it has no data for, and regexes OCSF only advises (an RFC 5321 address that `email_t`'s regex is narrower than). */
const ALLOWED_WARNINGS: ReadonlySet<string> = new Set(['attribute_recommended_missing', 'attribute_value_regex_not_matched']);

function checkRoundTrip(event: CanonicalEvent): void {
  expect(validateEvent(event).errors).toEqual([]);
  const ocsf = toOcsf(event, { product: PRODUCT });
  const result = validateOcsf(ocsf);
  expect(result.errors).toEqual([]);
  expect(result.warnings.filter((w) => !ALLOWED_WARNINGS.has(w.code))).toEqual([]);
  expect(fromOcsf(ocsf)).toStrictEqual(event);
  // Through JSON, as a SIEM stores it: JSON drops nothing the event holds (the arbitrary's payloads are JSON).
  expect(fromOcsf(JSON.parse(JSON.stringify(ocsf)) as unknown)).toStrictEqual(JSON.parse(JSON.stringify(event)));
}

describe('toOcsf / fromOcsf over every valid canonical event', () => {
  it(
    'maps registered and unregistered actions of every category to valid OCSF and back exactly',
    () => {
      fc.assert(fc.property(arbitraryCanonicalEvent({ actions: 'mixed' }), checkRoundTrip), { numRuns: RUNS });
    },
    TIMEOUT_MS,
  );

  it(
    'puts values over OCSF limits in unmapped and still round-trips',
    () => {
      // Strings just under and over string_t's 65,535 code points (astral ones count once), IPv6
      // addresses over ip_t's 40 characters, a timestamp with 70,000 fraction digits, in the
      // places that have an OCSF home. Fewer runs: each event is large.
      const aroundLimit = fc
        .tuple(fc.constantFrom('x', '😀', '|=\n'), fc.integer({ min: 65_533, max: 65_537 }))
        .map(([unit, n]) => [...unit.repeat(n)].slice(0, n).join(''));
      const text = fc.oneof(hostileText(), aroundLimit);
      const id = fc.oneof(hostileText({ minLength: 1 }), aroundLimit);
      const overrides = {
        '/message': text,
        '/actor/id': id,
        '/actor/name': text,
        '/actor/service_account': text,
        '/resource/id': id,
        '/resource/name': text,
        '/resource/path': text,
        '/resource/type': text,
        '/source/user_agent': text,
        '/source/geo/city': text,
        '/source/ip': fc.constantFrom('203.0.113.7', '1111:2222:3333:4444:5555:6666:123.123.123.123', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789'),
        '/session_id': id,
        '/request_id': id,
        '/labels/*': text,
        '/timestamp': fc.oneof(arbitraryDateTime(), fc.constant(`2024-05-14T09:21:07.${'1'.repeat(70_000)}Z`)),
      };
      fc.assert(fc.property(arbitraryCanonicalEvent({ actions: 'mixed', overrides }), checkRoundTrip), { numRuns: Math.max(20, Math.ceil(RUNS / 10)) });
    },
    TIMEOUT_MS,
  );
});
