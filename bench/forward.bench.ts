/**
 * The forwarding path end to end (issue 5): emit -> validate -> disk queue -> batch -> encode ->
 * HTTP POST to a loopback receiver, with gzip off and on, against the limit of this design: a bare
 * loop that encodes the same events into the same batches and POSTs them with the same HTTP client
 * (undici Pool, src/destinations/transport/http-client.ts), with no queue, retry or health. Both
 * report events/s and the ratio to `JSON.stringify` of the same events in the same run.
 * Targets: >= 0.5 of the bare loop; >= 100,000 events/s without gzip and >= 50,000 with gzip.
 *
 * The forwarder runs both ways: in one thread (`createForwarder`), and with its queues and
 * destinations in a delivery thread (`createThreadedForwarder`, what `siemkit forward` runs on two
 * cores or more), each a fresh forwarder per round. The bare loop and the two take turns for
 * `rounds` rounds; each line is the median round with the range, the ratio one of medians.
 *
 * The receiver runs in its own process (as a SIEM would), counting the NDJSON lines it gets.
 * Last: the peak RSS while the destination is down and 1,000,000 events wait on disk, both ways
 * (target < 200 MB), and once more in one thread with OCSF records, whose records made at emit
 * wait in memory (records-made-at-emit.ts), each in a fresh process, from the built package (`npm run build`, run first):
 * from TypeScript sources the delivery thread would also hold tsx's compiler and source maps. Then
 * the peak RSS while 200,000 events drain to a receiver that answers 50 ms later, in one thread,
 * with `concurrency: 1` and with `adaptive`: what sends in flight cost in memory.
 *
 *   npx tsx bench/forward.bench.ts [events=200000] [backlog=1000000] [rounds=3]
 */
import { fork, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { CanonicalEvent } from '../schemas/canonical/event.js';
import { parseConfig } from '../src/delivery/config/load.js';
import type { Forwarder } from '../src/delivery/forwarder.js';
import { createForwarder } from '../src/delivery/forwarder.js';
import { createThreadedForwarder } from '../src/delivery/threaded-forwarder.js';
import { BODY_FRAMINGS } from '../src/destinations/http/encode.js';
import { createHttpClient } from '../src/destinations/transport/http-client.js';
import { gzip } from '../src/destinations/transport/gzip.js';
import { GOLDEN_EVENTS } from '../test/golden/canonical-events.js';
import { inChunks, medianRound, perSecond, stringifyRate } from './harness.js';

const EVENTS = Number(process.argv[2] ?? 200_000);
const BACKLOG = Number(process.argv[3] ?? 1_000_000);
const ROUNDS = Number(process.argv[4] ?? 3);
const BATCH = 1_000;
/** The drain runs: events, and the receiver's answer delay (a SIEM across a network). */
const DRAIN = 200_000;
const DRAIN_RTT_MS = 50;
const EMIT_CHUNK = 1_000;
const EMITS_IN_FLIGHT = 4;

// The receiver: counts NDJSON lines (gunzipping when asked) as it answers, DELAY_MS after a
// request's end (0: at once); GET /count answers the total.
const RECEIVER = `
const http = require('node:http');
const { gunzipSync } = require('node:zlib');
const delay = Number(process.env.DELAY_MS || 0);
let count = 0;
http.createServer((req, res) => {
  if (req.method === 'GET') { res.end(String(count)); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    let lines = 0;
    for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) lines++;
    const answer = () => {
      count += lines;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    };
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
}).listen(0, '127.0.0.1', function () { process.send(this.address().port); });
`;

function events(n: number, prefix: string): CanonicalEvent[] {
  const out: CanonicalEvent[] = [];
  for (let i = 0; i < n; i++) {
    const base = GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent;
    out.push({ ...base, event_id: `${prefix}_${i}` });
  }
  return out;
}

async function startReceiver(dir: string, delayMs = 0): Promise<{ url: string; count: () => Promise<number>; stop: () => void }> {
  const script = path.join(dir, 'receiver.cjs');
  writeFileSync(script, RECEIVER);
  const child = fork(script, [], { stdio: 'inherit', env: { ...process.env, DELAY_MS: String(delayMs) } });
  const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(p as number)));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    count: async () => Number(await (await fetch(`${url}/count`)).text()),
    stop: () => child.kill(),
  };
}

