/**
 * `siemkit forward` on a JetStream input (docs/jetstream.md), against a real nats-server and a
 * loopback HTTP receiver: the same pipeline with the queue swapped. Every event delivered; three
 * forwarder processes sharing each consumer, the work spread over all three; one of them killed
 * with SIGKILL mid-stream, nothing lost; a dead destination builds lag without holding back
 * another; a message at max_deliver dead-lettered with the reason; a producer's retry one delivery.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { ForwarderConfig } from '../../src/delivery/config/load.js';
import { parseConfig } from '../../src/delivery/config/load.js';
import { deadLetterPath } from '../../src/delivery/dead-letter.js';
import { createForwarder } from '../../src/delivery/forwarder.js';
import type { JetStreamConnection } from '../../src/delivery/jetstream/connection.js';
import { connectJetStream } from '../../src/delivery/jetstream/connection.js';
import { tenantSubject } from '../../src/delivery/jetstream/names.js';
import { createPublisher } from '../../src/delivery/jetstream/publisher.js';
import { setupJetStream } from '../../src/delivery/jetstream/setup.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';
import type { HttpReceiver } from '../helpers/http-receiver.js';
import { startHttpReceiver } from '../helpers/http-receiver.js';
import type { ForwarderProcess } from '../helpers/jetstream-forwarders.js';
import { startForwardProcess } from '../helpers/jetstream-forwarders.js';
import type { NatsServer } from '../helpers/nats-server.js';
import { startNatsServer } from '../helpers/nats-server.js';

let nats: NatsServer;
let conn: JetStreamConnection;
let dir: string;
let streamNo = 0;

function events(n: number, run: string): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `${run}-${i}`, tenant_id: i % 2 === 0 ? 'tnt_a' : 'tnt_b' }));
}

function httpDestination(name: string, url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: 'http', format: 'canonical', url, body: 'ndjson', batch: { max_events: 50, flush_interval_ms: 5 }, retry: { initial_delay_ms: 20, max_delay_ms: 200 }, ...extra };
}

/** A configuration with a stream of its own, its stream and consumers set up. */
async function setUp(destinations: Record<string, unknown>[], jetstream: Record<string, unknown> = {}): Promise<{ doc: Record<string, unknown>; config: ForwarderConfig }> {
  const stream = `FWD${++streamNo}`;
  const doc = {
    data_dir: path.join(dir, stream),
    inputs: { jetstream: { servers: [nats.url], stream, subject_prefix: `f${streamNo}.events`, max_bytes: 67_108_864, ack_wait_ms: 2_000, ...jetstream } },
    destinations,
  };
  const config = parseConfig(doc, 'test');
  await setupJetStream(conn.jsm, config.inputs.jetstream!, config.destinations);
  return { doc, config };
}

/** The same configuration for process `i`: its own data directory, and its own path on the receiver to tell who delivered what. */
function processConfig(doc: Record<string, unknown>, i: number, receiver: HttpReceiver): string {
  const own = { ...doc, data_dir: `${doc.data_dir as string}-p${i}`, destinations: (doc.destinations as Record<string, unknown>[]).map((d) => ({ ...d, url: receiver.url(`/p${i}`) })) };
  const file = path.join(dir, `${path.basename(doc.data_dir as string)}-p${i}.json`);
  writeFileSync(file, JSON.stringify(own));
  return file;
}

async function publish(config: ForwarderConfig, batch: CanonicalEvent[]): Promise<void> {
  const js = config.inputs.jetstream!;
  const publisher = await createPublisher({ servers: js.servers, stream: js.stream, subjectPrefix: js.subject_prefix });
  try {
    const result = await publisher.publish(batch);
    expect(result.rejected).toEqual([]);
  } finally {
    await publisher.close();
  }
}

function missing(receiver: HttpReceiver, batch: readonly CanonicalEvent[]): string[] {
  const got = new Set(receiver.eventIds());
  return batch.map((e) => e.event_id).filter((id) => !got.has(id));
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  nats = await startNatsServer();
  conn = await connectJetStream({ servers: [nats.url] });
  dir = mkdtempSync(path.join(tmpdir(), 'siemkit-js-fwd-'));
});

