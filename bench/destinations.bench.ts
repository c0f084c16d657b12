/**
 * The vendor destinations end to end (issue 6): emit -> validate -> disk queue -> batch -> map and
 * encode -> the vendor's request, to each vendor's loopback receiver (test/helpers/receivers/, all
 * in a child process of their own, bench/destination-receivers.ts), against the runtime's bare-POST
 * limit for that destination: a loop that POSTs the very bodies the destination sent (captured by
 * the receiver: same path, headers and bytes, gzip included) one after another, with the same HTTP
 * client (undici Pool, src/destinations/transport/http-client.ts), and nothing else: no
 * validation, mapping, encoding, queue, retry or health. For syslog over TCP the bare limit is
 * writing the same frames to one socket, in the same batches.
 *
 * Side by side, in the same run, to the same receivers: Splunk's `splunk-logging` sending the same
 * OCSF records to the same HEC, and Microsoft's `@azure/monitor-ingestion` with `@azure/identity`
 * sending the same rows to the same Sentinel receiver over HTTPS (which our Sentinel destination
 * uses too). Each peer runs twice: given the OCSF records made beforehand (its own cost only), and
 * given the canonical events, mapped in the timed loop (what siemkit does too). Neither peer
 * validates or keeps anything on disk. Each sends several requests at once by default
 * (splunk-logging does not wait for one batch before the next; the Azure client keeps 5 in
 * flight), as `siemkit forward` does with its default for HTTP destinations (`concurrency:
 * adaptive`: from one request at a time, as many as the receiver's answers allow, found afresh in
 * each run); the Azure client runs a third time with `maxConcurrency: 1`, beside siemkit's
 * `concurrency 1` line. Target: siemkit faster than each.
 *
 * `siemkit forward` runs the destination's defaults; `… concurrency 1` and `… concurrency 4` set the
 * destination's `concurrency` (batches in flight, acknowledged in queue order; not for syslog over
 * TCP, one connection, whose default is 1).
 * `… delivery thread` runs the defaults with the queues and destinations in a delivery thread
 * (`createThreadedForwarder`, what `siemkit forward` runs on two cores or more). Here the
 * receivers share the machine's cores with both threads, which a SIEM elsewhere does not.
 *
 * `siemkit destination alone` is the destination as a client library: map, encode and send each
 * batch, one request in flight, nothing else; it is what compares like for like with the peers
 * given canonical events (`mapped`) in CPU per event, and in events/s while the receivers answer at
 * once (with `BENCH_RTT_MS`, the peers' requests in flight at once count, and its one does not).
 * Beside a peer it runs a second time with `ALONE_IN_FLIGHT` (5) requests in flight, as the Azure
 * client keeps by default (splunk-logging does not wait at all): the same client work, sent as
 * the peers send it.
 *
 * Each line also gives the CPU time per event, median of the rounds, of both sides: `sending` is
 * this process (all its threads, the delivery thread too; the events given as canonical objects),
 * `receiving` the receivers' process. Here both share two cores, so a side that costs the other
 * more CPU slows itself too; a SIEM elsewhere pays the receiving side on its own machines.
 *
 * Every contender is timed from its first event to the receiver holding the last one, warm: each
 * forwarder first delivers 10,000 events of its own (a delivery thread is a fresh V8 isolate, whose
 * code would otherwise be timed cold in every round), and the destination alone and the peers,
 * which run in this isolate, are warmed once before the rounds. The contenders of a destination
 * take turns for `rounds` rounds, the bare limit measured in each (the loop repeats the requests
 * of that round's forward run); each line is the median round with the range, and the ratios are
 * of medians, since one run on a busy 2-core machine varies by 10-20 %. Under each peer, the rounds
 * in which each siemkit line was faster than the peer's run of the same round, with the sign
 * test's one-sided p-value (harness.ts `roundsWon`): a margin inside the noise shows there as a
 * count near half.
 *
 * With `BENCH_RTT_MS=N`, every HTTP receiver answers N ms later, through a relay in the receivers'
 * process (bench/network-delay.ts): a SIEM across a network rather than on the same machine.
 *
 *   [BENCH_RTT_MS=50] npx tsx bench/destinations.bench.ts [events=20000] [rounds=3] [destination type…]
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClientSecretCredential } from '@azure/identity';
import { LogsIngestionClient } from '@azure/monitor-ingestion';
import type { CanonicalEvent } from '../schemas/canonical/event.js';
import { parseConfig } from '../src/delivery/config/load.js';
import { createForwarder } from '../src/delivery/forwarder.js';
import { createThreadedForwarder } from '../src/delivery/threaded-forwarder.js';
import { openDestination } from '../src/delivery/open-destination.js';
import { BUILT_IN_REGISTRY } from '../src/registry/registry.js';
import { timeGenerated } from '../src/destinations/sentinel/encode.js';
import { createHttpClient } from '../src/destinations/transport/http-client.js';
import { frameOctetCounting } from '../src/formats/framing/octet-counting.js';
import { recordFormat } from '../src/formats/record-format.js';
import { toOcsf } from '../src/mappers/ocsf/index.js';
import { GOLDEN_EVENTS } from '../test/golden/canonical-events.js';
import type { Addresses, CapturedRequest, ReceiverRequest } from './destination-receivers.js';
import { inChunks, median, medianRound, perSecond, roundsWon } from './harness.js';

const EVENTS = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 3);
/** Only these destination types (all when none are named). */
const ONLY = new Set(process.argv.slice(4));
/** Events each forwarder delivers before it is timed, and each other contender once before the rounds. */
const WARMUP = 10_000;
const BATCH = 500;
const EMIT_CHUNK = 1_000;
const EMITS_IN_FLIGHT = 4;
/** The second forward line of each request/response destination: batches in flight at once. */
const FORWARD_CONCURRENCY = 4;
/** Requests the destination alone keeps in flight in its second line: as many as `@azure/monitor-ingestion` does by default. */
const ALONE_IN_FLIGHT = 5;
/** The round trip the receivers' relays add (destination-receivers.ts); 0: none. */
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 0);