async function waitFor(count: () => Promise<number>, target: number): Promise<void> {
  while ((await count()) < target) await new Promise((r) => setTimeout(r, 5));
}

const MODES: readonly Mode[] = ['one thread', 'delivery thread'];

function range(r: { min: number; max: number }): string {
  return ROUNDS > 1 ? `   range ${Math.round(r.min).toLocaleString('en-US')}-${Math.round(r.max).toLocaleString('en-US')}` : '';
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(10);
}

async function bareLoop(url: string, evs: readonly CanonicalEvent[], useGzip: boolean, count: () => Promise<number>): Promise<number> {
  const client = createHttpClient({ destination: 'bare', url });
  const framing = BODY_FRAMINGS.ndjson;
  const before = await count();
  const start = performance.now();
  for (let i = 0; i < evs.length; i += BATCH) {
    const body = framing.frame(evs.slice(i, i + BATCH).map((e) => JSON.stringify(e)));
    const headers: Record<string, string> = { 'content-type': framing.contentType };
    let payload: Buffer | string = body;
    if (useGzip) {
      payload = await gzip(body);
      headers['content-encoding'] = 'gzip';
    }
    const r = await client.request({ path: new URL(url).pathname, headers, body: payload });
    if (r.status !== 200) throw new Error(`bare loop: ${r.status}`);
  }
  await waitFor(count, before + evs.length);
  const ms = performance.now() - start;
  await client.close();
  return perSecond(evs.length, ms);
}

function config(dataDir: string, url: string, useGzip: boolean, parse: typeof parseConfig = parseConfig): ReturnType<typeof parseConfig> {
  return parse(
    {
      data_dir: dataDir,
      destinations: [{ name: 'loopback', type: 'http', format: 'canonical', url, body: 'ndjson', gzip: useGzip, batch: { max_events: BATCH, max_bytes: 5_000_000, flush_interval_ms: 0 } }],
    },
    'bench',
  );
}

/** The two ways a forwarder runs. */
type Mode = 'one thread' | 'delivery thread';

function open(mode: Mode, cfg: ReturnType<typeof parseConfig>): Promise<Forwarder> {
  return mode === 'one thread' ? createForwarder(cfg) : createThreadedForwarder(cfg);
}

