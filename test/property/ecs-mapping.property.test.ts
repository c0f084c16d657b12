/**
 * Properties of the ECS mapping over every valid canonical event (test/helpers/canonical-arbitrary.ts:
 * all categories, registered and unregistered actions, hostile text, awkward label keys and payload
 * members, every RFC 3339 form): `toEcs` gives a document that `validateEcs` accepts with no finding,
 * and `fromEcs` gives the event back exactly.
 *
 * Runs: SIEMKIT_PROPERTY_RUNS per property (default 1,000).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromEcs, SIEMKIT_FIELD_SET, toEcs } from '../../src/mappers/ecs/index.js';
import { validateEvent } from '../../src/validate/canonical.js';
import { validateEcs } from '../../src/validate/ecs.js';
import { arbitraryCanonicalEvent } from '../helpers/canonical-arbitrary.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);

const events = arbitraryCanonicalEvent({ actions: 'mixed' });

describe('the ECS mapping of every valid canonical event', () => {
  it(
    'the generator makes valid events (the premise of the properties below)',
    () => {
      fc.assert(
        fc.property(events, (e) => {
          expect(validateEvent(e).errors).toEqual([]);
        }),
        { numRuns: Math.min(RUNS, 200) },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'toEcs gives a document validateEcs accepts with no error and no warning',
    () => {
      fc.assert(
        fc.property(events, (e) => {
          const result = validateEcs(toEcs(e), { customFieldSets: [SIEMKIT_FIELD_SET] });
          expect(result.errors).toEqual([]);
          expect(result.warnings).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'fromEcs(toEcs(e)) deep-equals e: the same members, nothing extra, payload included',
    () => {
      fc.assert(
        // isDeepStrictEqual compares own keys (`__proto__` too), prototypes and -0; vitest's diff explains a failure.
        fc.property(events, (e) => {
          const back = fromEcs(toEcs(e));
          if (!isDeepStrictEqual(back, e)) expect(back).toStrictEqual(e);
          expect(isDeepStrictEqual(back, e)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'the round trip survives JSON: fromEcs(JSON.parse(JSON.stringify(toEcs(e)))) deep-equals e',
    () => {
      fc.assert(
        fc.property(events, (e) => {
          expect(isDeepStrictEqual(fromEcs(JSON.parse(JSON.stringify(toEcs(e))) as unknown), e)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