/** The part of splunk-logging's API used here (it ships no types). */
interface SplunkLogger {
  eventFormatter: (message: unknown, severity: string) => unknown;
  error: (err: Error, context: unknown) => void;
  send(context: { message: unknown; metadata?: Record<string, unknown> }): void;
  flush(callback?: (err: Error | null) => void): void;
}
const { Logger } = createRequire(import.meta.url)('splunk-logging') as { Logger: new (config: Record<string, unknown>) => SplunkLogger };

/** The receivers' process, and a call over its IPC channel. */
class Receivers {
  #next = 0;
  readonly #pending = new Map<number, (value: unknown) => void>();
  private constructor(
    readonly child: ChildProcess,
    readonly addresses: Addresses,
  ) {
    child.on('message', (m: { id: number; value: unknown }) => {
      this.#pending.get(m.id)?.(m.value);
      this.#pending.delete(m.id);
    });
  }

  static async start(): Promise<Receivers> {
    const child = fork(fileURLToPath(new URL('./destination-receivers.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const addresses = await new Promise<Addresses>((resolve) => child.once('message', (m) => resolve(m as Addresses)));
    return new Receivers(child, addresses);
  }

  call<T>(op: Exclude<ReceiverRequest['op'], 'cpu'>, vendor: string): Promise<T> {
    return this.#ask({ id: this.#next++, op, vendor });
  }

  /** The CPU time the receivers' process has used so far, µs. */
  cpu(): Promise<number> {
    return this.#ask({ id: this.#next++, op: 'cpu' });
  }

  #ask<T>(request: ReceiverRequest): Promise<T> {
    return new Promise((resolve) => {
      this.#pending.set(request.id, resolve as (value: unknown) => void);
      this.child.send(request);
    });
  }

  /** Resolves once the vendor's receiver holds `n` records. */
  async waitFor(vendor: string, n: number): Promise<void> {
    while ((await this.call<number>('count', vendor)) < n) await new Promise((r) => setTimeout(r, 5));
  }

  /**
   * Times `send` from its start until the vendor's receiver holds `n` records, with the CPU time
   * each side used meanwhile: this process (every thread of it: a delivery thread too) and the
   * receivers' process.
   */
  async timed(vendor: string, n: number, send: () => Promise<unknown>): Promise<Measured> {
    const theirs = await this.cpu();
    const ours = process.cpuUsage();
    const start = performance.now();
    await send();
    await this.waitFor(vendor, n);
    const ms = performance.now() - start;
    const used = process.cpuUsage(ours);
    const received = (await this.cpu()) - theirs;
    return { rate: perSecond(n, ms), senderCpu: (used.user + used.system) / n, receiverCpu: received / n };
  }

  stop(): void {
    this.child.disconnect();
  }
}

/** One timed run: events/s, and the CPU time per event of the sending side (this process) and of the receivers (µs). */
interface Measured {
  readonly rate: number;
  readonly senderCpu: number;
  readonly receiverCpu: number;
}

/** Fresh timestamps: Datadog dead-letters events older than 18 h. */
function events(n: number, prefix: string): CanonicalEvent[] {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `${prefix}_${i}`, timestamp: now }));
}

