/**
 * Every vendor destination through the fault scenarios of the runtime (issue 5, as
 * forwarder-guarantees.test.ts runs them for the generic `http` destination), each against its
 * loopback receiver (test/helpers/receivers/), through `createForwarder` with a disk queue in a
 * temp directory and fast retries, with nothing lost:
 *
 *   down     the receiver's port closes for a while, then listens again on the same port;
 *   storm    the vendor's own throttle answers (HEC code 9 busy, 429 and 503 with Retry-After, a
 *            bulk item rejected with 429, Sumo's 408 after ingesting) -> everything delivered,
 *            duplicates counted and allowed (at-least-once);
 *   refuse   a permanent refusal -> what was refused is dead-lettered with the vendor's reason,
 *            the rest delivered, and `replayDeadLetters` delivers it once the receiver takes it;
 *   kill -9  a forwarder child process killed mid-stream and restarted (splunk_hec, syslog TCP).
 *
 * Every check is on sets of `event_id`s: received ⊇ emitted minus dead-lettered, and the dead
 * letters exactly what the receiver refused. Where the vendor refuses one event (a HEC
 * `invalid-event-number`, a bulk item error) that is that event alone; where it can only refuse a
 * whole request (Sentinel, Datadog, Sumo Logic, New Relic, XSIAM), it is every event of that
 * request. Syslog has no answer at all: its throttle is TCP flow control (the receiver stops
 * reading) and its only permanent failure an event over the destination's byte limit, which
 * replays once the limit is raised.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { ForwarderConfig } from '../../src/delivery/config/load.js';
import { parseConfig } from '../../src/delivery/config/load.js';
import type { DeadLetterRecord } from '../../src/delivery/dead-letter.js';
import { DeadLetterFile, deadLetterPath } from '../../src/delivery/dead-letter.js';
import type { Forwarder } from '../../src/delivery/forwarder.js';
import { createForwarder } from '../../src/delivery/forwarder.js';
import { replayDeadLetters } from '../../src/delivery/replay.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';
import { drain, runAndKill } from '../helpers/forwarder-process.js';
import { startDatadogReceiver } from '../helpers/receivers/datadog.js';
import { startElasticReceiver } from '../helpers/receivers/elastic.js';
import { startNewRelicReceiver } from '../helpers/receivers/newrelic.js';
import { startSentinelReceiver } from '../helpers/receivers/sentinel.js';
import * as hec from '../helpers/receivers/splunk-hec.js';
import { startSumoReceiver } from '../helpers/receivers/sumo.js';
import { startSyslogTcpReceiver } from '../helpers/receivers/syslog-tcp.js';
import type { VendorRequest } from '../helpers/receivers/vendor-server.js';
import { startXsiamReceiver } from '../helpers/receivers/xsiam.js';

const NAME = 'siem';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-destination-faults-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `n` events with ids `<tag>-0000`... (fixed width: no id is a substring of another) and a fresh timestamp (Datadog refuses events older than 18 h). */
function events(n: number, tag: string): CanonicalEvent[] {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `${tag}-${String(i).padStart(4, '0')}`, timestamp: now }));
}

const ids = (list: readonly CanonicalEvent[]): string[] => list.map((e) => e.event_id);

function missing(expected: readonly string[], received: readonly string[]): string[] {
  const got = new Set(received);
  return expected.filter((id) => !got.has(id));
}

/** How a request was answered, for receivers built on http-receiver.ts and vendor-server.ts alike. */
type Answered = { readonly answer?: { readonly status: number } | { readonly drop: unknown } | { readonly pass: true } };

/** Requests answered with one of `statuses`, or dropped. */
function answeredWith(requests: readonly Answered[], statuses: readonly number[]): number {
  return requests.filter((r) => r.answer !== undefined && ('drop' in r.answer || ('status' in r.answer && statuses.includes(r.answer.status)))).length;
}

/** The emitted ids found in these request bodies (decoded): the events of the requests a vendor refused as a whole. */
function idsIn(bodies: readonly (Buffer | undefined)[], emitted: readonly string[]): string[] {
  const text = bodies.map((b) => b?.toString('utf8') ?? '').join('\n');
  return emitted.filter((id) => text.includes(id));
}

/** The decoded bodies of the requests answered 400 by a receiver built on vendor-server.ts. */
function refusedBodies(requests: readonly VendorRequest[]): (Buffer | undefined)[] {
  return requests.filter((q) => q.answer !== undefined && 'status' in q.answer && q.answer.status === 400).map((q) => q.body);
}

