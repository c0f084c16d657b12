/**
 * The delivery guarantees of DESIGN.md §5, proven with the real runtime: disk queues in temp
 * directories, the real `http` destination, and a loopback receiver (test/helpers/http-receiver.ts)
 * told to fail the way SIEM endpoints fail. Each scenario checks that the set of `event_id`s the
 * receiver accepted holds every emitted one (duplicates are allowed: at-least-once). Each runs
 * in-thread and with the delivery thread (threaded-forwarder.ts).
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { ForwarderConfig } from '../../src/delivery/config/load.js';
import { parseConfig } from '../../src/delivery/config/load.js';
import { DeadLetterFile, deadLetterPath } from '../../src/delivery/dead-letter.js';
import type { Forwarder } from '../../src/delivery/forwarder.js';
import { replayDeadLetters } from '../../src/delivery/replay.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';
import type { CreateForwarder } from '../helpers/forwarder-modes.js';
import { FORWARDER_MODES } from '../helpers/forwarder-modes.js';
import { testScope } from '../helpers/test-scope.js';

const { cleanup, tempDir, receiver } = testScope('siemkit-guarantees-');



/** Events with unique ids, cycling through the built-in types. */
function events(n: number, prefix: string): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `${prefix}-${i}` }));
}

/** An http destination to `url` with fast retries, in canonical NDJSON. */
function httpDestination(name: string, url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    type: 'http',
    format: 'canonical',
    url,
    body: 'ndjson',
    batch: { max_events: 50, flush_interval_ms: 10 },
    retry: { initial_delay_ms: 10, max_delay_ms: 100, max_elapsed_ms: 60_000 },
    timeout_ms: 2_000,
    ...extra,
  };
}

function config(dataDir: string, destinations: Record<string, unknown>[], env: Record<string, string> = {}): ForwarderConfig {
  return parseConfig({ data_dir: dataDir, destinations }, 'test', { env, baseDir: dataDir });
}

async function open(create: CreateForwarder, cfg: ForwarderConfig, log: string[] = []): Promise<Forwarder> {
  const f = await create(cfg, { log: (l) => log.push(l) });
  cleanup.push(async () => {
    await f.close({ deadlineMs: 0 }).catch(() => undefined);
  });
  return f;
}

function missing(emitted: readonly CanonicalEvent[], received: readonly string[]): string[] {
  const got = new Set(received);
  return emitted.map((e) => e.event_id).filter((id) => !got.has(id));
}

