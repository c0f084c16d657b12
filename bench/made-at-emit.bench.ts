/**
 * Records made at emit (src/delivery/records-made-at-emit.ts): the forwarder in one thread, disk
 * queue, the `null` destination writing OCSF (its records made and dropped: the runtime's own
 * cost), with events emitted as a steady stream the destination keeps up with: a chunk, then
 * `flush` until it is delivered, then the next. There `emit` makes each record from the event at
 * hand and the read takes it, rather than parsing the queued JSON to make it again.
 *
 * The same events twice, alternating rounds, each with one more payload member, `seen`: `0` in
 * plain JSON data (records made at emit), and `-0`, which JSON writes as `0`, so that the
 * canonical JSON, the queue's bytes and the records are exactly those of the first, but which
 * JSON does not give back unchanged (json-faithful.ts): nothing is made at emit for it, and its
 * records are made from the queued JSON, as they were before records made at emit. Then a burst (every
 * chunk emitted at once, four in flight), where emit runs far ahead of the reads, and what is
 * made at emit is bounded (4 MiB) so most records are made from the queue either way.
 *
 * Each line: events/s (median round, with the range), the ratio to `JSON.stringify` of the same
 * events in the same run, and CPU time per event; the last column the ratio to the other form of
 * the same events.
 *
 *   npx tsx bench/made-at-emit.bench.ts [events=120000] [rounds=5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CanonicalEvent } from '../schemas/canonical/event.js';
import { parseConfig } from '../src/delivery/config/load.js';
import type { Forwarder } from '../src/delivery/forwarder.js';
import { createForwarder } from '../src/delivery/forwarder.js';
import { GOLDEN_EVENTS } from '../test/golden/canonical-events.js';
import { inChunks, median, medianRound, perSecond, stringifyRate } from './harness.js';

const EVENTS = Number(process.argv[2] ?? 120_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const CHUNK = 500;
const BURST_IN_FLIGHT = 4;

type Form = 'plain' | 'minus zero';
type Flow = 'steady' | 'burst';

function events(n: number, form: Form): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const e = GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent;
    return { ...e, event_id: `evt_${i}`, payload: { ...e.payload, seen: form === 'plain' ? 0 : -0 } };
  });
}

interface Run {
  readonly rate: number;
  readonly cpu: number;
}

async function timed(f: Forwarder, list: readonly CanonicalEvent[], flow: Flow): Promise<Run> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  if (flow === 'steady') {
    for (let i = 0; i < list.length; i += CHUNK) {
      await f.emit(list.slice(i, i + CHUNK));
      await f.flush();
    }
  } else {
    await inChunks(list, CHUNK, BURST_IN_FLIGHT, (chunk) => f.emit(chunk));
    await f.flush();
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { rate: perSecond(list.length, ms), cpu: (used.user + used.system) / list.length };
}

async function main(): Promise<void> {
  const forms: Form[] = ['plain', 'minus zero'];
  const lists = new Map(forms.map((form) => [form, events(EVENTS, form)]));
  const baseline = stringifyRate(lists.get('plain') as CanonicalEvent[]);
  console.log(`\nrecords made at emit: forwarder in one thread -> disk queue -> null destination (OCSF), ${EVENTS.toLocaleString('en-US')} events a round, median of ${ROUNDS}  (node ${process.version}; ratio = events/s ÷ JSON.stringify of the same events, ${Math.round(baseline).toLocaleString('en-US')}/s)`);
  for (const flow of ['steady', 'burst'] as const) {
    const runs = new Map<Form, Run[]>(forms.map((form) => [form, []]));
    for (let round = 0; round <= ROUNDS; round++) {
      for (const form of forms) {
        const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-bench-made-'));
        const config = parseConfig({ data_dir: dir, destinations: [{ name: 'bench', type: 'null', format: 'ocsf', batch: { max_events: CHUNK, flush_interval_ms: 0 } }] }, 'bench', { baseDir: dir });
        const f = await createForwarder(config, { log: (l) => console.error(l) });
        const run = await timed(f, lists.get(form) as CanonicalEvent[], flow);
        // The first round warms up.
        if (round > 0) runs.get(form)?.push(run);
        await f.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const line = (form: Form): { rate: number; text: string } => {
      const list = runs.get(form) as Run[];
      const m = medianRound(list);
      const cpu = median(list.map((r) => r.cpu));
      return { rate: m.rate, text: `${Math.round(m.rate).toLocaleString('en-US').padStart(9)} events/s  (${Math.round(m.min).toLocaleString('en-US')}-${Math.round(m.max).toLocaleString('en-US')})  ratio ${(m.rate / baseline).toFixed(2)}  CPU ${cpu.toFixed(1)} µs/event` };
    };
    const made = line('plain');
    const parsed = line('minus zero');
    console.log(`${flow === 'steady' ? 'steady stream (a chunk of 500, delivered before the next)' : `burst (chunks of 500, ${BURST_IN_FLIGHT} emits in flight)`}`);
    console.log(`  seen: 0, records made at emit    ${made.text}   ${(made.rate / parsed.rate).toFixed(2)} of the other`);
    console.log(`  seen: -0, records from the queue ${parsed.text}`);
  }
}

await main();
