/**
 * The delivery queues (issue 5): append, and read + ack, in events/s for canonical events of about
 * 500 bytes in batches of 100, against JSON.stringify of the same events in the same run. The
 * forwarder's target is >= 100,000 events/s end to end on one core with the disk queue, so the
 * queue alone should manage several hundred thousand.
 *
 * A queue is asynchronous, so this file times whole passes of EVENTS events (the house harness
 * times synchronous calls); like bench/harness.ts it interleaves the contenders' rounds and reports
 * the median. Then a child process fills a disk queue with 1,000,000 events of ~600 bytes, reopens
 * it and drains it, printing RSS (target: well under 200 MB) and the recovery time.
 *
 *   npx tsx bench/queue.bench.ts           # throughput, then the 1,000,000-event RSS run
 *   npx tsx bench/queue.bench.ts --rss     # the RSS run alone
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FsyncPolicy, openDiskQueue } from '../src/delivery/queue/index.js';
import { createMemoryQueue } from '../src/delivery/queue/memory-queue.js';
import type { Queue } from '../src/delivery/queue/queue.js';
import { GOLDEN_EVENTS } from '../test/golden/canonical-events.js';

const BATCH = 100;
const EVENTS = 200_000;
const ROUNDS = 5;

/** Golden events of 400 to 600 bytes of canonical JSON: about 500 on average. */
const events = GOLDEN_EVENTS.filter((e) => {
  const n = JSON.stringify(e).length;
  return n >= 400 && n <= 600;
});
const encoded = events.map((e) => Buffer.from(JSON.stringify(e)));
const batches: Buffer[][] = Array.from({ length: events.length }, (_, i) => Array.from({ length: BATCH }, (_, j) => encoded[(i + j) % encoded.length] as Buffer));

interface AsyncContender {
  readonly name: string;
  /** Processes EVENTS events and returns the seconds the measured part took. */
  readonly run: () => Promise<number>;
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

async function appendAll(q: Queue, count = EVENTS): Promise<void> {
  for (let i = 0; i < count / BATCH; i++) await q.append(batches[i % batches.length] as Buffer[]);
}

async function readAckAll(q: Queue): Promise<void> {
  let n = 0;
  for (let got = await q.read(BATCH, 1_000_000); got.length > 0; got = await q.read(BATCH, 1_000_000)) {
    n += got.length;
    await q.ack((got[got.length - 1] as { seq: number }).seq);
  }
  if (n !== EVENTS) throw new Error(`read ${n} events, expected ${EVENTS}`);
}

/** A producer appending while a consumer waits, reads and acknowledges: the shape of the forwarder. */
async function pipelined(q: Queue): Promise<void> {
  const producing = appendAll(q);
  let n = 0;
  const never = new AbortController().signal;
  while (n < EVENTS) {
    await q.waitForRecords(never);
    const got = await q.read(BATCH, 1_000_000);
    if (got.length === 0) continue;
    n += got.length;
    await q.ack((got[got.length - 1] as { seq: number }).seq);
  }
  await producing;
}

interface Opened {
  readonly queue: Queue;
  readonly dispose: () => Promise<void>;
}

const openDisk = (fsync: FsyncPolicy) => async (): Promise<Opened> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-bench-'));
  const queue = await openDiskQueue({ dir, fsync });
  return { queue, dispose: () => queue.close().finally(() => rmSync(dir, { recursive: true, force: true })) };
};
const openMemory = (): Promise<Opened> => {
  const queue = createMemoryQueue({ maxBytes: 1024 * 1024 * 1024 });
  return Promise.resolve({ queue, dispose: () => queue.close() });
};
const nothing = (): Promise<void> => Promise.resolve();

/** One pass on a fresh queue: `prepare` untimed, then `measure` timed; returns seconds. */
const pass =
  (open: () => Promise<Opened>, measure: (q: Queue) => Promise<void>, prepare: (q: Queue) => Promise<void> = nothing) =>
  async (): Promise<number> => {
    const { queue, dispose } = await open();
    try {
      await prepare(queue);
      const start = process.hrtime.bigint();
      await measure(queue);
      return seconds(start);
    } finally {
      await dispose();
    }
  };

