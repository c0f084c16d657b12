// Golden syslog messages: each of GOLDEN_EVENTS (one realistic event per built-in event type) as
// RFC 5424 with the JSON body (./syslog5424/) and as RFC 3164 (./syslog3164/), one file per action,
// with a fixed hostname and PROCID. Each message must also parse back to its event exactly.
// `UPDATE_GOLDEN=1 npx vitest run test/golden/syslog-lines.test.ts` rewrites them.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_EVENT_TYPES } from '../../src/registry/built-in.js';
import { encodeRfc3164, encodeRfc5424, parseRfc3164, parseRfc5424 } from '../../src/formats/syslog/index.js';
import { expectGolden, UPDATE_GOLDEN } from '../helpers/golden.js';
import { GOLDEN_EVENTS } from './canonical-events.js';

const OPTIONS = { product: { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' }, hostname: 'siem-forwarder-01.acme.example', procId: '4242' };
const FORMATS = [
  { dir: fileURLToPath(new URL('./syslog5424/', import.meta.url)), encode: encodeRfc5424, parse: parseRfc5424 },
  { dir: fileURLToPath(new URL('./syslog3164/', import.meta.url)), encode: encodeRfc3164, parse: parseRfc3164 },
] as const;

describe('golden syslog messages', () => {
  it('there is one golden event per built-in event type, and one file per golden event in each folder', () => {
    expect(GOLDEN_EVENTS.map((e) => e.action).sort()).toEqual(BUILT_IN_EVENT_TYPES.map((t) => t.action).sort());
    if (!UPDATE_GOLDEN) for (const { dir } of FORMATS) expect(readdirSync(dir).sort()).toEqual(GOLDEN_EVENTS.map((e) => `${e.action}.txt`).sort());
  });

  for (const { dir, encode, parse } of FORMATS) {
    describe(dir.split('/').at(-2) as string, () => {
      for (const event of GOLDEN_EVENTS) {
        it(event.action, () => {
          const message = encode(event, OPTIONS);
          expect(message).not.toMatch(/[\r\n]/);
          expectGolden(dir, `${event.action}.txt`, `${message}\n`);
          expect(parse(message)).toStrictEqual({ ok: true, value: event });
        });
      }
    });
  }
});