interface Vendor {
  readonly type: string;
  readonly destination: (a: Addresses) => Record<string, unknown>;
  readonly env: (a: Addresses) => Record<string, string>;
  /** The origin bare POSTs go to, and its TLS. */
  readonly origin: (a: Addresses) => string;
  readonly caFile?: (a: Addresses) => string;
}

const VENDORS: readonly Vendor[] = [
  { type: 'splunk_hec', destination: (a) => ({ endpoint: a.hec.url, token: '${env:HEC_TOKEN}' }), env: (a) => ({ HEC_TOKEN: a.hec.token }), origin: (a) => a.hec.url },
  {
    type: 'sentinel',
    destination: (a) => ({ endpoint: a.sentinel.url, authority_host: a.sentinel.url, tenant_id: a.sentinel.tenantId, client_id: a.sentinel.clientId, client_secret: '${env:AZ_SECRET}', dcr_immutable_id: a.sentinel.dcrImmutableId, stream: a.sentinel.stream, tls: { ca_file: a.sentinel.caFile } }),
    env: (a) => ({ AZ_SECRET: a.sentinel.clientSecret }),
    origin: (a) => a.sentinel.url,
    caFile: (a) => a.sentinel.caFile,
  },
  { type: 'elastic', destination: (a) => ({ endpoint: a.elastic.url, index: 'siem-audit', api_key: '${env:ES_KEY}' }), env: (a) => ({ ES_KEY: a.elastic.apiKey }), origin: (a) => a.elastic.url },
  { type: 'datadog', destination: (a) => ({ endpoint: a.datadog.url, api_key: '${env:DD_KEY}' }), env: (a) => ({ DD_KEY: a.datadog.apiKey }), origin: (a) => a.datadog.url },
  { type: 'sumo', destination: () => ({ url: '${env:SUMO_URL}' }), env: (a) => ({ SUMO_URL: a.sumo.url }), origin: (a) => new URL(a.sumo.url).origin },
  { type: 'newrelic', destination: (a) => ({ endpoint: a.newrelic.url, api_key: '${env:NR_KEY}' }), env: (a) => ({ NR_KEY: a.newrelic.licenseKey }), origin: (a) => new URL(a.newrelic.url).origin },
  { type: 'xsiam', destination: (a) => ({ format: 'cef', url: a.xsiam.url, api_key: '${env:XSIAM_KEY}' }), env: (a) => ({ XSIAM_KEY: a.xsiam.apiKey }), origin: (a) => new URL(a.xsiam.url).origin },
  { type: 'syslog', destination: (a) => ({ host: '127.0.0.1', port: a.syslog.port, transport: 'tcp', hostname: 'bench' }), env: () => ({}), origin: () => '' },
];

/** The configuration's default product (src/delivery/config/load.ts). */
const PRODUCT = { vendor: 'siemkit', name: 'siemkit' } as const;

/** A record encoder as the forwarder makes it. */
function encoder(name: string): (event: CanonicalEvent) => string {
  const format = recordFormat(name);
  if (format === undefined) throw new Error(`no format ${name}`);
  return format.encoder({ product: PRODUCT });
}

/**
 * siemkit forward: the events emitted a few chunks at a time (as the HTTP input does), timed until
 * the receiver holds them all; `concurrency` batches in flight at once (the destination's key); in
 * one thread, or with the delivery thread.
 */
