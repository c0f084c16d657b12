/**
 * Publishing to JetStream and `siemkit jetstream setup`, against a real nats-server
 * (test/helpers/nats-server.ts): every valid event stored once, producer retries inside the
 * duplicate window made one message by `Nats-Msg-Id`, invalid events named and not published, and
 * setup idempotent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { parseConfig } from '../../src/delivery/config/load.js';
import type { JetStreamConnection } from '../../src/delivery/jetstream/connection.js';
import { connectJetStream } from '../../src/delivery/jetstream/connection.js';
import { consumerName, tenantSubject, tenantToken } from '../../src/delivery/jetstream/names.js';
import { createPublisher } from '../../src/delivery/jetstream/publisher.js';
import { setupJetStream } from '../../src/delivery/jetstream/setup.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';
import { cli } from '../helpers/cli.js';
import type { NatsServer } from '../helpers/nats-server.js';
import { startNatsServer } from '../helpers/nats-server.js';

let nats: NatsServer;
let conn: JetStreamConnection;
let dir: string;
let streamNo = 0;

function events(n: number, run: string, tenant = 'tnt_a'): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `${run}-${i}`, tenant_id: tenant }));
}

/** A configuration document with a fresh stream name, so tests do not share a stream. */
function configDoc(extra: Record<string, unknown> = {}): { doc: Record<string, unknown>; stream: string } {
  const stream = `PUB${++streamNo}`;
  return {
    stream,
    doc: {
      data_dir: path.join(dir, stream),
      inputs: { jetstream: { servers: [nats.url], stream, subject_prefix: `t${streamNo}.events`, max_bytes: 67_108_864, ...extra } },
      destinations: [
        { name: 'all', type: 'null' },
        { name: 'only.a', type: 'null', tenants: ['tnt_a'] },
        { name: 'a-and-b', type: 'null', tenants: ['tnt_a', 'tnt b'] },
      ],
    },
  };
}

beforeAll(async () => {
  nats = await startNatsServer();
  conn = await connectJetStream({ servers: [nats.url] });
  dir = mkdtempSync(path.join(tmpdir(), 'siemkit-js-pub-'));
});

afterAll(async () => {
  await conn?.close();
  await nats?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tenant subjects', () => {
  it('keep plain ids and percent-encode every other byte, one-to-one', () => {
    expect(tenantToken('tnt_a-1')).toBe('tnt_a-1');
    expect(tenantToken('a.b c*>')).toBe('a%2Eb%20c%2A%3E');
    expect(tenantToken('%')).toBe('%25');
    expect(tenantToken('é')).toBe('%C3%A9');
    expect(tenantSubject('siemkit.events', 'a.b')).toBe('siemkit.events.a%2Eb');
  });
});

