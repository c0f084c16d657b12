/**
 * The scale-out input (issue 8, docs/jetstream.md) against the single-process runtime, in one run:
 *
 *   intake     createPublisher -> nats-server (JetStream, file storage)   vs  emit -> disk queue
 *   delivery   stream -> 1 or 2 `siemkit forward` processes sharing the consumer -> HTTP receiver
 *              vs  disk queue -> createForwarder in this process -> the same receiver
 *
 * Every line is events/s and a ratio to `JSON.stringify` of the same events in the same run; the
 * delivery lines add the ratio to the disk-queue runtime, and the last line 2 processes ÷ 1
 * (target >= 1.6 on this 2-core machine).
 *
 * A real nats-server on loopback with its store in a temp dir (test/helpers/nats-server.ts), the
 * stream and one consumer per delivery run made by the product's setup (`limits` retention, so each
 * consumer reads the whole stream). The forwarders are the real command line
 * (test/helpers/jetstream-forwarders.ts), each with its own data_dir; the receiver runs in a
 * process of its own (as a SIEM would) and counts the NDJSON lines per path.
 *
 * How a delivery run is timed: a queue (stream or disk) holds WARM + N events, and the receiver
 * holds every request unanswered until all forwarders are up, so no process gets a head start while
 * the others boot. Then it answers; the clock runs from the WARM-th event received to the last one,
 * so process start-up and JIT warm-up stay out of the figure. The three delivery runs take turns
 * for ROUNDS rounds (a fresh consumer, data_dir and processes each time); each line reports the
 * median round and the range, since one round on a busy 2-core machine is a second or two.
 *
 * Under each delivery line: the CPU time each party spent per 1,000 events inside the timed window,
 * and how busy the whole machine was (Linux /proc; other work on the machine counts too), since on
 * 2 cores nats-server, the forwarders and the receiver compete for the same two. The last line is
 * the most any number of processes could deliver here: the cores divided by the CPU all parties
 * spend per event, as a multiple of one process.
 *
 *   npx tsx bench/jetstream.bench.ts [events=50000] [rounds=3]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import type { CanonicalEvent } from '../schemas/canonical/event.js';
import { parseConfig } from '../src/delivery/config/load.js';
import { createForwarder } from '../src/delivery/forwarder.js';
import { connectJetStream } from '../src/delivery/jetstream/connection.js';
import { createPublisher } from '../src/delivery/jetstream/publisher.js';
import { setupJetStream } from '../src/delivery/jetstream/setup.js';
import { GOLDEN_EVENTS } from '../test/golden/canonical-events.js';
import type { ForwarderProcess } from '../test/helpers/jetstream-forwarders.js';
import { startForwardProcess } from '../test/helpers/jetstream-forwarders.js';
import { startNatsServer } from '../test/helpers/nats-server.js';
import { inChunks, medianRound, perSecond, stringifyRate } from './harness.js';

const EVENTS = Number(process.argv[2] ?? 50_000);
const ROUNDS = Number(process.argv[3] ?? 3);
/** Events delivered before the clock starts: more than the forwarders hold while the receiver waits. */
const WARM = 10_000;
const BATCH = 1_000;
const CHUNK = 1_000;
const CALLS_IN_FLIGHT = 4;
const POLL_MS = 10;
const STREAM = 'BENCH';
const SUBJECT_PREFIX = 'bench.events';

// The receiver: counts NDJSON lines per path. `hold` keeps every request unanswered (and uncounted)
// until `release`; `count` answers the totals over IPC; `reset` forgets them.
const RECEIVER = `
const http = require('node:http');
let byPath = {};
let held = [];
let holding = false;
function answer(path, body, res) {
  let n = 0;
  for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) n++;
  byPath[path] = (byPath[path] || 0) + n;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{}');
}
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (holding) held.push(() => answer(req.url, body, res));
    else answer(req.url, body, res);
  });
});
server.keepAliveTimeout = 600000;
server.requestTimeout = 0;
process.on('message', (m) => {
  if (m.op === 'hold') holding = true;
  if (m.op === 'release') { holding = false; const h = held; held = []; for (const f of h) f(); }
  if (m.op === 'reset') byPath = {};
  process.send({ id: m.id, byPath });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
`;

