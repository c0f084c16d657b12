/**
 * The forwarding path end to end (issue 5): emit -> validate -> disk queue -> batch -> encode ->
 * HTTP POST to a loopback receiver, with gzip off and on, against the limit of this design: a bare
 * loop that encodes the same events into the same batches and POSTs them with the same HTTP client
 * (undici Pool, src/destinations/transport/http-client.ts), with no queue, retry or health. Both
 * report events/s and the ratio to `JSON.stringify` of the same events in the same run.
 * Targets: >= 0.5 of the bare loop; >= 100,000 events/s without gzip and >= 50,000 with gzip.
 *
 * The receiver runs in its own process (as a SIEM would), counting the NDJSON lines it gets.
 * Last: the peak RSS while the destination is down and 1,000,000 events wait on disk (target < 200 MB).
 *
 *   npx tsx bench/forward.bench.ts [events=200000] [backlog=1000000]
 */
import { fork, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CanonicalEvent } from '../schemas/canonical/event.js';
import { parseConfig } from '../src/delivery/config/load.js';
import { createForwarder } from '../src/delivery/forwarder.js';
import { BODY_FRAMINGS } from '../src/destinations/http/encode.js';
import { createHttpClient } from '../src/destinations/transport/http-client.js';
import { gzip } from '../src/destinations/transport/gzip.js';
import { GOLDEN_EVENTS } from '../test/golden/canonical-events.js';

const EVENTS = process.argv[2] === '--backlog' ? 0 : Number(process.argv[2] ?? 200_000);
const BACKLOG = Number(process.argv[3] ?? 1_000_000);
const BATCH = 1_000;
const EMIT_CHUNK = 1_000;
const EMITS_IN_FLIGHT = 4;

// The receiver: counts NDJSON lines (gunzipping when asked); GET /count answers the total.
const RECEIVER = `
const http = require('node:http');
const { gunzipSync } = require('node:zlib');
let count = 0;
http.createServer((req, res) => {
  if (req.method === 'GET') { res.end(String(count)); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) count++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
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

async function startReceiver(dir: string): Promise<{ url: string; count: () => Promise<number>; stop: () => void }> {
  const script = path.join(dir, 'receiver.cjs');
  writeFileSync(script, RECEIVER);
  const child = fork(script, [], { stdio: 'inherit' });
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

function perSecond(n: number, ms: number): number {
  return (n * 1000) / ms;
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

function config(dataDir: string, url: string, useGzip: boolean): ReturnType<typeof parseConfig> {
  return parseConfig(
    {
      data_dir: dataDir,
      destinations: [{ name: 'loopback', type: 'http', format: 'canonical', url, body: 'ndjson', gzip: useGzip, batch: { max_events: BATCH, max_bytes: 5_000_000, flush_interval_ms: 0 } }],
    },
    'bench',
  );
}

async function forwarded(dir: string, url: string, evs: readonly CanonicalEvent[], useGzip: boolean, count: () => Promise<number>): Promise<number> {
  const dataDir = mkdtempSync(path.join(dir, 'data-'));
  const forwarder = await createForwarder(config(dataDir, url, useGzip));
  const before = await count();
  const start = performance.now();
  // Producers emit concurrently (the HTTP input serves up to 16 requests at once): keep a few emits in flight.
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < evs.length; i += EMIT_CHUNK) {
    const p = forwarder.emit(evs.slice(i, i + EMIT_CHUNK)).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= EMITS_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await waitFor(count, before + evs.length);
  const ms = performance.now() - start;
  await forwarder.close();
  rmSync(dataDir, { recursive: true, force: true });
  return perSecond(evs.length, ms);
}

function stringifyRate(evs: readonly CanonicalEvent[]): number {
  let sink = 0;
  const start = performance.now();
  for (const e of evs) sink += JSON.stringify(e).length;
  const ms = performance.now() - start;
  if (sink === 0) throw new Error('unreachable');
  return perSecond(evs.length, ms);
}

async function backlogRss(dir: string): Promise<{ peakMb: number; ms: number }> {
  const dataDir = mkdtempSync(path.join(dir, 'backlog-'));
  // Port 9 on loopback: nothing listens, every send is refused and retried; the backlog stays on disk.
  const forwarder = await createForwarder(config(dataDir, 'http://127.0.0.1:9/', false), { log: () => {} });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const chunk = events(EMIT_CHUNK, 'backlog');
  for (let i = 0; i < BACKLOG; i += EMIT_CHUNK) {
    await forwarder.emit(chunk.map((e, j) => ({ ...e, event_id: `bl_${i + j}` })));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const ms = performance.now() - start;
  clearInterval(sampler);
  const depth = forwarder.health().destinations[0]?.queue.depth;
  await forwarder.close({ deadlineMs: 0 });
  rmSync(dataDir, { recursive: true, force: true });
  if (depth !== undefined && depth < BACKLOG - BATCH) throw new Error(`backlog: only ${depth} events waited on disk`);
  return { peakMb: peak / 1_048_576, ms };
}

/** Runs `backlogRss` in a fresh process, so the throughput runs' heap does not colour it. */
function backlogInChild(): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--backlog', String(BACKLOG)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`backlog run failed: ${r.stderr}`);
  return r.stdout.trim();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-bench-forward-'));
  if (process.argv[2] === '--backlog') {
    try {
      const rss = await backlogRss(dir);
      console.log(`  backlog: ${BACKLOG.toLocaleString('en-US')} events on disk with the destination down: peak RSS ${rss.peakMb.toFixed(0)} MB (emitted in ${(rss.ms / 1000).toFixed(1)} s, ${fmt(perSecond(BACKLOG, rss.ms)).trim()} events/s into the disk queue)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const receiver = await startReceiver(dir);
  try {
    const warm = events(20_000, 'warm');
    await bareLoop(receiver.url, warm, false, receiver.count);
    await forwarded(dir, receiver.url, warm, false, receiver.count);
    console.log(`\nforward: emit -> validate -> disk queue -> batch (${BATCH}) -> HTTP NDJSON to a loopback receiver, ${EVENTS.toLocaleString('en-US')} events  (node ${process.version}; ratio = events/s ÷ JSON.stringify)`);
    const evs = events(EVENTS, 'run');
    const base = stringifyRate(evs);
    console.log(`  JSON.stringify (baseline)          ${fmt(base)} events/s   ratio 1.00`);
    for (const useGzip of [false, true]) {
      const bare = await bareLoop(receiver.url, evs, useGzip, receiver.count);
      const full = await forwarded(dir, receiver.url, evs, useGzip, receiver.count);
      const label = useGzip ? 'gzip' : 'no gzip';
      console.log(`  bare loop, ${label.padEnd(8)}               ${fmt(bare)} events/s   ratio ${(bare / base).toFixed(3)}`);
      console.log(`  siemkit forward, ${label.padEnd(8)}         ${fmt(full)} events/s   ratio ${(full / base).toFixed(3)}   ${(full / bare).toFixed(2)} of the bare loop`);
    }
  } finally {
    receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(backlogInChild());
}

await main();