describe('jetstream setup', () => {
  it('creates the stream and one consumer per destination, and a second run changes nothing', async () => {
    const { doc, stream } = configDoc({ duplicate_window_ms: 60_000, max_age_ms: 3_600_000 });
    const config = parseConfig(doc, 'test');
    const js = config.inputs.jetstream!;
    const first = await setupJetStream(conn.jsm, js, config.destinations);
    expect(first.stream).toEqual({ name: stream, action: 'created' });
    expect(first.consumers.map((c) => [c.consumer, c.filter_subject, c.action])).toEqual([
      ['siemkit_all', `${js.subject_prefix}.>`, 'created'],
      ['siemkit_only_a', `${js.subject_prefix}.tnt_a`, 'created'],
      ['siemkit_a-and-b', `${js.subject_prefix}.>`, 'created'],
    ]);
    const info = await conn.jsm.streams.info(stream);
    expect(info.config.retention).toBe('interest');
    expect(info.config.discard).toBe('new');
    expect(info.config.duplicate_window).toBe(60_000 * 1_000_000);
    expect(info.config.max_age).toBe(3_600_000 * 1_000_000);
    const second = await setupJetStream(conn.jsm, js, config.destinations);
    expect(second.stream.action).toBe('unchanged');
    expect(second.consumers.map((c) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const consumer = await conn.jsm.consumers.info(stream, consumerName('only.a'));
    expect(consumer.config.ack_policy).toBe('explicit');
    expect(consumer.config.max_deliver).toBe(10);
  });

  it('updates what changed in the configuration, and refuses a retention change by name', async () => {
    const { doc, stream } = configDoc();
    const config = parseConfig(doc, 'test');
    await setupJetStream(conn.jsm, config.inputs.jetstream!, config.destinations);
    const changed = parseConfig({ ...doc, inputs: { jetstream: { ...(doc.inputs as { jetstream: object }).jetstream, max_bytes: 1_073_741_824, max_deliver: 4 } } }, 'test');
    const result = await setupJetStream(conn.jsm, changed.inputs.jetstream!, changed.destinations);
    expect(result.stream.action).toBe('updated');
    expect(result.consumers.map((c) => c.action)).toEqual(['updated', 'updated', 'updated']);
    expect((await conn.jsm.streams.info(stream)).config.max_bytes).toBe(1_073_741_824);
    const limits = parseConfig({ ...doc, inputs: { jetstream: { ...(doc.inputs as { jetstream: object }).jetstream, retention: 'limits' } } }, 'test');
    await expect(setupJetStream(conn.jsm, limits.inputs.jetstream!, limits.destinations)).rejects.toThrow(/retention cannot be changed/);
  });

  it('runs from the command line, twice, with the same result', async () => {
    const { doc } = configDoc();
    const file = path.join(dir, 'setup.json');
    writeFileSync(file, JSON.stringify(doc));
    const first = await cli(['jetstream', 'setup', '--config', file]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const second = await cli(['jetstream', 'setup', '--config', file]);
    expect(second.code).toBe(0);
    const a = JSON.parse(first.stdout) as { stream: { action: string }; consumers: { consumer: string; action: string }[] };
    const b = JSON.parse(second.stdout) as typeof a;
    expect(a.stream.action).toBe('created');
    expect(b.stream.action).toBe('unchanged');
    expect(b.consumers.map((c) => c.consumer)).toEqual(a.consumers.map((c) => c.consumer));
    expect(b.consumers.every((c) => c.action === 'unchanged')).toBe(true);
  });
});

describe('createPublisher', () => {
  async function setUp(extra: Record<string, unknown> = {}): Promise<{ stream: string; prefix: string }> {
    const { doc, stream } = configDoc(extra);
    const config = parseConfig(doc, 'test');
    await setupJetStream(conn.jsm, config.inputs.jetstream!, config.destinations);
    return { stream, prefix: config.inputs.jetstream!.subject_prefix };
  }

  it('publishes N events as N messages on their tenant subjects, resolving after the acks', async () => {
    const { stream, prefix } = await setUp();
    const publisher = await createPublisher({ servers: [nats.url], stream, subjectPrefix: prefix });
    try {
      const result = await publisher.publish([...events(300, 'n', 'tnt_a'), ...events(200, 'm', 'tnt.b')]);
      expect(result).toEqual({ published: 500, duplicates: [], rejected: [] });
    } finally {
      await publisher.close();
    }
    const info = await conn.jsm.streams.info(stream, { subjects_filter: '>' });
    expect(info.state.messages).toBe(500);
    expect(info.state.subjects).toEqual({ [`${prefix}.tnt_a`]: 300, [`${prefix}.tnt%2Eb`]: 200 });
  });

  it('makes the same event_id published twice inside the duplicate window one message, and says so', async () => {
    const { stream, prefix } = await setUp();
    const publisher = await createPublisher({ servers: [nats.url], stream, subjectPrefix: prefix });
    try {
      const batch = events(10, 'dup');
      expect((await publisher.publish(batch)).published).toBe(10);
      // A producer's retry: the same events again, some of them twice in one call.
      const retry = await publisher.publish([...batch.slice(0, 5), batch[0]]);
      expect(retry.published).toBe(0);
      expect(retry.duplicates.map((d) => d.eventId)).toEqual(['dup-0', 'dup-1', 'dup-2', 'dup-3', 'dup-4', 'dup-0']);
    } finally {
      await publisher.close();
    }
    expect((await conn.jsm.streams.info(stream)).state.messages).toBe(10);
  });

  it('names an invalid event by index, event_id and field, publishes nothing of it and the rest', async () => {
    const { stream, prefix } = await setUp();
    const publisher = await createPublisher({ servers: [nats.url], stream, subjectPrefix: prefix });
    try {
      const batch: unknown[] = events(5, 'inv');
      batch[2] = { ...(batch[2] as object), severity: 'urgent' };
      const result = await publisher.publish(batch);
      expect(result.published).toBe(4);
      expect(result.rejected).toHaveLength(1);
      expect(result.rejected[0]).toMatchObject({ index: 2, eventId: 'inv-2' });
      expect(result.rejected[0]!.errors.map((e) => e.path)).toContain('/severity');
    } finally {
      await publisher.close();
    }
    expect((await conn.jsm.streams.info(stream)).state.messages).toBe(4);
  });

  it('publishes from the command line, printing rejections as event N: /path', async () => {
    const { doc, stream } = configDoc();
    const config = parseConfig(doc, 'test');
    await setupJetStream(conn.jsm, config.inputs.jetstream!, config.destinations);
    const file = path.join(dir, `${stream}.json`);
    writeFileSync(file, JSON.stringify(doc));
    const lines = events(20, 'cli').map((e) => JSON.stringify(e));
    lines[7] = JSON.stringify({ ...JSON.parse(lines[7] as string), tenant_id: '' });
    const run = await cli(['publish', '--config', file, '--input', '-'], `${lines.join('\n')}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^event 8: \/tenant_id: /m); // records are numbered from 1, as in forward
    expect(JSON.parse(run.stdout)).toEqual({ records: 20, published: 19, duplicates: 0, rejected: 1 });
    expect((await conn.jsm.streams.info(stream)).state.messages).toBe(19);
  });
});