afterAll(async () => {
  await conn?.close();
  await nats?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('forward with inputs.jetstream, in one process', () => {
  it('delivers every event emitted (published once to the stream) and drains', async () => {
    const receiver = await startHttpReceiver();
    try {
      const { config } = await setUp([httpDestination('siem', receiver.url('/in'))]);
      const forwarder = await createForwarder(config, { log: () => undefined });
      const batch = events(1_000, 'one');
      expect((await forwarder.emit(batch)).accepted).toBe(1_000);
      const { drained } = await forwarder.close({ deadlineMs: 30_000 });
      expect(drained).toBe(true);
      expect(missing(receiver, batch)).toEqual([]);
      expect(forwarder.deadLettered).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('delivers once an event a producer published twice inside the duplicate window', async () => {
    const receiver = await startHttpReceiver();
    try {
      const { config } = await setUp([httpDestination('siem', receiver.url('/in'))]);
      const batch = events(50, 'retry');
      await publish(config, batch);
      await publish(config, batch.slice(0, 25));
      const forwarder = await createForwarder(config, { log: () => undefined });
      expect((await forwarder.close({ deadlineMs: 30_000 })).drained).toBe(true);
      expect(receiver.eventIds().sort()).toEqual(batch.map((e) => e.event_id).sort());
    } finally {
      await receiver.close();
    }
  });

  it('lets a dead destination build lag in its consumer without holding back another, then catches up', async () => {
    const up = await startHttpReceiver();
    const down = await startHttpReceiver();
    await down.down();
    try {
      const { config } = await setUp([httpDestination('dead', down.url('/in')), httpDestination('alive', up.url('/in'), { tenants: ['tnt_a'] })]);
      const forwarder = await createForwarder(config, { log: () => undefined });
      const batch = events(600, 'lag');
      await publish(config, batch);
      const forAlive = batch.filter((e) => e.tenant_id === 'tnt_a');
      await waitFor(() => missing(up, forAlive).length === 0, 'every event of the live destination');
      // The dead destination's backlog stays in JetStream: the whole batch is its lag.
      await waitFor(() => forwarder.health().destinations[0]?.queue.consumer?.read_at !== null && forwarder.health().destinations[0]?.queue.depth === 600, 'the lag of the dead destination');
      const dead = forwarder.health().destinations[0]!;
      expect(dead.state).toBe('error');
      expect(dead.queue.consumer!.num_pending + dead.queue.consumer!.num_ack_pending).toBe(600);
      expect(dead.queue.consumer!.num_pending).toBeGreaterThan(0);
      const alive = forwarder.health().destinations[1]!;
      expect(alive.totals.sent).toBe(forAlive.length);
      await down.up();
      await waitFor(() => missing(down, batch).length === 0, 'every event of the destination once back');
      expect((await forwarder.close({ deadlineMs: 30_000 })).drained).toBe(true);
      const metrics = await forwarder.metrics();
      expect(metrics).toMatch(/siemkit_jetstream_consumer_pending\{destination="dead"\} 0/);
    } finally {
      await up.close();
      await down.close();
    }
  });

  it('dead-letters a message at max_deliver with the reason, instead of trying it again', async () => {
    const receiver = await startHttpReceiver();
    await receiver.down();
    try {
      const { config } = await setUp([httpDestination('siem', receiver.url('/in'))], { max_deliver: 2 });
      await publish(config, events(3, 'poison'));
      // Two forwarders in turn take the messages and stop before they are settled: each delivery counts.
      const first = await createForwarder(config, { log: () => undefined });
      await waitFor(() => first.health().destinations[0]!.queue.consumer!.num_ack_pending === 3 && first.health().destinations[0]!.totals.failed > 0, 'the first forwarder to hold all three and fail');
      await first.close({ deadlineMs: 0 });
      await receiver.up();
      const second = await createForwarder(config, { log: () => undefined });
      expect((await second.close({ deadlineMs: 30_000 })).drained).toBe(true);
      expect(second.deadLettered).toBe(3);
      expect(receiver.eventIds()).toEqual([]);
      const letters = readFileSync(deadLetterPath(config.data_dir, 'siem'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { reason: string; status: string; attempts: number; event: { event_id: string } });
      expect(letters.map((l) => l.event.event_id).sort()).toEqual(['poison-0', 'poison-1', 'poison-2']);
      expect(letters[0]).toMatchObject({ status: 'max_deliver', attempts: 2 });
      expect(letters[0]!.reason).toMatch(/max_deliver 2/);
    } finally {
      await receiver.close();
    }
  });
});

describe('forward with inputs.jetstream, messages another tool published', () => {
  it('dead-letters one that is not a valid canonical event with the finding, and sends one laid out over lines as one NDJSON line', async () => {
    const receiver = await startHttpReceiver({ body: 'ndjson' });
    try {
      const { config } = await setUp([httpDestination('siem', receiver.url('/in'))]);
      const js = config.inputs.jetstream!;
      const [compact, spread, broken] = events(3, 'foreign');
      const { actor: _actor, ...noActor } = broken!;
      // Straight to the stream, as a tool other than siemkit publish would: no validation, any layout.
      for (const [event, text] of [
        [compact, JSON.stringify(compact)],
        [spread, JSON.stringify(spread, null, 2)],
        [broken, JSON.stringify(noActor)],
      ] as const) {
        await conn.js.publish(tenantSubject(js.subject_prefix, event!.tenant_id), Buffer.from(text));
      }
      const forwarder = await createForwarder(config, { log: () => undefined });
      await waitFor(() => receiver.eventIds().length === 2 && forwarder.deadLettered === 1, 'two events delivered and one dead-lettered');
      expect((await forwarder.close({ deadlineMs: 10_000 })).drained).toBe(true);
      expect(receiver.eventIds().sort()).toEqual([compact!.event_id, spread!.event_id].sort());
      // The receiver read NDJSON: the spread event arrived as one line, equal to the event.
      expect(receiver.requests.flatMap((r) => r.body.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as CanonicalEvent)).find((e) => e.event_id === spread!.event_id)).toStrictEqual(spread);
      const letters = readFileSync(deadLetterPath(config.data_dir, 'siem'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { reason: string; status: string; event: { event_id: string } });
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ status: 'invalid_event', event: { event_id: broken!.event_id } });
      expect(letters[0]!.reason).toMatch(/not a valid canonical event.*attribute_required_missing at "\/actor"/);
    } finally {
      await receiver.close();
    }
  });
});

describe('forward with inputs.jetstream, three processes sharing each consumer', () => {
  async function three(doc: Record<string, unknown>, receiver: HttpReceiver): Promise<ForwarderProcess[]> {
    return Promise.all([0, 1, 2].map((i) => startForwardProcess(processConfig(doc, i, receiver))));
  }

  it('delivers every event once the three have it, and each of them delivers a share', async () => {
    // A receiver that takes a little time per request, so no one process can take it all alone.
    const receiver = await startHttpReceiver({ defaultAnswer: { status: 200, delayMs: 20 } });
    const { doc, config } = await setUp([httpDestination('siem', receiver.url('/'), { batch: { max_events: 20, flush_interval_ms: 5 } })]);
    const processes = await three(doc, receiver);
    try {
      const batch = events(3_000, 'spread');
      await publish(config, batch);
      // Records count duplicates: wait for every event_id.
      await waitFor(() => missing(receiver, batch).length === 0, 'every event', 60_000);
      const byProcess = [0, 1, 2].map((i) => receiver.requests.filter((r) => r.path === `/p${i}` && r.answer !== undefined).reduce((n, r) => n + r.records.length, 0));
      expect(byProcess.every((n) => n > 0)).toBe(true);
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      await receiver.close();
    }
  });

  it('loses nothing when one of them is killed with SIGKILL mid-stream (duplicates carry the same event_id)', async () => {
    const receiver = await startHttpReceiver({ defaultAnswer: { status: 200, delayMs: 20 } });
    const { doc, config } = await setUp([httpDestination('siem', receiver.url('/'), { batch: { max_events: 20, flush_interval_ms: 5 } })]);
    const processes = await three(doc, receiver);
    try {
      const batch = events(3_000, 'kill');
      await publish(config, batch);
      await waitFor(() => receiver.requests.some((r) => r.path === '/p0' && r.answer !== undefined) && receiver.records.length >= 300, 'the first deliveries');
      await processes[0]!.kill9();
      const killedAt = receiver.records.length;
      expect(killedAt).toBeLessThan(3_000);
      await waitFor(() => missing(receiver, batch).length === 0, `every event after the kill (missing ${missing(receiver, batch).length})`, 60_000);
      const ids = new Set(receiver.eventIds());
      expect(ids.size).toBe(3_000);
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      await receiver.close();
    }
  });
});