async function forwarded(dir: string, receivers: Receivers, vendor: Vendor, evs: readonly CanonicalEvent[], warm: readonly CanonicalEvent[], concurrency?: number, threaded = false): Promise<Measured & { readonly limit: number }> {
  const dataDir = mkdtempSync(path.join(dir, `${vendor.type}-`));
  const a = receivers.addresses;
  const config = parseConfig(
    { data_dir: dataDir, destinations: [{ name: 'bench', type: vendor.type, batch: { max_events: BATCH, flush_interval_ms: 0 }, ...(concurrency !== undefined ? { concurrency } : {}), ...vendor.destination(a) }] },
    'bench',
    { env: vendor.env(a), baseDir: dataDir },
  );
  const forwarder = await (threaded ? createThreadedForwarder : createForwarder)(config, { log: (l) => console.error(l) });
  // This very forwarder is warmed first, as one that has run for a while is: a delivery thread is
  // a V8 isolate of its own, whose code would otherwise be timed cold in every round.
  await receivers.call('reset', vendor.type);
  await inChunks(warm, EMIT_CHUNK, EMITS_IN_FLIGHT, (chunk) => forwarder.emit(chunk));
  await receivers.waitFor(vendor.type, warm.length);
  if (!(await forwarder.flush()).drained) throw new Error(`${vendor.type}: the warm-up did not drain`);
  await receivers.call('reset', vendor.type);
  const run = await receivers.timed(vendor.type, evs.length, () => inChunks(evs, EMIT_CHUNK, EMITS_IN_FLIGHT, (chunk) => forwarder.emit(chunk)));
  if (forwarder.deadLettered > 0) throw new Error(`${vendor.type}: ${forwarder.deadLettered} events dead-lettered`);
  const limit = forwarder.health().destinations[0]?.concurrency.limit ?? 0;
  await forwarder.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { ...run, limit };
}

/**
 * The destination alone, as a vendor's client works: each batch mapped, encoded and sent,
 * `inFlight` requests at once (one by default), with no validation, queue or retry. The
 * like-for-like comparison with splunk-logging and @azure/monitor-ingestion given canonical events
 * (`mapped`).
 */
async function destinationAlone(dir: string, receivers: Receivers, vendor: Vendor, evs: readonly CanonicalEvent[], inFlight = 1): Promise<Measured> {
  const dataDir = mkdtempSync(path.join(dir, `${vendor.type}-alone-`));
  const a = receivers.addresses;
  const config = parseConfig({ data_dir: dataDir, destinations: [{ name: 'bench', type: vendor.type, ...vendor.destination(a) }] }, 'bench', { env: vendor.env(a), baseDir: dataDir });
  const destination = openDestination(config.destinations[0] as (typeof config.destinations)[number], dataDir, config.product, BUILT_IN_REGISTRY);
  await receivers.call('reset', vendor.type);
  const signal = new AbortController().signal;
  const run = await receivers.timed(vendor.type, evs.length, () => inChunks(evs, BATCH, inFlight, (batch) => destination.send({ records: batch.map((e) => destination.encode(e)), events: batch }, signal)));
  await destination.close();
  rmSync(dataDir, { recursive: true, force: true });
  return run;
}

