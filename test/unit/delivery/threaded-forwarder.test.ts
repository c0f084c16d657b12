/**
 * What only the forwarder with a delivery thread (src/delivery/threaded-forwarder.ts) does: its
 * `health()` follows the delivery thread between calls (the state it pushes), a memory queue
 * delivers from its own copies of the handed-over records, `close` queues the appends already on
 * their way, a delivery thread that dies (stopped as a crash would stop it) fails every call after
 * it, says so, and frees the data directory for a forwarder that delivers what was queued, and a
 * JetStream input is refused before any thread starts. The contract it shares with
 * the in-thread forwarder is tested on both in forwarder.test.ts, forwarder-guarantees.test.ts and
 * the kill -9 test.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { ForwarderConfig } from '../../../src/delivery/config/load.js';
import { parseConfig } from '../../../src/delivery/config/load.js';
import { LOCK_FILE } from '../../../src/delivery/data-dir-lock.js';
import type { Forwarder } from '../../../src/delivery/forwarder.js';
import type { Worker } from 'node:worker_threads';
import { createForwarder } from '../../../src/delivery/forwarder.js';
import { createThreadedForwarder, openThreadedForwarder, startDeliveryThread } from '../../../src/delivery/threaded-forwarder.js';
import { STATE_PUSH_MS } from '../../../src/delivery/thread-messages.js';
import { events } from '../destinations/fixtures.js';
import { testScope } from '../../helpers/test-scope.js';

const { cleanup, tempDir, receiver } = testScope('siemkit-threaded-');

function config(dataDir: string, destinations: Record<string, unknown>[], extra: Record<string, unknown> = {}): ForwarderConfig {
  return parseConfig({ data_dir: dataDir, destinations, ...extra }, 'test', { baseDir: dataDir });
}

async function open(cfg: ForwarderConfig): Promise<Forwarder> {
  const f = await createThreadedForwarder(cfg, { log: () => undefined });
  cleanup.push(() => f.close({ deadlineMs: 0 }).then(() => undefined));
  return f;
}

function written(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('createThreadedForwarder', () => {
  it('health() follows the delivery thread between calls: a destination that starts failing shows as error without a flush', async () => {
    const dir = tempDir();
    const r = await receiver();
    r.rule(() => ({ status: 503, body: 'overloaded' }));
    const f = await open(config(dir, [{ name: 'siem', type: 'http', format: 'canonical', url: r.url('/in'), body: 'ndjson', batch: { flush_interval_ms: 0 }, retry: { initial_delay_ms: 60_000, max_delay_ms: 60_000 } }]));
    expect(f.health().destinations[0]?.state).toBe('not_yet_invoked');
    await f.emit(events(3, 'push'));
    // The first attempt fails after emit resolved: only the delivery thread's pushes can tell.
    await until(() => f.health().destinations[0]?.state === 'error', 20 * STATE_PUSH_MS);
    const h = f.health();
    expect(h.status).toBe('degraded');
    expect(h.destinations[0]?.last_error?.status).toBe(503);
    expect(h.destinations[0]?.queue.depth).toBe(3);
    expect(h.totals).toEqual({ emitted: 3, rejected: 0, dead_lettered: 0 });
  });

  it('delivers through a memory queue, which keeps its own copy of each handed-over record', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'out.ndjson');
    const f = await open(config(dir, [{ name: 'mem', type: 'file', format: 'canonical', path: out, queue: { type: 'memory' }, batch: { flush_interval_ms: 0 } }]));
    const list = events(50, 'mem');
    for (let i = 0; i < list.length; i += 10) await f.emit(list.slice(i, i + 10));
    expect((await f.flush({ timeoutMs: 10_000 })).drained).toBe(true);
    expect(written(out)).toEqual(list.map((e) => JSON.stringify(e)));
  });

  it('queues the appends on their way before it closes, then releases the data directory', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'out.ndjson');
    const f = await createThreadedForwarder(config(dir, [{ name: 'archive', type: 'file', format: 'canonical', path: out, batch: { flush_interval_ms: 0 } }]), { log: () => undefined });
    const list = events(40, 'close');
    // Not awaited: close comes while these are on their way to the delivery thread.
    const emits = [f.emit(list.slice(0, 20)), f.emit(list.slice(20))];
    const closed = await f.close({ deadlineMs: 10_000 });
    await expect(Promise.all(emits)).resolves.toEqual([
      { accepted: 20, rejected: [] },
      { accepted: 20, rejected: [] },
    ]);
    expect(closed.drained).toBe(true);
    expect(written(out).map((l) => (JSON.parse(l) as CanonicalEvent).event_id)).toEqual(list.map((e) => e.event_id));
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    await expect(f.emit(list[0])).rejects.toThrow('the forwarder is closing');
    await expect(f.close()).resolves.toEqual(closed);
  });

  it('when the delivery thread dies, fails every call with the reason, says so, and frees the data directory for a forwarder that delivers what was queued', async () => {
    const dir = tempDir();
    const r = await receiver();
    r.rule(() => ({ status: 503, body: 'not yet' }));
    const cfg = config(dir, [{ name: 'siem', type: 'http', format: 'canonical', url: r.url('/in'), body: 'ndjson', batch: { flush_interval_ms: 0 }, retry: { initial_delay_ms: 20, max_delay_ms: 50 } }]);
    let thread: Worker | undefined;
    const told: Error[] = [];
    const f = await openThreadedForwarder(cfg, { log: () => undefined, onStopped: (err) => told.push(err) }, (data) => (thread = startDeliveryThread(data)));
    const list = events(30, 'crash');
    await f.emit(list);
    // Stopped as a crash stops it: no close, no flush, the lock and the queue left as they were.
    await thread?.terminate();
    await until(() => told.length === 1, 5_000);
    expect(told[0]?.message).toBe('the delivery thread stopped: it exited with code 1');
    await expect(f.emit(list[0])).rejects.toThrow('the delivery thread stopped: it exited with code 1');
    await expect(f.flush()).rejects.toThrow('the delivery thread stopped');
    const h = f.health();
    expect(h.status).toBe('degraded');
    expect(h.destinations.map((d) => [d.state, d.last_error?.message])).toEqual([['error', 'the delivery thread stopped: it exited with code 1']]);
    await expect(f.close()).resolves.toEqual({ drained: false });
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    // The next forwarder on the same data directory delivers everything that emit had acknowledged.
    r.reset();
    const next = await createForwarder(cfg, { log: () => undefined });
    cleanup.push(() => next.close({ deadlineMs: 0 }).then(() => undefined));
    expect((await next.flush({ timeoutMs: 10_000 })).drained).toBe(true);
    expect(new Set(r.eventIds())).toEqual(new Set(list.map((e) => e.event_id)));
  });

  it('refuses inputs.jetstream, whose consumers stay in-thread, before starting anything', async () => {
    const dir = tempDir();
    const cfg = config(dir, [{ name: 'dry', type: 'null' }], { inputs: { jetstream: { servers: ['nats://127.0.0.1:1'], stream: 'SIEMKIT', subject_prefix: 'siemkit.events' } } });
    await expect(createThreadedForwarder(cfg)).rejects.toThrow(/inputs\.jetstream runs in-thread/);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});
