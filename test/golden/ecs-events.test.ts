// Golden ECS 9.4 documents: `toEcs` of each of GOLDEN_EVENTS (one realistic event per built-in
// event type), one file per action in ./ecs/events/. Each document must also validate with no
// finding and map back to its event exactly.
// `UPDATE_GOLDEN=1 npx vitest run test/golden/ecs-events.test.ts` rewrites them.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromEcs, SIEMKIT_FIELD_SET, toEcs } from '../../src/mappers/ecs/index.js';
import { BUILT_IN_EVENT_TYPES } from '../../src/registry/built-in.js';
import { validateEcs } from '../../src/validate/ecs.js';
import { GOLDEN_EVENTS } from './canonical-events.js';

const GOLDEN_DIR = fileURLToPath(new URL('./ecs/events/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('ECS 9.4 documents of the golden events', () => {
  it('there is one golden event per built-in event type, and one file per golden event', () => {
    expect(GOLDEN_EVENTS.map((e) => e.action).sort()).toEqual(BUILT_IN_EVENT_TYPES.map((t) => t.action).sort());
    if (!UPDATE) expect(readdirSync(GOLDEN_DIR).sort()).toEqual(GOLDEN_EVENTS.map((e) => `${e.action}.json`).sort());
  });

  for (const event of GOLDEN_EVENTS) {
    it(event.action, () => {
      const doc = toEcs(event);
      const actual = `${JSON.stringify(doc, null, 2)}\n`;
      const file = path.join(GOLDEN_DIR, `${event.action}.json`);
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, actual);
      }
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(file, 'utf8'));

      const result = validateEcs(doc, { customFieldSets: [SIEMKIT_FIELD_SET] });
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      const back = fromEcs(JSON.parse(actual) as unknown);
      expect(back).toStrictEqual(event);
      expect(isDeepStrictEqual(back, event)).toBe(true);
    });
  }
});
