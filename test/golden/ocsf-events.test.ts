// Golden OCSF 1.1.0 events: `toOcsf` of each of GOLDEN_EVENTS (one realistic event per built-in
// event type), one file per action in ./ocsf/events/. Each event must also validate with no error
// and no warning but missing recommended attributes, and map back to its canonical event exactly.
// `UPDATE_GOLDEN=1 npx vitest run test/golden/ocsf-events.test.ts` rewrites them.
import { readdirSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromOcsf, toOcsf } from '../../src/mappers/ocsf/index.js';
import { BUILT_IN_EVENT_TYPES } from '../../src/registry/built-in.js';
import { validateOcsf } from '../../src/validate/ocsf.js';
import { expectGolden, UPDATE_GOLDEN } from '../helpers/golden.js';
import { GOLDEN_EVENTS } from './canonical-events.js';

const GOLDEN_DIR = fileURLToPath(new URL('./ocsf/events/', import.meta.url));
const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };

describe('OCSF 1.1.0 events of the golden events', () => {
  it('there is one golden event per built-in event type, and one file per golden event', () => {
    expect(GOLDEN_EVENTS.map((e) => e.action).sort()).toEqual(BUILT_IN_EVENT_TYPES.map((t) => t.action).sort());
    if (!UPDATE_GOLDEN) expect(readdirSync(GOLDEN_DIR).sort()).toEqual(GOLDEN_EVENTS.map((e) => `${e.action}.json`).sort());
  });

  for (const event of GOLDEN_EVENTS) {
    it(event.action, () => {
      const ocsf = toOcsf(event, { product: PRODUCT });
      const actual = `${JSON.stringify(ocsf, null, 2)}\n`;
      expectGolden(GOLDEN_DIR, `${event.action}.json`, actual);

      const result = validateOcsf(ocsf);
      expect(result.errors).toEqual([]);
      expect(result.warnings.filter((w) => w.code !== 'attribute_recommended_missing')).toEqual([]);
      const back = fromOcsf(JSON.parse(actual) as unknown);
      expect(back).toStrictEqual(event);
      expect(isDeepStrictEqual(back, event)).toBe(true);
    });
  }
});
