/**
 * The top-level member names of the JSON record formats (src/formats/record-format.ts
 * `topLevelNames`): every record a format writes, for any valid canonical event (registered and
 * unregistered actions, hostile text), has only names from its format's set. The Sentinel
 * pre-flight lint relies on it: with none of those names reserved by Log Analytics, it reads only
 * each row's TimeGenerated (test/unit/destinations/sentinel/row-members.test.ts).
 *
 * SIEMKIT_PROPERTY_RUNS sets the number of runs (default 1000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReservedColumnName } from '../../src/destinations/sentinel/dcr-lint.js';
import { RECORD_FORMATS } from '../../src/formats/record-format.js';
import { arbitraryCanonicalEvent } from '../helpers/canonical-arbitrary.js';

const numRuns = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const product = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };

describe('topLevelNames of the JSON record formats', () => {
  it('is given for every JSON format, and for no other', () => {
    for (const format of RECORD_FORMATS) expect(format.json ? 'topLevelNames' in format : !('topLevelNames' in format), format.name).toBe(true);
  });

  for (const format of RECORD_FORMATS.filter((f) => 'topLevelNames' in f)) {
    const names = (format as { topLevelNames: () => ReadonlySet<string> }).topLevelNames();
    const encode = format.encoder({ product });

    it(`${format.name}: every record's top-level names are in the set`, () => {
      fc.assert(
        fc.property(arbitraryCanonicalEvent({ actions: 'mixed' }), (event) => {
          const record = JSON.parse(encode(event)) as Record<string, unknown>;
          for (const name of Object.keys(record)) expect(names.has(name), `${format.name} record member "${name}"`).toBe(true);
        }),
        { numRuns },
      );
    });

    it(`${format.name}: no name in the set is one Log Analytics reserves, or TimeGenerated`, () => {
      expect([...names].filter(isReservedColumnName)).toEqual([]);
      expect(names.has('TimeGenerated')).toBe(false);
    });
  }
});
