/**
 * A forwarder in a child process, for the kill -9 test (test/integration/forwarder-crash.test.ts).
 *
 *   node --import tsx forwarder-child.ts CONFIG.json emit RUN   emits batches of events forever,
 *                                                               printing each id once `emit` resolved
 *   node --import tsx forwarder-child.ts CONFIG.json drain      delivers what is queued, prints DRAINED
 *
 * FORWARDER_CHILD_CONCURRENCY=N in its environment sets `concurrency: N` on every destination of
 * CONFIG.json (the kill -9 test runs both ways); FORWARDER_CHILD_THREAD=1 runs the queues and
 * destinations in a delivery thread (createThreadedForwarder).
 */
import { readFileSync } from 'node:fs';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { parseConfig } from '../../src/delivery/config/load.js';
import { createForwarder } from '../../src/delivery/forwarder.js';
import { createThreadedForwarder } from '../../src/delivery/threaded-forwarder.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';

const [configFile, mode, run] = process.argv.slice(2) as [string, string, string | undefined];
const doc = JSON.parse(readFileSync(configFile, 'utf8')) as { destinations?: Record<string, unknown>[] };
const concurrency = process.env.FORWARDER_CHILD_CONCURRENCY;
if (concurrency !== undefined) for (const d of doc.destinations ?? []) d.concurrency = Number(concurrency);
const config = parseConfig(doc, configFile);
const create = process.env.FORWARDER_CHILD_THREAD === '1' ? createThreadedForwarder : createForwarder;
const forwarder = await create(config, { log: (l) => process.stderr.write(`${l}\n`) });

if (mode === 'drain') {
  const { drained } = await forwarder.flush({ timeoutMs: 60_000 });
  await forwarder.close({ deadlineMs: 0 });
  process.stdout.write(drained ? 'DRAINED\n' : 'NOT DRAINED\n');
} else {
  for (let i = 0; ; i += 20) {
    const batch = Array.from({ length: 20 }, (_, j) => ({ ...(GOLDEN_EVENTS[(i + j) % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `run${run}-${i + j}` }));
    await forwarder.emit(batch);
    process.stdout.write(`${batch.map((e) => e.event_id).join('\n')}\n`);
  }
}