type Op = 'hold' | 'release' | 'reset' | 'count';

interface Receiver {
  readonly url: string;
  readonly pid: number;
  /** Lines received per path since the last reset. */
  call(op: Op): Promise<Record<string, number>>;
  stop(): void;
}

async function startReceiver(dir: string): Promise<Receiver> {
  const script = path.join(dir, 'receiver.cjs');
  writeFileSync(script, RECEIVER);
  const child = fork(script, [], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
  let nextId = 0;
  const waiting = new Map<number, (byPath: Record<string, number>) => void>();
  child.on('message', (m) => {
    const { id, byPath } = m as { id: number; byPath: Record<string, number> };
    waiting.get(id)?.(byPath);
    waiting.delete(id);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    call: (op) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        child.send({ op, id });
      }),
    stop: () => child.kill(),
  };
}

function total(byPath: Record<string, number>): number {
  return Object.values(byPath).reduce((a, b) => a + b, 0);
}

function events(n: number, prefix: string): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `${prefix}_${i}` }));
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(10);
}

/** Calls `call` on chunks of `evs`, a few calls in flight (as concurrent producers would); returns events/s. */
async function inChunksRate(evs: readonly CanonicalEvent[], call: (chunk: CanonicalEvent[]) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await inChunks(evs, CHUNK, CALLS_IN_FLIGHT, call);
  return perSecond(evs.length, performance.now() - start);
}

/** Clock ticks per second of /proc (`getconf CLK_TCK`): 100 on Linux. */
const CLK_TCK = 100;

/** CPU seconds (user + system) process `pid` used so far, from /proc/PID/stat (proc(5) fields 14 and 15); 0 when unreadable. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the machine so far (/proc/stat: all but idle and iowait is busy). */
function machineSeconds(): { busy: number; all: number } {
  try {
    const ticks = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).slice(1).map(Number);
    const all = ticks.reduce((a, b) => a + b, 0);
    return { busy: all - (ticks[3] ?? 0) - (ticks[4] ?? 0), all };
  } catch {
    return { busy: 0, all: 0 };
  }
}

/** The pid of the nats-server whose store is `storeDir` (its command line names it). */
function pidWithArgument(argument: string): number {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(argument)) return Number(entry);
    } catch {
      // The process ended meanwhile.
    }
  }
  return -1;
}

/** Who spends CPU in a delivery run: a label and its processes. */
type Parties = Record<string, readonly number[]>;

interface Delivery {
  readonly rate: number;
  readonly byPath: Record<string, number>;
  /** CPU ms per 1,000 events in the timed window, per party. */
  readonly cpuMs: Record<string, number>;
  /** Share of the machine's CPU time that was busy in the timed window (every process, not only ours). */
  readonly machineBusy: number;
}

/** The destination every run delivers to, the same in each; a long timeout, since the receiver holds the first requests. */
function destination(name: string, url: string): Record<string, unknown> {
  return { name, type: 'http', format: 'canonical', url, body: 'ndjson', timeout_ms: 300_000, batch: { max_events: BATCH, max_bytes: 5_000_000, flush_interval_ms: 0 } };
}

/**
 * Releases the held receiver and times WARM + EVENTS deliveries from the WARM-th to the last.
 * Returns events/s, the lines each path received and where the CPU went meanwhile.
 */
