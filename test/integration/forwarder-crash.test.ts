/**
 * `kill -9` of a forwarder process at random instants, 20 times, restarting it on the same data
 * directory each time (DESIGN.md §5, durability): every event whose `emit` had resolved reaches
 * the receiver, at least once, with its own `event_id`. The child prints an id only after `emit`
 * resolved; the receiver is a real HTTP server on loopback, sometimes slow, so that kills land
 * while batches are in flight too. Run with `concurrency` 1 and 4 (several batches in flight at once),
 * and with the queues in a delivery thread (threaded-forwarder.ts), where `emit` resolves once that
 * thread has appended.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drain, runAndKill } from '../helpers/forwarder-process.js';
import type { HttpReceiver } from '../helpers/http-receiver.js';
import { startHttpReceiver } from '../helpers/http-receiver.js';

const KILLS = 20;

const receivers: HttpReceiver[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-forwarder-crash-'));
afterAll(async () => {
  for (const r of receivers) await r.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('forwarder under kill -9', () => {
  // Concurrency 4: several batches in flight, finishing out of order; acknowledgements advance over a contiguous prefix only.
  it.each([
    { concurrency: 1, thread: false },
    { concurrency: 4, thread: false },
    { concurrency: 1, thread: true },
  ])(`delivers every acknowledged event through ${KILLS} SIGKILLs at random instants (concurrency $concurrency, delivery thread $thread)`, async ({ concurrency, thread }) => {
    const receiver = await startHttpReceiver({ body: 'ndjson' });
    receivers.push(receiver);
    // Now and then slow, so that some kills land while a batch is in flight.
    receiver.rule((req) => (req.index % 5 === 0 ? { status: 200, delayMs: 50 } : undefined));
    const label = `${concurrency}${thread ? '-thread' : ''}`;
    const config = path.join(dir, `config-${label}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        data_dir: path.join(dir, `data-${label}`),
        destinations: [{ name: 'siem', type: 'http', format: 'canonical', url: receiver.url('/ingest'), body: 'ndjson', batch: { max_events: 100, flush_interval_ms: 5 }, retry: { initial_delay_ms: 10, max_delay_ms: 100 } }],
      }),
    );
    const env = { FORWARDER_CHILD_CONCURRENCY: String(concurrency), ...(thread ? { FORWARDER_CHILD_THREAD: '1' } : {}) };
    const acknowledged: string[] = [];
    for (let run = 0; run < KILLS; run++) acknowledged.push(...(await runAndKill(config, run, 30 + Math.floor(Math.random() * 250), env)));
    expect(await drain(config, env)).toBe('DRAINED');
    const received = receiver.eventIds();
    const got = new Set(received);
    const lost = acknowledged.filter((id) => !got.has(id));
    console.log(`forwarder crash test (concurrency ${concurrency}, delivery thread ${thread}): ${KILLS} kills, ${acknowledged.length} events acknowledged by emit, ${received.length} received (${received.length - got.size} duplicates), ${lost.length} lost`);
    expect(acknowledged.length).toBeGreaterThan(KILLS * 20);
    expect(lost).toEqual([]);
  }, 180_000);
});