/** The bare-POST limit: the requests siemkit sent (as the receiver got them), POSTed again one after another. */
async function barePost(receivers: Receivers, vendor: Vendor, count: number): Promise<{ run: Measured; requests: number }> {
  const captured = await receivers.call<CapturedRequest[]>('requests', vendor.type);
  const a = receivers.addresses;
  const client = createHttpClient({ destination: 'bare', url: vendor.origin(a), ...(vendor.caFile !== undefined ? { tls: { ca_file: vendor.caFile(a) } } : {}) });
  const requests = captured.map((r) => {
    const { host: _h, connection: _c, 'content-length': _l, 'transfer-encoding': _t, ...headers } = r.headers;
    return { path: r.path, headers: headers as Record<string, string>, body: Buffer.from(r.body, 'base64') };
  });
  await receivers.call('reset', vendor.type);
  const run = await receivers.timed(vendor.type, count, async () => {
    for (const r of requests) {
      const answer = await client.request(r);
      if (answer.status >= 300) throw new Error(`${vendor.type} bare POST: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
    }
  });
  await client.close();
  return { run, requests: requests.length };
}

/** The bare limit of syslog over TCP: the same RFC 5424 messages, octet-counted, written in the same batches to one socket. */
async function bareWrite(receivers: Receivers, evs: readonly CanonicalEvent[]): Promise<Measured> {
  const encode = encoder('syslog5424');
  const chunks: Buffer[] = [];
  for (let i = 0; i < evs.length; i += BATCH) chunks.push(Buffer.concat(evs.slice(i, i + BATCH).map((e) => frameOctetCounting(encode(e)))));
  await receivers.call('reset', 'syslog');
  const socket = net.connect(receivers.addresses.syslog.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const run = await receivers.timed('syslog', evs.length, async () => {
    for (const c of chunks) await new Promise<void>((resolve, reject) => socket.write(c, (err) => (err ? reject(err) : resolve())));
  });
  socket.destroy();
  return run;
}

/**
 * What a peer is given: the OCSF records made beforehand (`premapped`: the library's own cost
 * only), or the canonical events, mapped with `toOcsf` in the timed loop (`mapped`: what a user of
 * the library with these events pays, as siemkit does; siemkit also validates and queues on disk).
 */
type PeerInput = 'premapped' | 'mapped';
/**
 * A vendor client side by side with siemkit. Each runs with its own default request concurrency:
 * splunk-logging posts each batch as soon as it is full, without waiting for the one before it;
 * `@azure/monitor-ingestion` keeps up to 5 requests in flight. `siemkit forward` sends one at a
 * time by default (`concurrency: 1`, which keeps queue order), so a peer that can is also run with
 * one request at a time, the like-for-like line for it.
 */
interface Peer {
  readonly name: string;
  run(receivers: Receivers, evs: readonly CanonicalEvent[], input: PeerInput): Promise<Measured>;
  oneAtATime?(receivers: Receivers, evs: readonly CanonicalEvent[]): Promise<Measured>;
}

/** A peer's request concurrency: its default, or one request at a time (what `siemkit forward` does by default). */
type PeerConcurrency = 'default' | 'one';

const ocsfObject = (e: CanonicalEvent): Record<string, unknown> => toOcsf(e, { product: PRODUCT }) as unknown as Record<string, unknown>;

/** splunk-logging, batching as we do (maxBatchCount), the OCSF records as its events. */
async function splunkLogging(receivers: Receivers, evs: readonly CanonicalEvent[], input: PeerInput): Promise<Measured> {
  const premapped = input === 'premapped' ? evs.map(ocsfObject) : undefined;
  const a = receivers.addresses;
  const logger = new Logger({ token: a.hec.token, url: `${a.hec.url}/services/collector/event`, maxBatchCount: BATCH });
  logger.eventFormatter = (message) => message;
  logger.error = (err) => {
    throw err;
  };
  await receivers.call('reset', 'splunk_hec');
  return receivers.timed('splunk_hec', evs.length, async () => {
    evs.forEach((e, i) => logger.send({ message: premapped?.[i] ?? ocsfObject(e), metadata: { time: Date.parse(e.timestamp), sourcetype: 'siemkit:ocsf' } }));
    // Each full batch went when it filled; an empty flush would be HEC code 5 "No data".
    if (evs.length % BATCH !== 0) logger.flush();
  });
}

/** @azure/monitor-ingestion's `upload` of the rows our Sentinel destination sends (OCSF with `TimeGenerated`), with its own chunking, gzip and concurrency. */
async function azureMonitorIngestion(receivers: Receivers, evs: readonly CanonicalEvent[], input: PeerInput, concurrency: PeerConcurrency = 'default'): Promise<Measured> {
  const s = receivers.addresses.sentinel;
  const ca = readFileSync(s.caFile, 'utf8');
  const row = (e: CanonicalEvent): Record<string, unknown> => ({ TimeGenerated: timeGenerated(e.timestamp), ...ocsfObject(e) });
  const premapped = input === 'premapped' ? evs.map(row) : undefined;
  const credential = new ClientSecretCredential(s.tenantId, s.clientId, s.clientSecret, { authorityHost: s.url, disableInstanceDiscovery: true, tlsOptions: { ca } });
  const client = new LogsIngestionClient(s.url, credential, { tlsOptions: { ca } });
  await receivers.call('reset', 'sentinel');
  return receivers.timed('sentinel', evs.length, () => client.upload(s.dcrImmutableId, s.stream, premapped ?? evs.map(row), concurrency === 'one' ? { maxConcurrency: 1 } : {}));
}

/** A contender's median round and range, and the medians of its CPU time per event. */
type Runs = Measured & { readonly min: number; readonly max: number };

function line(name: string, r: Runs, limit: number): string {
  const range = ROUNDS > 1 ? `   range ${Math.round(r.min).toLocaleString('en-US')}-${Math.round(r.max).toLocaleString('en-US')}` : '';
  return `  ${name.padEnd(38)} ${Math.round(r.rate).toLocaleString('en-US').padStart(9)} events/s   ${(r.rate / limit).toFixed(2)} of the bare limit${range}   CPU per event: ${r.senderCpu.toFixed(1)} µs sending, ${r.receiverCpu.toFixed(1)} µs receiving`;
}

/** One contender's runs, by name. */
class Tally {
  readonly #runs = new Map<string, Measured[]>();
  add(name: string, run: Measured): void {
    const list = this.#runs.get(name) ?? [];
    list.push(run);
    this.#runs.set(name, list);
  }
  /** The runs in round order. */
  rounds(name: string): readonly Measured[] {
    return this.#runs.get(name) ?? [];
  }
  get(name: string): Runs | undefined {
    const list = this.#runs.get(name);
    if (list === undefined) return undefined;
    return { ...medianRound(list), senderCpu: median(list.map((r) => r.senderCpu)), receiverCpu: median(list.map((r) => r.receiverCpu)) };
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-bench-destinations-'));
  const receivers = await Receivers.start();
  try {
    console.log(
      `\ndestinations: emit -> disk queue -> batch (${BATCH}) -> encode -> vendor request -> loopback receiver (own process), ${EVENTS.toLocaleString('en-US')} events each, median of ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}  (node ${process.version}; limit = the same bodies POSTed bare with the same undici client${RTT_MS > 0 ? `; each HTTP answer ${RTT_MS} ms later, as across a network` : ''})`,
    );
    const evs = events(EVENTS, 'run');
    const warm = events(WARMUP, 'warm');
    for (const vendor of VENDORS.filter((v) => ONLY.size === 0 || ONLY.has(v.type))) {
      const peer: Peer | undefined =
        vendor.type === 'splunk_hec'
          ? { name: 'splunk-logging 0.11.1', run: splunkLogging }
          : vendor.type === 'sentinel'
            ? { name: '@azure/monitor-ingestion 1.2.0', run: azureMonitorIngestion, oneAtATime: (r, e) => azureMonitorIngestion(r, e, 'mapped', 'one') }
            : undefined;
      // Syslog over TCP writes one connection: concurrency is for request/response destinations.
      const withConcurrency = vendor.type !== 'syslog';
      // (Each forward run warms its own forwarder.)
      await destinationAlone(dir, receivers, vendor, warm);
      if (peer !== undefined) await peer.run(receivers, warm, 'mapped');
      const tally = new Tally();
      let requests = 0;
      const limits: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const run = await forwarded(dir, receivers, vendor, evs, warm);
        tally.add('forward', run);
        limits.push(run.limit);
        // Right after the forward run: the receiver still holds its requests.
        const bare = vendor.type === 'syslog' ? { run: await bareWrite(receivers, evs), requests: Math.ceil(evs.length / BATCH) } : await barePost(receivers, vendor, evs.length);
        tally.add('bare', bare.run);
        requests = bare.requests;
        if (withConcurrency) {
          tally.add('forward1', await forwarded(dir, receivers, vendor, evs, warm, 1));
          tally.add('forward4', await forwarded(dir, receivers, vendor, evs, warm, FORWARD_CONCURRENCY));
        }
        tally.add('thread', await forwarded(dir, receivers, vendor, evs, warm, undefined, true));
        tally.add('alone', await destinationAlone(dir, receivers, vendor, evs));
        if (peer !== undefined) tally.add('aloneN', await destinationAlone(dir, receivers, vendor, evs, ALONE_IN_FLIGHT));
        if (peer !== undefined) for (const input of ['premapped', 'mapped'] as const) tally.add(input, await peer.run(receivers, evs, input));
        if (peer?.oneAtATime !== undefined) tally.add('one', await peer.oneAtATime(receivers, evs));
      }
      const limit = (tally.get('bare') as Runs).rate;
      const ours = tally.get('forward') as Runs;
      const ours1 = tally.get('forward1');
      const ours4 = tally.get('forward4');
      const thread = tally.get('thread') as Runs;
      const alone = tally.get('alone') as Runs;
      const aloneN = tally.get('aloneN');
      console.log(`${vendor.type}  (siemkit sent ${requests} ${vendor.type === 'syslog' ? 'writes in the bare loop' : 'requests, POSTed again bare'})`);
      console.log(line(vendor.type === 'syslog' ? 'bare write (limit)' : 'bare POST (limit)', tally.get('bare') as Runs, limit));
      const defaults = withConcurrency ? `   concurrency adaptive, limit at the end of each round: ${limits.join(', ')}` : '   concurrency 1';
      console.log(`${line('siemkit forward', ours, limit)}${defaults}`);
      if (ours1 !== undefined) console.log(line('siemkit forward, concurrency 1', ours1, limit));
      if (ours4 !== undefined) console.log(line(`siemkit forward, concurrency ${FORWARD_CONCURRENCY}`, ours4, limit));
      console.log(line('siemkit forward, delivery thread', thread, limit));
      console.log(line('siemkit destination alone', alone, limit));
      if (aloneN !== undefined) console.log(line(`siemkit destination alone, ${ALONE_IN_FLIGHT} in flight`, aloneN, limit));
      if (peer !== undefined) {
        const ratio = (r: Runs | undefined, theirs: Runs): string => (r === undefined ? 'n/a' : (r.rate / theirs.rate).toFixed(2));
        // Round by round against the peer's run of the same round: how often ours was the faster.
        const won = (ourName: string, theirName: string): string => {
          const w = roundsWon(tally.rounds(ourName), tally.rounds(theirName));
          return w.of === 0 ? 'n/a' : `${w.won}/${w.of} (p ${w.p < 0.001 ? '< 0.001' : w.p.toFixed(3)})`;
        };
        for (const input of ['premapped', 'mapped'] as const) {
          const theirs = tally.get(input) as Runs;
          console.log(line(`${peer.name}, ${input}`, theirs, limit));
          console.log(
            `      ÷ it: siemkit forward ${ratio(ours, theirs)}, concurrency 1 ${ratio(ours1, theirs)}, concurrency ${FORWARD_CONCURRENCY} ${ratio(ours4, theirs)}, delivery thread ${ratio(thread, theirs)}, destination alone ${ratio(alone, theirs)}, ${ALONE_IN_FLIGHT} in flight ${ratio(aloneN, theirs)}`,
          );
          if (ROUNDS > 1) {
            console.log(
              `      rounds faster than it (sign test): siemkit forward ${won('forward', input)}, concurrency 1 ${won('forward1', input)}, concurrency ${FORWARD_CONCURRENCY} ${won('forward4', input)}, delivery thread ${won('thread', input)}, destination alone ${won('alone', input)}, ${ALONE_IN_FLIGHT} in flight ${won('aloneN', input)}`,
            );
          }
        }
        const one = tally.get('one');
        if (one !== undefined) {
          console.log(line(`${peer.name}, mapped, 1 request at a time`, one, limit));
          console.log(`      ÷ it: siemkit forward, concurrency 1 ${ratio(ours1, one)}, destination alone (1 at a time too) ${ratio(alone, one)}`);
          if (ROUNDS > 1) console.log(`      rounds faster than it (sign test): siemkit forward, concurrency 1 ${won('forward1', 'one')}, destination alone ${won('alone', 'one')}`);
        }
      }
    }
  } finally {
    receivers.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