async function timeDelivery(receiver: Receiver, parties: Parties): Promise<Delivery> {
  const cpu = (): Record<string, number> => Object.fromEntries(Object.entries(parties).map(([label, pids]) => [label, pids.reduce((s, pid) => s + cpuSeconds(pid), 0)]));
  const deadline = Date.now() + 600_000;
  const until = async (n: number): Promise<Record<string, number>> => {
    for (;;) {
      const byPath = await receiver.call('count');
      if (total(byPath) >= n) return byPath;
      if (Date.now() > deadline) throw new Error(`delivery stalled at ${total(byPath)} of ${n} events`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  await receiver.call('release');
  const warmed = total(await until(WARM));
  const start = performance.now();
  const cpuBefore = cpu();
  const machineBefore = machineSeconds();
  const byPath = await until(WARM + EVENTS);
  const ms = performance.now() - start;
  const cpuAfter = cpu();
  const machineAfter = machineSeconds();
  const n = total(byPath) - warmed;
  const cpuMs = Object.fromEntries(Object.keys(parties).map((label) => [label, (((cpuAfter[label] ?? 0) - (cpuBefore[label] ?? 0)) * 1e6) / n]));
  const machineBusy = (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.all - machineBefore.all);
  return { rate: perSecond(n, ms), byPath, cpuMs, machineBusy };
}

/** The single-process runtime: the events in its disk queue first, then delivered by this process. */
async function diskQueueRun(dir: string, receiver: Receiver, evs: readonly CanonicalEvent[], round: number): Promise<Delivery & { emit: number }> {
  const config = parseConfig({ data_dir: path.join(dir, `disk${round}`), destinations: [destination('disk', `${receiver.url}/disk`)] }, 'bench');
  await receiver.call('hold');
  await receiver.call('reset');
  const forwarder = await createForwarder(config);
  try {
    const emit = await inChunksRate(evs, (chunk) => forwarder.emit(chunk));
    return { emit, ...(await timeDelivery(receiver, { 'forwarder (this process)': [process.pid], receiver: [receiver.pid] })) };
  } finally {
    await forwarder.close();
  }
}

/** The round with the median rate, and the range over all rounds. */
/** `processes` forwarders sharing the consumer of `name`; the stream already holds every event. */
async function jetstreamRun(dir: string, receiver: Receiver, natsPid: number, doc: Record<string, unknown>, name: string, processes: number): Promise<Delivery & { shares: number[] }> {
  await receiver.call('hold');
  await receiver.call('reset');
  const configs = Array.from({ length: processes }, (_, i) => {
    const file = path.join(dir, `${name}-p${i}.json`);
    writeFileSync(file, JSON.stringify({ ...doc, data_dir: path.join(dir, `${name}-p${i}`), destinations: [destination(name, `${receiver.url}/p${i}`)] }));
    return file;
  });
  const started: ForwarderProcess[] = [];
  try {
    await Promise.all(configs.map(async (c) => started.push(await startForwardProcess(c, 60_000))));
    const delivery = await timeDelivery(receiver, { forwarders: started.map((p) => p.child.pid as number), 'nats-server': [natsPid], receiver: [receiver.pid] });
    const sum = total(delivery.byPath);
    return { ...delivery, shares: configs.map((_, i) => (delivery.byPath[`/p${i}`] ?? 0) / sum) };
  } finally {
    await Promise.all(started.map((p) => p.stop()));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-bench-jetstream-'));
  const nats = await startNatsServer();
  const receiver = await startReceiver(dir);
  const conn = await connectJetStream({ servers: [nats.url], name: 'siemkit bench' });
  try {
    const warm = events(WARM, 'warm');
    const evs = events(EVENTS, 'run');
    const doc = {
      inputs: {
        jetstream: {
          servers: [nats.url],
          stream: STREAM,
          subject_prefix: SUBJECT_PREFIX,
          // `limits`: every delivery run's consumer reads the whole stream, published once.
          retention: 'limits',
          max_bytes: Math.max(64 * 1_048_576, (WARM + EVENTS) * 4_096),
        },
      },
    };
    const jsConfig = parseConfig({ ...doc, data_dir: dir, destinations: [destination('setup', receiver.url)] }, 'bench').inputs.jetstream;
    if (jsConfig === undefined) throw new Error('unreachable: the configuration has inputs.jetstream');
    const rounds = Array.from({ length: ROUNDS }, (_, r) => r);
    await setupJetStream(conn.jsm, jsConfig, rounds.flatMap((r) => [{ name: `one${r}` }, { name: `two${r}` }]));

    const publisher = await createPublisher({ servers: [nats.url], stream: STREAM, subjectPrefix: SUBJECT_PREFIX });
    const publishOk = async (chunk: CanonicalEvent[]): Promise<void> => {
      const r = await publisher.publish(chunk);
      if (r.published !== chunk.length) throw new Error(`publish: ${r.published} of ${chunk.length} stored (${r.rejected.length} rejected, ${r.duplicates.length} duplicates)`);
    };
    let publish: number;
    try {
      await inChunksRate(warm, publishOk);
      publish = await inChunksRate(evs, publishOk);
    } finally {
      await publisher.close();
    }
    const base = stringifyRate(evs);
    const natsPid = pidWithArgument(nats.storeDir);
    const runs: { disk: Delivery & { emit: number }; one: Delivery; two: Delivery & { shares: number[] } }[] = [];
    for (const r of rounds) {
      runs.push({
        disk: await diskQueueRun(dir, receiver, [...warm, ...evs], r),
        one: await jetstreamRun(dir, receiver, natsPid, doc, `one${r}`, 1),
        two: await jetstreamRun(dir, receiver, natsPid, doc, `two${r}`, 2),
      });
    }
    const emit = medianRound(runs.map((x) => ({ rate: x.disk.emit }))).rate;
    const disk = medianRound(runs.map((x) => x.disk));
    const one = medianRound(runs.map((x) => x.one));
    const two = medianRound(runs.map((x) => x.two));

    const line = (label: string, rate: number, extra = ''): void => console.log(`  ${label.padEnd(44)} ${fmt(rate)} events/s   ratio ${(rate / base).toFixed(3)}${extra}`);
    const range = (d: { min: number; max: number }): string => `   range ${fmt(d.min).trim()}-${fmt(d.max).trim()}`;
    const shares = (s: number[]): string => s.map((x, i) => `p${i} ${(x * 100).toFixed(0)}%`).join(' / ');
    const where = (d: Delivery): void =>
      console.log(`      cpu per 1,000 events: ${Object.entries(d.cpuMs).map(([label, ms]) => `${label} ${ms.toFixed(1)} ms`).join(', ')}; machine ${(d.machineBusy * 100).toFixed(0)}% busy (${cpus().length} cores)`);
    console.log(`\njetstream: ${EVENTS.toLocaleString('en-US')} events (+${WARM.toLocaleString('en-US')} warm-up), batch ${BATCH}, HTTP NDJSON to a loopback receiver, median of ${ROUNDS} delivery rounds  (node ${process.version}; ratio = events/s ÷ JSON.stringify)`);
    line('JSON.stringify (baseline)', base);
    line('publish (createPublisher, acked)', publish);
    line('emit into the disk queue (createForwarder)', emit);
    line('delivery, disk-queue runtime, this process', disk.rate, range(disk));
    where(disk);
    line('delivery, JetStream, 1 forward process', one.rate, `${range(one)}   ${(one.rate / disk.rate).toFixed(2)} of the disk-queue runtime`);
    where(one);
    line('delivery, JetStream, 2 forward processes', two.rate, `${range(two)}   ${(two.rate / disk.rate).toFixed(2)} of the disk-queue runtime; ${shares(two.shares)}`);
    where(two);
    const perRound = runs.map((x) => (x.two.rate / x.one.rate).toFixed(2)).join(', ');
    console.log(`  2 processes ÷ 1 process: ${(two.rate / one.rate).toFixed(2)}x of the medians, ${perRound} round by round (target >= 1.6x)`);
    // However the work is shared, the machine's cores bound the events/s: cores ÷ CPU per event of every party.
    const bound = (d: Delivery): number => (cpus().length * 1e6) / Object.values(d.cpuMs).reduce((a, b) => a + b, 0);
    console.log(
      `  CPU bound of ${cpus().length} cores ÷ every party's CPU per event: ${fmt(bound(one)).trim()} events/s at the 1-process costs (${(bound(one) / one.rate).toFixed(2)}x one process), ${fmt(bound(two)).trim()} at the 2-process costs (${(bound(two) / one.rate).toFixed(2)}x)`,
    );
  } finally {
    await conn.close();
    receiver.stop();
    await nats.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
