/**
 * A three-node JetStream cluster on loopback (test/helpers/nats-server.ts) with stream replicas 3:
 * one node stopped while a forwarder delivers, and nothing lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { parseConfig } from '../../src/delivery/config/load.js';
import { createForwarder } from '../../src/delivery/forwarder.js';
import { connectJetStream } from '../../src/delivery/jetstream/connection.js';
import { createPublisher } from '../../src/delivery/jetstream/publisher.js';
import { setupJetStream } from '../../src/delivery/jetstream/setup.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';
import { startHttpReceiver } from '../helpers/http-receiver.js';
import type { NatsCluster } from '../helpers/nats-server.js';
import { startNatsCluster } from '../helpers/nats-server.js';

let cluster: NatsCluster;
let dir: string;

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  dir = mkdtempSync(path.join(tmpdir(), 'siemkit-js-cluster-'));
});

afterAll(async () => {
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('delivers every event while one of three nodes (the stream leader) is stopped mid-delivery (replicas 3)', async () => {
  const receiver = await startHttpReceiver({ defaultAnswer: { status: 200, delayMs: 10 } });
  const doc = {
    data_dir: path.join(dir, 'data'),
    inputs: { jetstream: { servers: cluster.urls, stream: 'CLUSTERED', replicas: 3, max_bytes: 67_108_864, ack_wait_ms: 2_000 } },
    destinations: [{ name: 'siem', type: 'http', format: 'canonical', url: receiver.url('/in'), body: 'ndjson', batch: { max_events: 20, flush_interval_ms: 5 }, retry: { initial_delay_ms: 20, max_delay_ms: 200 } }],
  };
  const config = parseConfig(doc, 'test');
  const js = config.inputs.jetstream!;
  // The cluster elects its JetStream meta leader after the nodes meet: retry setup until it answers.
  const admin = await connectJetStream({ servers: cluster.urls });
  for (let attempt = 0; ; attempt++) {
    try {
      await setupJetStream(admin.jsm, js, config.destinations);
      break;
    } catch (err) {
      if (attempt > 100) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const info = await admin.jsm.streams.info(js.stream);
  expect(info.config.num_replicas).toBe(3);
  // The node to stop: the stream's leader, the hardest one to lose (nodes are named n0, n1, n2).
  const leader = Number((info.cluster?.leader ?? 'n0').slice(1));
  await admin.close();
  const batch = Array.from({ length: 2_000 }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `c-${i}`, tenant_id: 'tnt_a' }));
  const publisher = await createPublisher({ servers: js.servers, stream: js.stream, subjectPrefix: js.subject_prefix });
  expect((await publisher.publish(batch)).published).toBe(2_000);
  await publisher.close();
  const forwarder = await createForwarder(config, { log: () => undefined });
  try {
    await receiver.waitForRecords(200, 30_000);
    await cluster.servers[leader]!.stop();
    // Records count duplicates (a redelivery after the leader moved): wait for every event_id.
    const missing = (): string[] => {
      const got = new Set(receiver.eventIds());
      return batch.filter((e) => !got.has(e.event_id)).map((e) => e.event_id);
    };
    const deadline = Date.now() + 60_000;
    while (missing().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(missing()).toEqual([]);
  } finally {
    await forwarder.close({ deadlineMs: 5_000 });
    await receiver.close();
  }
});