async function throughput(): Promise<void> {
  const baseline: AsyncContender = {
    name: 'JSON.stringify (canonical)',
    run: () => {
      const start = process.hrtime.bigint();
      let n = 0;
      for (let i = 0; i < EVENTS; i++) n += JSON.stringify(events[i % events.length]).length;
      if (n === 0) throw new Error('unreachable');
      return Promise.resolve(seconds(start));
    },
  };
  const contenders: AsyncContender[] = [
    { name: 'disk append (fsync interval)', run: pass(openDisk('interval'), appendAll) },
    { name: 'disk read + ack (fsync interval)', run: pass(openDisk('interval'), readAckAll, appendAll) },
    { name: 'disk append -> read -> ack, concurrent', run: pass(openDisk('interval'), pipelined) },
    { name: 'disk append -> read -> ack (fsync never)', run: pass(openDisk('never'), pipelined) },
    { name: 'memory append', run: pass(openMemory, appendAll) },
    { name: 'memory read + ack', run: pass(openMemory, readAckAll, appendAll) },
    { name: 'memory append -> read -> ack', run: pass(openMemory, pipelined) },
  ];
  const all = [baseline, ...contenders];
  for (const c of all) await c.run();
  const times = new Map<string, number[]>(all.map((c) => [c.name, []]));
  for (let r = 0; r < ROUNDS; r++) for (const c of all) times.get(c.name)?.push(await c.run());
  const perSecond = (name: string): number => {
    const s = [...(times.get(name) ?? [])].sort((a, b) => a - b);
    return EVENTS / (s[Math.floor(s.length / 2)] as number);
  };
  const base = perSecond(baseline.name);
  const avg = encoded.reduce((n, b) => n + b.length, 0) / encoded.length;
  console.log(`\nqueues, ${EVENTS.toLocaleString('en-US')} events of ${Math.round(avg)} bytes in batches of ${BATCH}  (node ${process.version}, median of ${ROUNDS} rounds; ratio = events/s ÷ ${baseline.name})`);
  const width = Math.max(...all.map((c) => c.name.length));
  const line = (name: string, eps: number, note: string): void => console.log(`  ${name.padEnd(width)}  ${Math.round(eps).toLocaleString('en-US').padStart(12)} events/s   ${note}`);
  for (const c of all) line(c.name, perSecond(c.name), `ratio ${(perSecond(c.name) / base).toFixed(2)}`);

  // fsync 'always' costs a device flush per write: fewer events, one pass, reported apart.
  const few = 20_000;
  const always = await pass(openDisk('always'), (q) => appendAll(q, few))();
  line('disk append (fsync always)', few / always, `one fdatasync per batch of ${BATCH}, one writer`);
}

/** Fills a disk queue with 1,000,000 events of ~600 bytes, reopens and drains it, printing RSS. */
async function rssRun(): Promise<void> {
  const total = 1_000_000;
  const event = Buffer.from(JSON.stringify({ ...events[0], message: 'x'.repeat(600 - encoded[0]!.length - 14) }));
  const batch = Array.from({ length: BATCH }, () => event);
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-rss-'));
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  // Sampled, not resourceUsage().maxRSS: Linux carries that over from the parent across fork + exec.
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const rss = (): string => {
    peak = Math.max(peak, process.memoryUsage().rss);
    return `${mb(process.memoryUsage().rss)} (peak ${mb(peak)})`;
  };
  try {
    console.log(`\ndisk queue, ${total.toLocaleString('en-US')} events of ${event.length} bytes (RSS = process.memoryUsage().rss, peak sampled every 10 ms)`);
    console.log(`  before opening: RSS ${rss()}`);
    let q = await openDiskQueue({ dir });
    let start = process.hrtime.bigint();
    for (let i = 0; i < total / BATCH; i++) await q.append(batch);
    console.log(`  appended in ${seconds(start).toFixed(1)} s, RSS ${rss()}, depth ${q.stats().depth.toLocaleString('en-US')}, ${mb(q.stats().bytes)} of data`);
    await q.close();
    start = process.hrtime.bigint();
    q = await openDiskQueue({ dir });
    console.log(`  reopened (recovery scan of ${q.recovery.segments} segments) in ${seconds(start).toFixed(2)} s, RSS ${rss()}, depth ${q.stats().depth.toLocaleString('en-US')}`);
    start = process.hrtime.bigint();
    let n = 0;
    for (let got = await q.read(500, 1_000_000); got.length > 0; got = await q.read(500, 1_000_000)) {
      n += got.length;
      await q.ack((got[got.length - 1] as { seq: number }).seq);
      if (n % 250_000 === 0) console.log(`  read + acked ${n.toLocaleString('en-US')}, RSS ${rss()}`);
    }
    console.log(`  drained ${n.toLocaleString('en-US')} in ${seconds(start).toFixed(1)} s, RSS ${rss()}, depth ${q.stats().depth}`);
    await q.close();
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--rss')) await rssRun();
else {
  await throughput();
  // In its own process, so that the peak RSS is the queue's and not the throughput rounds'.
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--rss'], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