describe.each(FORWARDER_MODES)('delivery guarantees (DESIGN.md §5), $mode', ({ create }) => {
  it('delivers everything after the receiver was down for a while', async () => {
    const r = await receiver();
    await r.down();
    const f = await open(create, config(tempDir(), [httpDestination('siem', r.url('/ingest'))]));
    const sent = events(300, 'down');
    await f.emit(sent);
    // The queue holds them while the port is closed; the destination reports errors.
    await expect.poll(() => f.health().destinations[0]?.state, { timeout: 10_000 }).toBe('error');
    expect(f.health().destinations[0]?.queue.depth).toBeGreaterThan(0);
    await r.up();
    expect((await f.flush({ timeoutMs: 30_000 })).drained).toBe(true);
    expect(missing(sent, r.eventIds())).toEqual([]);
    expect(f.deadLettered).toBe(0);
  });

  it('rides out a 429 storm, honouring Retry-After in seconds and as an HTTP-date', async () => {
    const r = await receiver();
    const soon = new Date(Date.now() + 1_000).toUTCString();
    r.script(...Array.from({ length: 6 }, (_, i) => ({ status: 429, headers: { 'retry-after': i % 2 === 0 ? '0' : soon } })), { status: 503 }, { drop: 'after_body' });
    const f = await open(create, config(tempDir(), [httpDestination('siem', r.url('/ingest'))]));
    const sent = events(200, 'storm');
    await f.emit(sent);
    expect((await f.flush({ timeoutMs: 30_000 })).drained).toBe(true);
    expect(missing(sent, r.eventIds())).toEqual([]);
    const health = f.health().destinations[0];
    expect(health?.totals.retried).toBeGreaterThanOrEqual(8);
    expect(health?.state).toBe('ok');
  });

  it('dead-letters a permanent 400 with its reason, and replays it once the receiver is fixed', async () => {
    const r = await receiver();
    r.rule(() => ({ status: 400, body: { error: 'schema mismatch' } }));
    const dataDir = tempDir();
    const cfg = config(dataDir, [httpDestination('siem', r.url('/ingest'))]);
    const f = await open(create, cfg);
    const sent = events(40, 'bad');
    await f.emit(sent);
    expect((await f.flush({ timeoutMs: 20_000 })).drained).toBe(true);
    expect(f.deadLettered).toBe(40);
    await f.close();
    const letters = new DeadLetterFile(deadLetterPath(dataDir, 'siem'), (s) => s);
    const summary = await letters.summary();
    expect(summary.count).toBe(40);
    expect(summary.by_status).toEqual({ '400': 40 });
    r.reset(); // the receiver now accepts
    const result = await replayDeadLetters(cfg, 'siem', { drainTimeoutMs: 20_000, log: () => {} });
    expect(result).toMatchObject({ records: 40, replayed: 40, still_invalid: 0, dead_lettered_again: 0, drained: true });
    expect(missing(sent, r.eventIds())).toEqual([]);
    expect((await letters.summary()).count).toBe(0);
  });

  it('moves events past the buffer window to the dead letters and announces siem.delivery.dropped elsewhere', async () => {
    const dead = await receiver();
    await dead.down();
    const alive = await receiver();
    const dataDir = tempDir();
    const f = await open(
      create,
      config(dataDir, [
        httpDestination('dead', dead.url('/'), { buffer: { max_age_ms: 300 } }),
        httpDestination('alive', alive.url('/')),
      ]),
    );
    const sent = events(20, 'window');
    await f.emit(sent);
    expect((await f.flush({ timeoutMs: 20_000 })).drained).toBe(true);
    expect(f.health().destinations.find((d) => d.destination === 'dead')?.totals).toMatchObject({ dead_lettered: 20, dropped: 20 });
    const letters = new DeadLetterFile(deadLetterPath(dataDir, 'dead'), (s) => s);
    expect((await letters.summary()).count).toBe(20);
    const announcements = alive.records.filter((r) => (r as CanonicalEvent).action === 'siem.delivery.dropped') as CanonicalEvent[];
    expect(announcements.length).toBeGreaterThanOrEqual(1);
    const payloads = announcements.map((a) => a.payload as { destination: string; count: number; oldest: string; newest: string });
    expect(payloads.every((p) => p.destination === 'dead')).toBe(true);
    expect(payloads.reduce((n, p) => n + p.count, 0)).toBe(20);
    expect(missing(sent, alive.eventIds())).toEqual([]);
  });

  it('keeps delivering to a healthy destination while another is dead', async () => {
    const alive = await receiver();
    const f = await open(
      create,
      config(tempDir(), [
        // Nothing listens on port 9: every send is refused and retried for a minute.
        httpDestination('dead', 'http://127.0.0.1:9/'),
        httpDestination('alive', alive.url('/')),
      ]),
    );
    const sent = events(500, 'independent');
    for (let i = 0; i < sent.length; i += 50) await f.emit(sent.slice(i, i + 50));
    await alive.waitForRecords(sent.length, 20_000);
    expect(missing(sent, alive.eventIds())).toEqual([]);
    const dead = f.health().destinations.find((d) => d.destination === 'dead');
    expect(dead?.totals.sent).toBe(0);
    expect(dead?.queue.depth).toBeGreaterThan(0);
  });

  it('restarts over a torn last queue record: whole records are delivered, the damage is reported', async () => {
    const r = await receiver();
    await r.down();
    const dataDir = tempDir();
    const cfg = config(dataDir, [httpDestination('siem', r.url('/'))]);
    const first = await open(create, cfg);
    const sent = events(60, 'torn');
    await first.emit(sent);
    await first.close({ deadlineMs: 0 });
    const queueDir = path.join(dataDir, 'siem', 'queue');
    const segment = readdirSync(queueDir).filter((n) => n.endsWith('.seg')).sort().at(-1) as string;
    // Half a record header and some bytes: what a crash in the middle of a write leaves.
    appendFileSync(path.join(queueDir, segment), Buffer.from([0xff, 0x53, 0x51, 0x01, 0x00, 0x10, 0x20]));
    await r.up();
    const log: string[] = [];
    const second = await open(create, cfg, log);
    expect((await second.flush({ timeoutMs: 20_000 })).drained).toBe(true);
    expect(missing(sent, r.eventIds())).toEqual([]);
    expect(log.some((l) => l.includes('queue recovery'))).toBe(true);
  });

  it('never shows a secret in logs, health, metrics or dead letters', async () => {
    const r = await receiver();
    const token = 'tok-3f9a1c7e55b24d0e9c1b';
    const secret = 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4';
    // The receiver echoes the credentials it got, as some endpoints do in their errors.
    r.rule((req) => ({ status: 400, body: `bad request: ${String(req.headers.authorization)} ${String(req.headers['webhook-signature'])}` }));
    const dataDir = tempDir();
    const log: string[] = [];
    const f = await open(
      create,
      config(dataDir, [httpDestination('siem', r.url('/'), { auth: { type: 'bearer', token: '${env:SIEM_TOKEN}' }, signing_secret: '${env:SIEM_SECRET}' })], { SIEM_TOKEN: token, SIEM_SECRET: secret }),
      log,
    );
    await f.emit(events(10, 'secret'));
    await f.flush({ timeoutMs: 20_000 });
    const test = await f.test('siem');
    expect(test.ok).toBe(false);
    const seen = [log.join('\n'), JSON.stringify(f.health()), await f.metrics(), JSON.stringify(test), readFileSync(deadLetterPath(dataDir, 'siem'), 'utf8')].join('\n');
    expect(r.requests.length).toBeGreaterThan(0);
    expect(String(r.requests[0]?.headers.authorization)).toContain(token);
    expect(seen).not.toContain(token);
    expect(seen).not.toContain(secret);
    expect(seen).not.toContain(Buffer.from(token).toString('base64'));
  });
});
