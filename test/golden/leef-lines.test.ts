// Golden LEEF 2.0 lines: each of GOLDEN_EVENTS (one realistic event per built-in event type) as
// one LEEF line with the default delimiter, a tab (./leef/), one file per action, with a fixed
// product identity and no syslog prefix. Each line must also parse back to its event exactly.
// `UPDATE_GOLDEN=1 npx vitest run test/golden/leef-lines.test.ts` rewrites them.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeLeef, parseLeef } from '../../src/formats/leef/index.js';
import { BUILT_IN_EVENT_TYPES } from '../../src/registry/built-in.js';
import { expectGolden, UPDATE_GOLDEN } from '../helpers/golden.js';
import { GOLDEN_EVENTS } from './canonical-events.js';

const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const DIR = fileURLToPath(new URL('./leef/', import.meta.url));

describe('golden LEEF lines', () => {
  it('there is one golden event per built-in event type, and one file per golden event', () => {
    expect(GOLDEN_EVENTS.map((e) => e.action).sort()).toEqual(BUILT_IN_EVENT_TYPES.map((t) => t.action).sort());
    if (!UPDATE_GOLDEN) expect(readdirSync(DIR).sort()).toEqual(GOLDEN_EVENTS.map((e) => `${e.action}.txt`).sort());
  });

  for (const event of GOLDEN_EVENTS) {
    it(event.action, () => {
      const line = encodeLeef(event, { product: PRODUCT });
      expect(line).not.toMatch(/[\r\n]/);
      expectGolden(DIR, `${event.action}.txt`, `${line}\n`);
      expect(parseLeef(line)).toStrictEqual({ ok: true, value: event });
    });
  }
});
