/**
 * `createForwarder` (src/delivery/forwarder.ts) with real disk queues in temp directories and the
 * real `file`, `null` and `http` destinations (the last against a loopback receiver): emit
 * validates; `validation: reject` throws `EventsRejectedError` naming the event and the field after
 * queueing the valid ones, `validation: dead_letter` sets the invalid ones aside in `_invalid`;
 * per-destination filters count what they keep out, which is never sent; what overflows a queue's
 * byte cap goes to the dead letters and is announced by `siem.delivery.dropped` to the other
 * destinations; retries given up leave a full dead-letter record; health and metrics add up; flush
 * and close; a forwarder that fails to start leaves the data directory free. Each runs in-thread
 * and with the delivery thread (threaded-forwarder.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { ForwarderConfig } from '../../../src/delivery/config/load.js';
import { parseConfig } from '../../../src/delivery/config/load.js';
import { LOCK_FILE } from '../../../src/delivery/data-dir-lock.js';
import type { DeadLetterRecord } from '../../../src/delivery/dead-letter.js';
import { deadLetterPath, INVALID_EVENTS_DESTINATION } from '../../../src/delivery/dead-letter.js';
import type { Forwarder } from '../../../src/delivery/forwarder.js';
import { EventsRejectedError } from '../../../src/delivery/forwarder.js';
import { events } from '../destinations/fixtures.js';
import type { CreateForwarder } from '../../helpers/forwarder-modes.js';
import { FORWARDER_MODES } from '../../helpers/forwarder-modes.js';
import { serveUnderLoad, slowly } from '../../helpers/load-rule.js';
import { testScope } from '../../helpers/test-scope.js';

const { cleanup, tempDir, receiver } = testScope('siemkit-forwarder-');



function config(dataDir: string, destinations: Record<string, unknown>[], extra: Record<string, unknown> = {}): ForwarderConfig {
  return parseConfig({ data_dir: dataDir, destinations, ...extra }, 'test', { baseDir: dataDir });
}

async function open(create: CreateForwarder, cfg: ForwarderConfig, log: string[] = []): Promise<Forwarder> {
  const f = await create(cfg, { log: (l) => log.push(l) });
  cleanup.push(() => f.close({ deadlineMs: 0 }).then(() => undefined));
  return f;
}

/** A file destination writing canonical JSON lines to `<dir>/<name>.ndjson`, flushing fast. */
function fileDestination(dir: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: 'file', format: 'canonical', path: path.join(dir, `${name}.ndjson`), batch: { flush_interval_ms: 0 }, ...extra };
}

function written(dir: string, name: string): CanonicalEvent[] {
  const file = path.join(dir, `${name}.ndjson`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as CanonicalEvent);
}

function deadLetters<E = CanonicalEvent>(dataDir: string, destination: string): DeadLetterRecord<E>[] {
  const file = deadLetterPath(dataDir, destination);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as DeadLetterRecord<E>);
}

const ids = (list: readonly { event_id: string }[]): string[] => list.map((e) => e.event_id);

