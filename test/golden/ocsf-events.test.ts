// Golden OCSF 1.1.0 events: `toOcsf` of each of GOLDEN_EVENTS (one realistic event per built-in
// event type), one file per action in ./ocsf/events/. Each event must also validate with no error
// and no warning but missing recommended attributes, and map back to its canonical event exactly.
// `UPDATE_GOLDEN=1 npx vitest run test/golden/ocsf-events.test.ts` rewrites them.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromOcsf, toOcsf } from '../../src/mappers/ocsf/index.js';
import { BUILT_IN_EVENT_TYPES } from '../../src/registry/built-in.js';
import { validateOcsf } from '../../src/validate/ocsf.js';
import { GOLDEN_EVENTS } from './canonical-events.js';

const GOLDEN_DIR = fileURLToPath(new URL('./ocsf/events/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };

describe('OCSF 1.1.0 events of the golden events', () => {
  it('there is one golden event per built-in event type, and one file per golden event', () => {
    expect(GOLDEN_EVENTS.map((e) => e.action).sort()).toEqual(BUILT_IN_EVENT_TYPES.map((t) => t.action).sort());
    if (!UPDATE) expect(readdirSync(GOLDEN_DIR).sort()).toEqual(GOLDEN_EVENTS.map((e) => `${e.action}.json`).sort());
  });

  for (const event of GOLDEN_EVENTS) {
    it(event.action, () => {
      const ocsf = toOcsf(event, { product: PRODUCT });
      const actual = `${JSON.stringify(ocsf, null, 2)}\n`;
      const file = path.join(GOLDEN_DIR, `${event.action}.json`);
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, actual);
      }
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(file, 'utf8'));

      const result = validateOcsf(ocsf);
      expect(result.errors).toEqual([]);
      expect(result.warnings.filter((w) => w.code !== 'attribute_recommended_missing')).toEqual([]);
      const back = fromOcsf(JSON.parse(actual) as unknown);
      expect(back).toStrictEqual(event);
      expect(isDeepStrictEqual(back, event)).toBe(true);
    });
  }
});
