/**
 * Writes `examples/canonical/events.ndjson`: one canonical event per built-in event type, the same
 * events the golden tests map (test/golden/canonical-events.ts).
 *
 *   npx tsx scripts/examples/canonical.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GOLDEN_EVENTS } from '../../test/golden/canonical-events.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
writeFileSync(path.join(root, 'examples/canonical/events.ndjson'), GOLDEN_EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n');
console.log(`wrote ${GOLDEN_EVENTS.length} events to examples/canonical/events.ndjson`);