/** What a vendor's permanent refusal leaves: the dead letters expected, and the vendor's words in their reason. */
interface Refusal {
  /** The ids that must be dead-lettered, known once the run has drained. */
  expected(emitted: readonly string[]): string[];
  readonly reason: RegExp;
}

/** One vendor's receiver, and how to make it fail the vendor's way. */
interface VendorFixture {
  /** The destination's keys, its secrets as `${env:…}` references into `env`. */
  readonly destination: Record<string, unknown>;
  readonly env: Record<string, string>;
  /** Event ids the receiver accepted, duplicates included. */
  received(): string[];
  down(): Promise<void>;
  up(): Promise<void>;
  /** Scripts a storm of the vendor's throttle answers; returns how many answers it holds (undefined: nothing to count). */
  storm(): number | undefined;
  /** Storm answers given so far. */
  throttled(): number;
  /** Scripts one permanent refusal, of `poison` where the vendor refuses single events. */
  refuse(poison: string): Refusal;
  /** What `poison` becomes for the refusal (syslog: over the byte limit); default unchanged. */
  readonly poison?: (event: CanonicalEvent) => CanonicalEvent;
  /** The destination as fixed for the replay; default unchanged. */
  readonly fixed?: Record<string, unknown>;
  close(): Promise<void>;
}

interface Vendor {
  readonly type: string;
  start(): Promise<VendorFixture>;
}

