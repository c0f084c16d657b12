/**
 * `isJsonFaithful` (src/delivery/json-faithful.ts): true exactly for values that
 * `JSON.parse(JSON.stringify(value))` gives back member for member, which is what lets a record
 * made from the event at hand stand for the record made from its queued JSON.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryCanonicalEvent } from '../../helpers/canonical-arbitrary.js';
import { GOLDEN_EVENTS } from '../../golden/canonical-events.js';
import { isJsonFaithful } from '../../../src/delivery/json-faithful.js';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('isJsonFaithful', () => {
  it('holds for plain JSON data at any depth, null-prototype objects included', () => {
    expect(isJsonFaithful({ a: 'x', b: [1, 2.5, -3, true, false, null], c: { d: { e: [] } } })).toBe(true);
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    expect(isJsonFaithful({ nested: bare })).toBe(true);
    expect(isJsonFaithful('text')).toBe(true);
    expect(isJsonFaithful(null)).toBe(true);
  });

  it('holds for every golden canonical event', () => {
    for (const e of GOLDEN_EVENTS) expect(isJsonFaithful(e), e.event_id).toBe(true);
  });

  it('fails for what JSON changes or drops, wherever it sits', () => {
    class Tagged {
      constructor(readonly tag: string) {}
    }
    class List extends Array<number> {}
    const cases: [string, unknown][] = [
      ['undefined member', { a: 1, b: undefined }],
      ['Date', { when: new Date(0) }],
      ['class instance', { x: new Tagged('t') }],
      ['own toJSON', { x: { toJSON: () => 'other' } }],
      ['NaN', { n: Number.NaN }],
      ['Infinity', [1, Number.POSITIVE_INFINITY]],
      ['-0', { z: -0 }],
      ['hole', { list: [1, , 3] }],
      ['undefined element', [undefined]],
      ['array subclass', { list: List.from([1]) }],
      ['function', { f: () => 1 }],
      ['symbol', { s: Symbol('s') }],
      ['bigint', { b: 1n }],
      ['Map', { m: new Map() }],
      ['deep', { a: { b: { c: [{ d: new Date(0) }] } } }],
    ];
    for (const [name, value] of cases) expect(isJsonFaithful(value), name).toBe(false);
  });

  it('property: JSON values are faithful, and what is called faithful comes back from JSON the same, member for member', () => {
    // fc.jsonValue: values that JSON gives back as they are.
    fc.assert(fc.property(fc.jsonValue(), (v) => isJsonFaithful(v)));
    fc.assert(
      fc.property(fc.anything({ withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withTypedArray: true }), (v) => !isJsonFaithful(v) || sameMembers(roundTrip(v), v)),
      { numRuns: 2_000 },
    );
  });

  it('property: generated canonical events are faithful and survive JSON as they are', () => {
    fc.assert(
      fc.property(arbitraryCanonicalEvent(), (e) => {
        expect(isJsonFaithful(e)).toBe(true);
        expect(roundTrip(e)).toStrictEqual(e);
      }),
      { numRuns: 300 },
    );
  });
});

/** The same members all the way down (own enumerable keys in order, primitives by Object.is); prototypes aside, as JSON has none. */
function sameMembers(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return isDeepStrictEqual(ka, kb) && ka.every((k) => sameMembers((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