describe.each(FORWARDER_MODES)('$mode', ({ create }) => {
  describe('emit: validation', () => {
    it('under `reject`, throws EventsRejectedError naming the event and the field, after queueing the valid events', async () => {
      const dir = tempDir();
      const f = await open(create, config(dir, [fileDestination(dir, 'archive')]));
      const [a, b] = events(2, 'v');
      const bad = { ...(a as CanonicalEvent), event_id: 'evt_bad', severity: 'apocalyptic' };
      const err = await f.emit([a, bad, b]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EventsRejectedError);
      const rejected = err as EventsRejectedError;
      expect(rejected.message).toBe('1 event rejected: event 1 (evt_bad): /severity: "severity" "apocalyptic" is not one of info, low, medium, high, critical');
      expect(rejected.result.accepted).toBe(2);
      expect(rejected.result.rejected).toEqual([{ index: 1, eventId: 'evt_bad', errors: [{ code: 'attribute_enum_value_unknown', path: '/severity', message: expect.stringContaining('apocalyptic') }] }]);
      expect((await f.flush()).drained).toBe(true);
      expect(ids(written(dir, 'archive'))).toEqual(['evt_v_0', 'evt_v_1']);
      expect(f.health().totals).toEqual({ emitted: 2, rejected: 1, dead_lettered: 0 });
      expect(existsSync(deadLetterPath(dir, INVALID_EVENTS_DESTINATION))).toBe(false);
    });

    it('takes one event as well as an array, and rejects what is not an event at all', async () => {
      const dir = tempDir();
      const f = await open(create, config(dir, [fileDestination(dir, 'archive')]));
      const [a] = events(1, 'one');
      await expect(f.emit(a)).resolves.toEqual({ accepted: 1, rejected: [] });
      const err = (await f.emit(42).catch((e: unknown) => e)) as EventsRejectedError;
      expect(err).toBeInstanceOf(EventsRejectedError);
      expect(err.result.rejected[0]?.index).toBe(0);
      expect(err.result.rejected[0]?.eventId).toBeUndefined();
    });

    it('under `dead_letter`, sets invalid events aside in _invalid with the reason, and delivers the valid ones', async () => {
      const dir = tempDir();
      const f = await open(create, config(dir, [fileDestination(dir, 'archive')], { validation: 'dead_letter' }));
      const list = events(3, 'dl');
      const noActor: Record<string, unknown> = { ...(list[1] as CanonicalEvent), event_id: 'evt_no_actor' };
      delete noActor.actor;
      const result = await f.emit([list[0], noActor, list[2]]);
      expect(result.accepted).toBe(2);
      expect(result.rejected.map((r) => [r.index, r.eventId, r.errors.map((e) => e.path)])).toEqual([[1, 'evt_no_actor', ['/actor']]]);
      await f.flush();
      expect(ids(written(dir, 'archive'))).toEqual(['evt_dl_0', 'evt_dl_2']);
      const invalid = deadLetters<Record<string, unknown>>(dir, INVALID_EVENTS_DESTINATION);
      expect(invalid).toHaveLength(1);
      expect(invalid[0]).toMatchObject({ event: noActor, destination: '_invalid', reason: '/actor: required attribute "actor" is missing', status: 'invalid', attempts: 0 });
      expect(f.deadLettered).toBe(1);
      expect(f.health().totals).toEqual({ emitted: 2, rejected: 1, dead_lettered: 1 });
    });
  });

  describe('emit: filters and tenants', () => {
    it('counts per destination what its filter keeps out, never sends it, and does not count another tenant’s events', async () => {
      const dir = tempDir();
      const f = await open(
        create,
        config(dir, [
          fileDestination(dir, 'auth-only', { filter: { categories: ['AUTHENTICATION'] } }),
          fileDestination(dir, 'everything'),
          fileDestination(dir, 'other-tenant', { tenants: ['tnt_other'] }),
        ]),
      );
      // Events 0-4 are AUTHENTICATION, 5-9 ACCOUNT_CHANGE, all of tenant tnt_acme_prod.
      const list = events(10, 'flt');
      await f.emit(list);
      expect((await f.flush()).drained).toBe(true);
      expect(ids(written(dir, 'auth-only'))).toEqual(ids(list.slice(0, 5)));
      expect(ids(written(dir, 'everything'))).toEqual(ids(list));
      expect(written(dir, 'other-tenant')).toEqual([]);
      const totals = Object.fromEntries(f.health().destinations.map((d) => [d.destination, [d.totals.sent, d.totals.filtered]]));
      expect(totals).toEqual({ 'auth-only': [5, 5], everything: [10, 0], 'other-tenant': [0, 0] });
      const metrics = await f.metrics();
      expect(metrics).toContain('siemkit_events_filtered_total{destination="auth-only"} 5');
      expect(metrics).not.toContain('siemkit_events_filtered_total{destination="other-tenant"}');
    });
  });

  describe('the queue byte cap', () => {
    it('moves what overflows to the dead letters and announces siem.delivery.dropped to the other destinations', async () => {
      const dir = tempDir();
      const list = events(5, 'cap');
      const cap = list.slice(0, 2).reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0);
      const f = await open(create, config(dir, [{ name: 'capped', type: 'null', buffer: { max_bytes: cap }, batch: { flush_interval_ms: 0 } }, fileDestination(dir, 'archive')]));
      await f.emit(list);
      expect((await f.flush()).drained).toBe(true);

      const dropped = deadLetters(dir, 'capped');
      expect(ids(dropped.map((d) => d.event))).toEqual(ids(list.slice(2)));
      for (const d of dropped) expect(d).toMatchObject({ destination: 'capped', reason: `the queue is over its byte cap of ${cap} bytes`, status: 'buffer_full', attempts: 0 });

      const archived = written(dir, 'archive');
      expect(ids(archived.slice(0, 5))).toEqual(ids(list));
      const announcements = archived.filter((e) => e.action === 'siem.delivery.dropped');
      expect(announcements).toHaveLength(1);
      expect(announcements[0]).toMatchObject({ category: 'SECURITY', tenant_id: 'tnt_acme_prod', outcome: 'failure', payload: { destination: 'capped', count: 3, window_ms: 1_800_000, reason: `the queue is over its byte cap of ${cap} bytes` } });

      const capped = f.health().destinations.find((d) => d.destination === 'capped');
      expect(capped?.totals).toMatchObject({ sent: 2, dropped: 3, dead_lettered: 3 });
      // The announcement itself went to the other destination, not back to the one that dropped.
      expect(f.health().destinations.find((d) => d.destination === 'archive')?.totals.sent).toBe(6);
      expect(f.deadLettered).toBe(3);
    });
  });

  describe('retries given up', () => {
    it('dead-letters with the reason, status, attempts and first and last attempt times; health shows the error', async () => {
      const dir = tempDir();
      const r = await receiver();
      r.rule(() => ({ status: 503, body: 'overloaded' }));
      const f = await open(
        create,
        config(dir, [{ name: 'siem', type: 'http', format: 'canonical', url: r.url('/in'), body: 'ndjson', batch: { flush_interval_ms: 0 }, retry: { initial_delay_ms: 1, max_delay_ms: 2, max_elapsed_ms: 100 }, timeout_ms: 2_000 }]),
      );
      const [event] = events(1, 'gone');
      await f.emit(event);
      expect((await f.flush({ timeoutMs: 10_000 })).drained).toBe(true);
      const [letter] = deadLetters(dir, 'siem');
      expect(letter?.event).toEqual(event);
      expect(letter?.destination).toBe('siem');
      expect(letter?.status).toBe(503);
      expect(letter?.reason).toMatch(new RegExp(`^gave up retrying after ${r.requests.length} attempts?: `));
      // Each attempt reached the receiver (how many fit in max_elapsed_ms depends on the machine).
      expect(letter?.attempts).toBe(r.requests.length);
      expect(Date.parse(letter?.first_attempt_at ?? '')).toBeLessThanOrEqual(Date.parse(letter?.last_attempt_at ?? ''));
      expect(Date.parse(letter?.last_attempt_at ?? '')).toBeLessThanOrEqual(Date.parse(letter?.dead_lettered_at ?? ''));
      const health = f.health();
      expect(health.status).toBe('degraded');
      expect(health.destinations[0]).toMatchObject({ state: 'error', last_error: { status: 503 }, totals: { sent: 0, dead_lettered: 1, failed: r.requests.length }, dead_lettered_by_reason: { retries_exhausted: 1 } });
      expect(await f.metrics()).toContain('siemkit_events_dead_lettered_total{destination="siem",reason="retries_exhausted"} 1');
    });
  });

  describe('health, metrics, flush and close', () => {
    it('reports totals that add up, and an empty queue once flushed', async () => {
      const dir = tempDir();
      const f = await open(create, config(dir, [{ name: 'dry', type: 'null', batch: { flush_interval_ms: 0 } }, fileDestination(dir, 'archive')]));
      expect(f.health().destinations.map((d) => d.state)).toEqual(['not_yet_invoked', 'not_yet_invoked']);
      const list = events(20, 'tot');
      for (let i = 0; i < 20; i += 5) await f.emit(list.slice(i, i + 5));
      expect(await f.flush()).toEqual({ drained: true });
      const health = f.health();
      expect(health.status).toBe('ok');
      expect(health.totals).toEqual({ emitted: 20, rejected: 0, dead_lettered: 0 });
      for (const d of health.destinations) {
        expect(d.state).toBe('ok');
        expect(d.totals).toMatchObject({ sent: 20, failed: 0, filtered: 0, dead_lettered: 0, dropped: 0 });
        expect(d.queue).toEqual({ depth: 0, bytes: 0, oldest_age_ms: null });
        expect(d.last_success_at).not.toBeNull();
      }
      const metrics = await f.metrics();
      expect(metrics).toContain('siemkit_events_emitted_total 20');
      expect(metrics).toContain('siemkit_events_sent_total{destination="dry"} 20');
      expect(metrics).toContain('siemkit_events_sent_total{destination="archive"} 20');
      expect(metrics).toContain('siemkit_queue_depth{destination="archive"} 0');
      expect(metrics).toContain('siemkit_destination_up{destination="dry"} 1');
    });

    it('with concurrency: adaptive, sends more than one batch at once and shows the limit, the sends in flight and the average RTT', async () => {
      const dir = tempDir();
      const r = await receiver();
      const { maxInFlight } = serveUnderLoad(r, slowly(10));
      const destination = { name: 'siem', type: 'http', format: 'canonical', url: r.url('/in'), body: 'ndjson', batch: { max_events: 5, flush_interval_ms: 0 }, concurrency: 'adaptive', adaptive_concurrency: { max_concurrency: 6 } };
      const f = await open(create, config(dir, [destination]));
      expect(f.health().destinations[0]?.concurrency).toEqual({ limit: 1, in_flight: 0, adaptive: true, average_rtt_ms: null });
      const list = events(400, 'arc');
      await f.emit(list);
      expect((await f.flush({ timeoutMs: 20_000 })).drained).toBe(true);
      expect(new Set(r.eventIds())).toEqual(new Set(ids(list)));
      expect(r.eventIds().length).toBe(400);
      expect(maxInFlight()).toBeGreaterThan(1);
      const c = f.health().destinations[0]?.concurrency;
      expect(c?.adaptive).toBe(true);
      expect(c?.in_flight).toBe(0);
      expect(c?.limit).toBeGreaterThan(1);
      expect(c?.limit).toBeLessThanOrEqual(6);
      expect(c?.average_rtt_ms).toBeGreaterThanOrEqual(10);
      expect(await f.metrics()).toContain(`siemkit_concurrency_limit{destination="siem"} ${c?.limit}`);
    });

    it('close refuses new events, releases the data directory, and leaves what it could not deliver on disk for the next start', async () => {
      const dir = tempDir();
      const r = await receiver();
      await r.down();
      const cfg = config(dir, [{ name: 'siem', type: 'http', format: 'canonical', url: r.url('/in'), body: 'ndjson', batch: { flush_interval_ms: 0 }, retry: { initial_delay_ms: 5, max_delay_ms: 20 }, timeout_ms: 2_000 }]);
      const first = await create(cfg, { log: () => undefined });
      const list = events(7, 'later');
      await first.emit(list);
      expect(await first.close({ deadlineMs: 50 })).toEqual({ drained: false });
      await expect(first.emit(list[0])).rejects.toThrow('the forwarder is closing');
      expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
      expect(deadLetters(dir, 'siem')).toEqual([]);

      await r.up();
      const second = await open(create, cfg);
      expect(second.health().destinations[0]?.queue.depth).toBe(7);
      expect(await second.flush({ timeoutMs: 10_000 })).toEqual({ drained: true });
      expect(new Set(r.eventIds())).toEqual(new Set(ids(list)));
    });

    it('leaves the data directory free when it fails to start', async () => {
      const dir = tempDir();
      const broken = config(dir, [
        { name: 'dry', type: 'null' },
        { name: 'siem', type: 'http', url: 'https://siem.example/in', tls: { ca_file: './missing-ca.pem' } },
      ]);
      await expect(create(broken, { log: () => undefined })).rejects.toThrow(/tls\.ca_file: cannot read .*missing-ca\.pem/);
      expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
      // Fixed, it starts in the same process.
      const f = await open(create, config(dir, [{ name: 'dry', type: 'null' }]));
      await f.emit(events(1, 'ok'));
      expect((await f.flush()).drained).toBe(true);
    });
  });
});