const VENDORS: readonly Vendor[] = [
  {
    type: 'splunk_hec',
    async start() {
      const r = await hec.start();
      return {
        destination: { type: 'splunk_hec', endpoint: r.url, token: '${env:HEC_TOKEN}' },
        env: { HEC_TOKEN: r.token },
        received: () => r.eventIds(),
        down: () => r.down(),
        up: () => r.up(),
        storm: () => {
          // Busy (code 9) with Retry-After, a proxy's 429, and a connection lost after indexing (duplicates).
          r.busy(3, '0');
          r.fault({ code: 9, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': '0' } }, { drop: 'after_indexing' });
          return 6;
        },
        throttled: () => answeredWith(r.requests, [429, 503]),
        refuse: () => {
          // The second event of the next batch has a bad format (code 6): that event alone is refused.
          r.fault({ code: 6, invalidEventNumber: 1 });
          return {
            expected: (emitted) => {
              const refused = r.requests.find((q) => q.answer !== undefined && 'status' in q.answer && q.answer.status === 400);
              const objects = hec.splitConcatenatedJson(refused?.text ?? '').objects;
              return idsIn([Buffer.from(objects[Math.min(1, objects.length - 1)] ?? '')], emitted);
            },
            reason: /HTTP 400 Bad Request: HEC code 6 "Invalid data format": this event was refused/,
          };
        },
        close: () => r.close(),
      };
    },
  },
  {
    type: 'sentinel',
    async start() {
      const az = await startSentinelReceiver();
      return {
        destination: { type: 'sentinel', endpoint: az.url, authority_host: az.url, tenant_id: az.tenantId, client_id: az.clientId, client_secret: '${env:AZ_CLIENT_SECRET}', dcr_immutable_id: az.dcrImmutableId, stream: az.stream },
        env: { AZ_CLIENT_SECRET: az.clientSecret },
        received: () => az.eventIds(),
        down: () => az.http.down(),
        up: () => az.http.up(),
        storm: () => {
          az.fail({ status: 429, retryAfter: '0' }, { status: 429, retryAfter: '1' }, { status: 503, retryAfter: '0' }, { status: 503 }, { status: 429, retryAfter: new Date(Date.now() + 500).toUTCString() });
          return 5;
        },
        throttled: () => az.ingestRequests.filter((q) => q.status === 429 || q.status === 503).length,
        refuse: () => {
          // The Logs Ingestion API refuses a request whole: every row of it is dead-lettered.
          az.fail({ status: 400, code: 'InvalidPayload', message: 'Column SeverityId of type int cannot hold the value "high".' });
          return { expected: (emitted) => idsIn(az.ingestRequests.filter((q) => q.status === 400).map((q) => q.request.body), emitted), reason: /HTTP 400.*InvalidPayload: Column SeverityId/ };
        },
        close: () => az.close(),
      };
    },
  },
  {
    type: 'elastic',
    async start() {
      const apiKey = Buffer.from('faults-id:faults-key-0123456789').toString('base64');
      const es = await startElasticReceiver({ apiKey });
      return {
        destination: { type: 'elastic', endpoint: es.url, index: 'siem-audit', api_key: '${env:ES_API_KEY}' },
        env: { ES_API_KEY: apiKey },
        received: () => es.eventIds(),
        down: () => es.down(),
        up: () => es.up(),
        storm: () => {
          const rejected = { error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' }, status: 429 };
          es.fault({ status: 429, headers: { 'retry-after': '0' }, body: rejected }, { status: 429, headers: { 'retry-after': '1' }, body: rejected }, { status: 503, body: { error: { type: 'cluster_block_exception', reason: 'blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]' }, status: 503 } });
          // And items of a bulk answer rejected alone (a full write queue): retried alone.
          es.failItem(() => true, 'rejected', 7);
          return 3;
        },
        throttled: () => answeredWith(es.requests, [429, 503]),
        refuse: (poison) => {
          es.failItem(poison, 'mapping', 1);
          return { expected: () => [poison], reason: /refused by the cluster: 400 mapper_parsing_exception: "failed to parse field \[severity_id\]/ };
        },
        close: () => es.close(),
      };
    },
  },
  {
    type: 'datadog',
    async start() {
      const dd = await startDatadogReceiver();
      return {
        destination: { type: 'datadog', endpoint: dd.url, api_key: '${env:DD_API_KEY}' },
        env: { DD_API_KEY: dd.apiKey },
        received: () => dd.eventIds(),
        down: () => dd.http.down(),
        up: () => dd.http.up(),
        storm: () => {
          dd.fail({ status: 429, retryAfter: '0' }, { status: 429, retryAfter: '1' }, { status: 503 }, { status: 500 }, { status: 408 });
          return 5;
        },
        throttled: () => dd.requests.filter((q) => [408, 429, 500, 503].includes(q.status)).length,
        refuse: () => {
          dd.fail({ status: 400, errors: ['Bad Request: invalid log entry'] });
          return { expected: (emitted) => idsIn(dd.requests.filter((q) => q.status === 400).map((q) => q.request.body), emitted), reason: /HTTP 400.*Bad Request: invalid log entry/ };
        },
        close: () => dd.close(),
      };
    },
  },
  {
    type: 'sumo',
    async start() {
      const sumo = await startSumoReceiver();
      return {
        destination: { type: 'sumo', url: '${env:SUMO_URL}' },
        env: { SUMO_URL: sumo.url },
        received: () => sumo.eventIds(),
        down: () => sumo.down(),
        up: () => sumo.up(),
        storm: () => {
          // Throttled (the data dropped, resend), then a 503, then ingested but answered 408 (duplicates).
          sumo.throttle(2, 0);
          sumo.throttle(1, 1);
          sumo.fault({ status: 503, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' });
          sumo.timeoutAfterIngest(1);
          return 5;
        },
        throttled: () => answeredWith(sumo.requests, [408, 429, 503]),
        refuse: () => {
          sumo.fault({ status: 400, headers: { 'content-type': 'text/plain' }, body: 'Bad Request: the request could not be read' });
          return { expected: (emitted) => idsIn(refusedBodies(sumo.requests), emitted), reason: /HTTP 400.*Bad Request: the request could not be read/ };
        },
        close: () => sumo.close(),
      };
    },
  },
  {
    type: 'newrelic',
    async start() {
      const nr = await startNewRelicReceiver();
      return {
        destination: { type: 'newrelic', endpoint: nr.url, api_key: '${env:NEW_RELIC_LICENSE_KEY}' },
        env: { NEW_RELIC_LICENSE_KEY: nr.licenseKey },
        received: () => nr.eventIds(),
        down: () => nr.down(),
        up: () => nr.up(),
        storm: () => {
          nr.rateLimit(0, 2);
          nr.rateLimit(1);
          nr.fault({ status: 503, body: { error: 'Service Unavailable' } }, { status: 500, body: { error: 'Internal Server Error' } });
          return 5;
        },
        throttled: () => answeredWith(nr.requests, [429, 500, 503]),
        refuse: () => {
          nr.fault({ status: 400, body: { error: 'timestamp must be a number (epoch seconds or milliseconds)' } });
          return { expected: (emitted) => idsIn(refusedBodies(nr.requests), emitted), reason: /HTTP 400.*timestamp must be a number/ };
        },
        close: () => nr.close(),
      };
    },
  },
  {
    type: 'xsiam',
    async start() {
      const x = await startXsiamReceiver({ logFormat: 'CEF' });
      return {
        destination: { type: 'xsiam', format: 'cef', url: x.url, api_key: '${env:XSIAM_KEY}' },
        env: { XSIAM_KEY: x.apiKey },
        received: () => x.eventIds(),
        down: () => x.down(),
        up: () => x.up(),
        storm: () => {
          const limits = { error: 'ingestion limits reached' };
          x.fault({ status: 429, headers: { 'retry-after': '0' }, body: limits }, { status: 429, headers: { 'retry-after': '1' }, body: limits }, { status: 429, body: limits }, { status: 500, body: { error: 'Unexpected error while processing bulk load request' } });
          return 4;
        },
        throttled: () => answeredWith(x.requests, [429, 500]),
        refuse: () => {
          x.fault({ status: 400, body: { error: 'event 1: not a CEF event (collector log format CEF)' } });
          return { expected: (emitted) => idsIn(refusedBodies(x.requests), emitted), reason: /HTTP 400.*not a CEF event/ };
        },
        close: () => x.close(),
      };
    },
  },
  {
    type: 'syslog',
    async start() {
      const s = await startSyslogTcpReceiver();
      const destination = { type: 'syslog', host: '127.0.0.1', port: s.port, transport: 'tcp', hostname: 'forwarder-01' };
      return {
        // A byte limit small enough that one inflated event is over it (the refusal scenario).
        destination: { ...destination, batch: { max_events: 10, max_bytes: 16_384, flush_interval_ms: 5 } },
        env: {},
        received: () => s.eventIds(),
        down: () => s.down(),
        up: () => s.up(),
        storm: () => {
          // No throttle answer in syslog: a busy receiver stops reading, and TCP flow control holds the sender.
          s.pause();
          setTimeout(() => s.resume(), 500);
          return undefined;
        },
        throttled: () => 0,
        refuse: (poison) => ({ expected: () => [poison], reason: /the record is \d+ bytes, over the 16384-byte request limit of syslog/ }),
        poison: (e) => ({ ...e, message: 'x'.repeat(40_000) }),
        fixed: { ...destination, batch: { max_events: 10, max_bytes: 1_000_000, flush_interval_ms: 5 } },
        close: () => s.close(),
      };
    },
  },
];

/** The destination with the common keys of this file: batches of 10, retries every 5-50 ms for up to a minute, a 5 s request deadline. */
function config(dataDir: string, fx: VendorFixture, destination = fx.destination): ForwarderConfig {
  return parseConfig(
    {
      data_dir: dataDir,
      destinations: [{ name: NAME, batch: { max_events: 10, flush_interval_ms: 5 }, retry: { initial_delay_ms: 5, max_delay_ms: 50, max_elapsed_ms: 60_000 }, timeout_ms: 5_000, ...destination }],
    },
    'test',
    { env: fx.env, baseDir: dataDir },
  );
}

async function open(cfg: ForwarderConfig): Promise<Forwarder> {
  const f = await createForwarder(cfg, { log: () => undefined });
  cleanup.push(() => f.close({ deadlineMs: 0 }).catch(() => undefined));
  return f;
}

async function start(vendor: Vendor): Promise<VendorFixture> {
  const fx = await vendor.start();
  cleanup.push(() => fx.close());
  return fx;
}

async function deadLetters(dataDir: string): Promise<DeadLetterRecord[]> {
  const out: DeadLetterRecord[] = [];
  for await (const line of new DeadLetterFile(deadLetterPath(dataDir, NAME), (s) => s).read()) if ('record' in line) out.push(line.record);
  return out;
}

/**
 * Waits until the receiver holds every one of `expected`. HTTP vendors hold a batch before they
 * answer it; a syslog receiver reads what the kernel took a moment after the sender's write ended.
 */
async function arrived(fx: VendorFixture, expected: readonly string[]): Promise<void> {
  await expect.poll(() => missing(expected, fx.received()), { timeout: 10_000 }).toEqual([]);
}

function duplicates(received: readonly string[]): number {
  return received.length - new Set(received).size;
}

describe.each(VENDORS)('$type through the runtime’s fault scenarios', (vendor) => {
  it('delivers everything after the receiver was down for a while', async () => {
    const fx = await start(vendor);
    const f = await open(config(tempDir(), fx));
    // Connections (and Sentinel's token) exist before the receiver goes away.
    const before = events(10, `${vendor.type}-up`);
    await f.emit(before);
    expect((await f.flush({ timeoutMs: 10_000 })).drained).toBe(true);
    // What a receiver had not read when it went down is lost (syslog has no acknowledgement): not this scenario's.
    await arrived(fx, ids(before));
    await fx.down();
    const sent = events(100, `${vendor.type}-down`);
    await f.emit(sent);
    await expect.poll(() => f.health().destinations[0]?.state, { timeout: 10_000 }).toBe('error');
    expect(f.health().destinations[0]?.queue.depth).toBeGreaterThan(0);
    await fx.up();
    expect((await f.flush({ timeoutMs: 20_000 })).drained).toBe(true);
    await arrived(fx, [...ids(before), ...ids(sent)]);
    expect(f.deadLettered).toBe(0);
  });

  it('rides out a storm of the vendor’s throttle answers; duplicates are allowed', async () => {
    const fx = await start(vendor);
    const f = await open(config(tempDir(), fx));
    const storm = fx.storm();
    const sent = events(150, `${vendor.type}-storm`);
    await f.emit(sent);
    expect((await f.flush({ timeoutMs: 30_000 })).drained).toBe(true);
    await arrived(fx, ids(sent));
    const received = fx.received();
    expect(f.deadLettered).toBe(0);
    if (storm !== undefined) {
      expect(fx.throttled()).toBe(storm);
      expect(f.health().destinations[0]?.totals.retried).toBeGreaterThanOrEqual(storm);
    }
    expect(f.health().destinations[0]?.state).toBe('ok');
    console.log(`${vendor.type} storm: ${sent.length} emitted, ${received.length} received (${duplicates(received)} duplicates), ${storm ?? 'flow control'} throttle answers`);
  });

  it('dead-letters what the vendor refuses for good, with its reason, delivers the rest, and replays it once fixed', async () => {
    const fx = await start(vendor);
    const dataDir = tempDir();
    const cfg = config(dataDir, fx);
    const f = await open(cfg);
    const plain = events(40, `${vendor.type}-refuse`);
    const poison = plain[1] as CanonicalEvent;
    const sent = plain.map((e) => (e === poison ? (fx.poison ?? ((x: CanonicalEvent) => x))(e) : e));
    const refusal = fx.refuse(poison.event_id);
    await f.emit(sent);
    expect((await f.flush({ timeoutMs: 20_000 })).drained).toBe(true);
    const expected = refusal.expected(ids(sent));
    expect(expected).toContain(poison.event_id);
    const letters = await deadLetters(dataDir);
    expect(new Set(letters.map((l) => l.event.event_id))).toEqual(new Set(expected));
    expect(letters).toHaveLength(expected.length);
    for (const l of letters) expect(l.reason).toMatch(refusal.reason);
    // Everything else arrived; nothing dead-lettered was also delivered.
    const refused = new Set(expected);
    await arrived(fx, ids(sent).filter((id) => !refused.has(id)));
    expect(fx.received().filter((id) => refused.has(id))).toEqual([]);
    await f.close();

    const result = await replayDeadLetters(config(dataDir, fx, fx.fixed), NAME, { drainTimeoutMs: 20_000, log: () => undefined });
    expect(result).toMatchObject({ records: expected.length, replayed: expected.length, still_invalid: 0, dead_lettered_again: 0, drained: true });
    await arrived(fx, ids(sent));
    expect(await deadLetters(dataDir)).toEqual([]);
  });
});

/**
 * `kill -9` of a forwarder child mid-stream, as forwarder-crash.test.ts does for `http`, for one HTTP
 * vendor and for syslog over TCP (where a kill can cut a frame: the receiver drops it, and the
 * batch, never acknowledged, is sent again after the restart).
 */
describe.each([
  { type: 'splunk_hec', vendor: VENDORS.find((v) => v.type === 'splunk_hec') as Vendor },
  { type: 'syslog', vendor: VENDORS.find((v) => v.type === 'syslog') as Vendor },
])('$type under kill -9', ({ vendor }) => {
  const KILLS = 5;

  it(`delivers every event acknowledged by emit through ${KILLS} SIGKILLs and a restart`, async () => {
    const fx = await start(vendor);
    const dir = tempDir();
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        data_dir: path.join(dir, 'data'),
        destinations: [{ name: NAME, batch: { max_events: 100, flush_interval_ms: 5 }, retry: { initial_delay_ms: 10, max_delay_ms: 100 }, timeout_ms: 5_000, ...fx.destination }],
      }),
    );
    const acknowledged: string[] = [];
    for (let run = 0; run < KILLS; run++) acknowledged.push(...(await runAndKill(file, run, 30 + Math.floor(Math.random() * 250), fx.env)));
    expect(await drain(file, fx.env)).toBe('DRAINED');
    await arrived(fx, acknowledged);
    const received = fx.received();
    console.log(`${vendor.type} kill -9: ${KILLS} kills, ${acknowledged.length} events acknowledged by emit, ${received.length} received (${duplicates(received)} duplicates)`);
    expect(acknowledged.length).toBeGreaterThan(KILLS * 20);
  }, 60_000);
});