async function forwarded(dir: string, url: string, evs: readonly CanonicalEvent[], useGzip: boolean, count: () => Promise<number>, mode: Mode): Promise<number> {
  const dataDir = mkdtempSync(path.join(dir, 'data-'));
  const forwarder = await open(mode, config(dataDir, url, useGzip));
  const before = await count();
  const start = performance.now();
  // Producers emit concurrently (the HTTP input serves up to 16 requests at once): keep a few emits in flight.
  await inChunks(evs, EMIT_CHUNK, EMITS_IN_FLIGHT, (chunk) => forwarder.emit(chunk));
  await waitFor(count, before + evs.length);
  const ms = performance.now() - start;
  await forwarder.close();
  rmSync(dataDir, { recursive: true, force: true });
  return perSecond(evs.length, ms);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The backlog run, in plain JavaScript for a plain `node` (no tsx): the built package's forwarder,
 * a destination nobody listens on (port 9 on loopback: every send is refused and retried, so the
 * backlog stays on disk), and `count` events emitted in chunks of the events in CHUNK.json with
 * fresh ids, the records in FORMAT. argv: DIST_DELIVERY_DIR DATA_DIR CHUNK.json COUNT MODE FORMAT.
 */
const BACKLOG_CHILD = `
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [dist, dataDir, chunkFile, countText, mode, format] = process.argv.slice(2);
const built = (file) => import(pathToFileURL(path.join(dist, file)).href);
const { parseConfig } = await built('config/load.js');
const open = mode === 'one thread' ? (await built('forwarder.js')).createForwarder : (await built('threaded-forwarder.js')).createThreadedForwarder;
const count = Number(countText);
const chunk = JSON.parse(readFileSync(chunkFile, 'utf8'));
const config = parseConfig({ data_dir: dataDir, destinations: [{ name: 'loopback', type: 'http', format, url: 'http://127.0.0.1:9/', body: 'ndjson', batch: { max_events: ${BATCH}, max_bytes: 5000000, flush_interval_ms: 0 } }] }, 'bench');
const forwarder = await open(config, { log: () => {} });
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const start = performance.now();
for (let i = 0; i < count; i += chunk.length) {
  await forwarder.emit(chunk.map((e, j) => ({ ...e, event_id: 'bl_' + (i + j) })));
  peak = Math.max(peak, process.memoryUsage().rss);
}
const ms = performance.now() - start;
clearInterval(sampler);
const depth = forwarder.health().destinations[0]?.queue.depth ?? 0;
await forwarder.close({ deadlineMs: 0 });
process.stdout.write(JSON.stringify({ peakMb: peak / 1048576, ms, depth }));
`;

/** The peak RSS while `BACKLOG` events wait on disk, in a fresh process, from the built package. */
function backlogInChild(dir: string, mode: Mode, format: 'canonical' | 'ocsf' = 'canonical'): string {
  const script = path.join(dir, 'backlog.mjs');
  writeFileSync(script, BACKLOG_CHILD);
  const chunkFile = path.join(dir, 'backlog-chunk.json');
  writeFileSync(chunkFile, JSON.stringify(events(EMIT_CHUNK, 'backlog')));
  const dataDir = mkdtempSync(path.join(dir, 'backlog-'));
  const r = spawnSync(process.execPath, [script, path.join(ROOT, 'dist', 'src', 'delivery'), dataDir, chunkFile, String(BACKLOG), mode, format], { encoding: 'utf8' });
  rmSync(dataDir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`backlog run failed: ${r.stderr}`);
  const { peakMb, ms, depth } = JSON.parse(r.stdout) as { peakMb: number; ms: number; depth: number };
  if (depth < BACKLOG - BATCH) throw new Error(`backlog: only ${depth} events waited on disk`);
  return `  backlog, ${mode}${format === 'canonical' ? '' : `, ${format}`}: ${BACKLOG.toLocaleString('en-US')} events on disk with the destination down: peak RSS ${peakMb.toFixed(0)} MB (emitted in ${(ms / 1000).toFixed(1)} s, ${fmt(perSecond(BACKLOG, ms)).trim()} events/s into the disk queue)`;
}

/**
 * The drain run: the built package's forwarder in one thread, `count` events emitted as fast as
 * `emit` takes them, to a receiver that answers DRAIN_RTT_MS after each request, with
 * `concurrency`; the peak RSS until the receiver has them all. argv: DIST_DELIVERY_DIR DATA_DIR
 * CHUNK.json COUNT CONCURRENCY URL.
 */
const DRAIN_CHILD = `
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [dist, dataDir, chunkFile, countText, concurrencyText, url] = process.argv.slice(2);
const { parseConfig } = await import(pathToFileURL(path.join(dist, 'config/load.js')).href);
const { createForwarder } = await import(pathToFileURL(path.join(dist, 'forwarder.js')).href);
const count = Number(countText);
const concurrency = concurrencyText === 'adaptive' ? 'adaptive' : Number(concurrencyText);
const chunk = JSON.parse(readFileSync(chunkFile, 'utf8'));
const config = parseConfig({ data_dir: dataDir, destinations: [{ name: 'loopback', type: 'http', format: 'canonical', url, body: 'ndjson', concurrency, batch: { max_events: ${BATCH}, max_bytes: 5000000, flush_interval_ms: 0 } }] }, 'bench');
const forwarder = await createForwarder(config, { log: () => {} });
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const start = performance.now();
for (let i = 0; i < count; i += chunk.length) await forwarder.emit(chunk.map((e, j) => ({ ...e, event_id: 'dr_' + (i + j) })));
while (Number(await (await fetch(url + '/count')).text()) < count) await new Promise((r) => setTimeout(r, 20));
const ms = performance.now() - start;
clearInterval(sampler);
const limit = forwarder.health().destinations[0]?.concurrency.limit;
await forwarder.close({ deadlineMs: 0 });
process.stdout.write(JSON.stringify({ peakMb: peak / 1048576, ms, limit }));
`;

/** The peak RSS while DRAIN events go to a receiver DRAIN_RTT_MS away, with `concurrency`, in a fresh process, from the built package. */
async function drainInChild(dir: string, concurrency: 1 | 'adaptive'): Promise<string> {
  const script = path.join(dir, 'drain.mjs');
  writeFileSync(script, DRAIN_CHILD);
  const chunkFile = path.join(dir, 'drain-chunk.json');
  writeFileSync(chunkFile, JSON.stringify(events(EMIT_CHUNK, 'drain')));
  const dataDir = mkdtempSync(path.join(dir, 'drain-'));
  const receiver = await startReceiver(dir, DRAIN_RTT_MS);
  try {
    // The receiver is a process of its own: this one may wait synchronously.
    const r = spawnSync(process.execPath, [script, path.join(ROOT, 'dist', 'src', 'delivery'), dataDir, chunkFile, String(DRAIN), String(concurrency), receiver.url], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`drain run failed: ${r.stderr}`);
    const { peakMb, ms, limit } = JSON.parse(r.stdout) as { peakMb: number; ms: number; limit: number };
    const label = concurrency === 1 ? 'concurrency 1' : `adaptive (limit ${limit} at the end)`;
    return `  draining, one thread, ${label}: ${DRAIN.toLocaleString('en-US')} events to a receiver answering ${DRAIN_RTT_MS} ms later: peak RSS ${peakMb.toFixed(0)} MB, all delivered in ${(ms / 1000).toFixed(1)} s (${fmt(perSecond(DRAIN, ms)).trim()} events/s)`;
  } finally {
    receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-bench-forward-'));
  const receiver = await startReceiver(dir);
  try {
    const warm = events(20_000, 'warm');
    await bareLoop(receiver.url, warm, false, receiver.count);
    for (const mode of MODES) await forwarded(dir, receiver.url, warm, false, receiver.count, mode);
    console.log(`\nforward: emit -> validate -> disk queue -> batch (${BATCH}) -> HTTP NDJSON to a loopback receiver, ${EVENTS.toLocaleString('en-US')} events, median of ${ROUNDS} rounds  (node ${process.version}, ${availableParallelism()} cores; ratio = events/s ÷ JSON.stringify)`);
    const evs = events(EVENTS, 'run');
    const base = stringifyRate(evs);
    console.log(`  JSON.stringify (baseline)                  ${fmt(base)} events/s   ratio 1.00`);
    for (const useGzip of [false, true]) {
      const bare: { rate: number }[] = [];
      const full = new Map<Mode, { rate: number }[]>(MODES.map((m) => [m, []]));
      for (let r = 0; r < ROUNDS; r++) {
        bare.push({ rate: await bareLoop(receiver.url, evs, useGzip, receiver.count) });
        for (const mode of MODES) full.get(mode)?.push({ rate: await forwarded(dir, receiver.url, evs, useGzip, receiver.count, mode) });
      }
      const label = useGzip ? 'gzip' : 'no gzip';
      const limit = medianRound(bare);
      console.log(`  bare loop, ${label.padEnd(8)}                       ${fmt(limit.rate)} events/s   ratio ${(limit.rate / base).toFixed(3)}${range(limit)}`);
      for (const mode of MODES) {
        const m = medianRound(full.get(mode) ?? []);
        console.log(`  siemkit forward, ${label.padEnd(8)}, ${mode.padEnd(15)} ${fmt(m.rate)} events/s   ratio ${(m.rate / base).toFixed(3)}   ${(m.rate / limit.rate).toFixed(2)} of the bare loop${range(m)}`);
      }
    }
  } finally {
    receiver.stop();
  }
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
  try {
    for (const mode of MODES) console.log(backlogInChild(dir, mode));
    // Records made at emit wait in memory for a destination that is down (up to 4 MiB of them).
    console.log(backlogInChild(dir, 'one thread', 'ocsf'));
    for (const concurrency of [1, 'adaptive'] as const) console.log(await drainInChild(dir, concurrency));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
