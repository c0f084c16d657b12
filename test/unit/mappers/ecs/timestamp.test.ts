/**
 * `timestamp` <-> `@timestamp` for every RFC 3339 form the contract allows: the ones ECS dates can
 * hold stay exactly as written; the others get the same instant in a form ECS reads, with the
 * exact string in `siemkit.timestamp`.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { fromEcs, SIEMKIT_FIELD_SET, toEcs } from '../../../../src/mappers/ecs/index.js';
import { validateEvent } from '../../../../src/validate/canonical.js';
import { validateEcs } from '../../../../src/validate/ecs.js';

const event = (timestamp: string): CanonicalEvent => ({
  event_id: 'evt_1',
  timestamp,
  tenant_id: 't',
  category: 'AUTHENTICATION',
  action: 'user.login',
  outcome: 'success',
  severity: 'info',
  actor: { type: 'user', id: 'u' },
});

interface Case {
  in: string;
  /** `@timestamp`. */
  out: string | number;
  why: string;
}

const CASES: Case[] = [
  { in: '2024-05-14T09:21:07.123Z', out: '2024-05-14T09:21:07.123Z', why: 'Z and milliseconds' },
  { in: '2024-05-14T09:21:07Z', out: '2024-05-14T09:21:07Z', why: 'no fraction' },
  { in: '2024-05-14T09:21:07.123456789Z', out: '2024-05-14T09:21:07.123456789Z', why: 'nanoseconds' },
  { in: '2024-05-14T11:21:09.5+02:00', out: '2024-05-14T11:21:09.5+02:00', why: 'an offset' },
  { in: '2024-05-14T09:21:07-00:00', out: '2024-05-14T09:21:07-00:00', why: 'RFC 3339 §4.3 unknown local offset' },
  { in: '2024-05-14T09:21:07+18:00', out: '2024-05-14T09:21:07+18:00', why: 'the largest offset java.time reads' },
  { in: '2024-02-29T00:00:00Z', out: '2024-02-29T00:00:00Z', why: 'a leap day' },
  { in: '0000-01-01T00:00:00Z', out: '0000-01-01T00:00:00Z', why: 'year 0000' },
  { in: '2024-05-14t09:21:07z', out: '2024-05-14T09:21:07Z', why: 'lower-case t and z (RFC 3339 §5.6 NOTE)' },
  { in: '2024-05-14T09:21:07.1234567891Z', out: '2024-05-14T09:21:07.123456789Z', why: 'more than nine fraction digits: cut to nanoseconds' },
  { in: '2016-12-31T23:59:60Z', out: '2016-12-31T23:59:59.999999999Z', why: 'a leap second: the last instant of 23:59:59' },
  { in: '2016-12-31T18:59:60.5-05:00', out: '2016-12-31T18:59:59.999999999-05:00', why: 'a leap second with an offset' },
  { in: '2024-05-14T09:21:07+23:59', out: '2024-05-13T09:22:07Z', why: 'an offset beyond ±18:00: the instant in UTC' },
  { in: '2024-05-14T09:21:07.5-18:30', out: '2024-05-15T03:51:07.5Z', why: 'a negative offset beyond ±18:00, fraction kept' },
  { in: '0000-01-01T00:00:00+23:59', out: -62167305540000, why: 'before year 0000 in UTC: epoch milliseconds' },
  { in: '9999-12-31T23:59:59.999-19:00', out: 253402369199999, why: 'after year 9999 in UTC: epoch milliseconds' },
];

describe('toEcs: @timestamp', () => {
  for (const c of CASES) {
    it(`${c.in}: ${c.why}`, () => {
      const e = event(c.in);
      expect(validateEvent(e).errors).toEqual([]);
      const doc = toEcs(e);
      expect(doc['@timestamp']).toBe(c.out);
      expect(doc.siemkit.timestamp).toBe(c.out === c.in ? undefined : c.in);
      const result = validateEcs(doc, { customFieldSets: [SIEMKIT_FIELD_SET] });
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(fromEcs(doc)).toStrictEqual(e);
      // Elasticsearch reads the same instant (to the millisecond, where Date can tell).
      if (typeof c.out === 'string' && !c.in.includes(':60')) expect(Date.parse(c.out)).toBe(Date.parse(c.in.toUpperCase()));
    });
  }
});

describe('fromEcs: @timestamp of documents from elsewhere', () => {
  const cases: [unknown, string][] = [
    ['2024-05-14', '2024-05-14T00:00:00Z'],
    ['2024-05-14T09:21', '2024-05-14T09:21:00Z'],
    ['2024-05-14T09:21:07.5', '2024-05-14T09:21:07.5Z'],
    ['2024-05-14T09:21:07+0530', '2024-05-14T09:21:07+05:30'],
    ['2024-05-14T09:21:07-03', '2024-05-14T09:21:07-03:00'],
    ['2024-05-14 09:21:07Z', '2024-05-14T09:21:07Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    [1715678467123, '2024-05-14T09:21:07.123Z'],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} -> ${expected}`, () => {
      const doc = { '@timestamp': value, event: { id: 'e1', action: 'user.login' }, organization: { id: 't' }, user: { id: 'u' } };
      expect(fromEcs(doc).timestamp).toBe(expected);
    });
  }
});
