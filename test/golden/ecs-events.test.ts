// Golden ECS 9.4 documents: `toEcs` of each of GOLDEN_EVENTS (one realistic event per built-in
// event type), one file per action in ./ecs/events/. Each document must also validate with no
// finding and map back to its event exactly.
// `UPDATE_GOLDEN=1 npx vitest run test/golden/ecs-events.test.ts` rewrites them.
import { readdirSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromEcs, SIEMKIT_FIELD_SET, toEcs } from '../../src/mappers/ecs/index.js';
import { BUILT_IN_EVENT_TYPES } from '../../src/registry/built-in.js';
import { validateEcs } from '../../src/validate/ecs.js';
import { expectGolden, UPDATE_GOLDEN } from '../helpers/golden.js';
import { GOLDEN_EVENTS } from './canonical-events.js';

const GOLDEN_DIR = fileURLToPath(new URL('./ecs/events/', import.meta.url));

describe('ECS 9.4 documents of the golden events', () => {
  it('there is one golden event per built-in event type, and one file per golden event', () => {
    expect(GOLDEN_EVENTS.map((e) => e.action).sort()).toEqual(BUILT_IN_EVENT_TYPES.map((t) => t.action).sort());
    if (!UPDATE_GOLDEN) expect(readdirSync(GOLDEN_DIR).sort()).toEqual(GOLDEN_EVENTS.map((e) => `${e.action}.json`).sort());
  });

  for (const event of GOLDEN_EVENTS) {
    it(event.action, () => {
      const doc = toEcs(event);
      const actual = `${JSON.stringify(doc, null, 2)}\n`;
      expectGolden(GOLDEN_DIR, `${event.action}.json`, actual);

      const result = validateEcs(doc, { customFieldSets: [SIEMKIT_FIELD_SET] });
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      const back = fromEcs(JSON.parse(actual) as unknown);
      expect(back).toStrictEqual(event);
      expect(isDeepStrictEqual(back, event)).toBe(true);
    });
  }
});
