/**
 * `siemkit dlq inspect|replay --config FILE --destination NAME` (DESIGN.md §5 "Dead letters"):
 * the summary of a destination's dead-letter file, and the replay that validates each record's
 * event again, sends the valid ones through the destination's chain (here the real `http`
 * destination to a loopback receiver), removes what was queued and keeps what failed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { DeadLetterRecord } from '../../../src/delivery/dead-letter.js';
import { DeadLetterFile, deadLetterPath } from '../../../src/delivery/dead-letter.js';
import { GOLDEN_EVENTS } from '../../golden/canonical-events.js';
import { cli } from '../../helpers/cli.js';
import { testScope } from '../../helpers/test-scope.js';

const { cleanup, receiver } = testScope('siemkit-test-');


function events(n: number, prefix: string): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `${prefix}-${i}` }));
}

/**
 * A configuration in a fresh directory: `siem` posts one event per request to `url` (so a receiver
 * rule can refuse single events), `archive` is a file; `validation` as given.
 */
function setup(url: string, validation: 'reject' | 'dead_letter' = 'reject'): { dir: string; config: string; dataDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-dlq-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, 'siemkit.yaml');
  writeFileSync(
    config,
    `data_dir: ./data
validation: ${validation}
destinations:
  - name: siem
    type: http
    format: canonical
    url: ${url}
    body: ndjson
    batch: { max_events: 1, flush_interval_ms: 10 }
    retry: { initial_delay_ms: 10, max_delay_ms: 50, max_elapsed_ms: 60000 }
    timeout_ms: 2000
  - name: archive
    type: file
    format: canonical
    path: ./archive.ndjson
    batch: { flush_interval_ms: 10 }
`,
  );
  return { dir, config, dataDir: path.join(dir, 'data') };
}

function ndjson(es: readonly unknown[]): string {
  return es.map((e) => `${JSON.stringify(e)}\n`).join('');
}

async function letters(dataDir: string, destination: string): Promise<DeadLetterRecord<unknown>[]> {
  const out: DeadLetterRecord<unknown>[] = [];
  for await (const line of new DeadLetterFile<unknown>(deadLetterPath(dataDir, destination), (s) => s).read()) if ('record' in line) out.push(line.record);
  return out;
}

const idOf = (r: DeadLetterRecord<unknown>): string => (r.event as { event_id: string }).event_id;

describe('siemkit dlq inspect', () => {
  it('summarises a dead-letter file: counts by reason and status, time ranges, top actions, unreadable lines', async () => {
    const { config, dataDir } = setup('http://127.0.0.1:1/unused');
    const login = GOLDEN_EVENTS[0] as CanonicalEvent;
    const logout = GOLDEN_EVENTS[1] as CanonicalEvent;
    const record = (event: CanonicalEvent, status: number | string | undefined, reason: string, at: string): DeadLetterRecord => ({
      event,
      destination: 'siem',
      reason,
      ...(status !== undefined ? { status } : {}),
      attempts: status === undefined ? 0 : 3,
      dead_lettered_at: at,
    });
    const file = new DeadLetterFile(deadLetterPath(dataDir, 'siem'), (s) => s);
    // Out of time order on purpose: first and last are instants, not file positions.
    await file.append([
      record({ ...login, event_id: 'a', timestamp: '2024-05-14T10:00:00Z' }, 400, 'HTTP 400: schema mismatch', '2024-05-15T08:00:00.000Z'),
      record({ ...login, event_id: 'b', timestamp: '2024-05-14T08:00:00+02:00' }, 400, 'HTTP 400: schema mismatch', '2024-05-15T07:00:00.000Z'),
      record({ ...logout, event_id: 'c', timestamp: '2024-05-14T12:30:00Z' }, 413, 'HTTP 413: too large', '2024-05-15T09:30:00.000Z'),
      record({ ...login, event_id: 'd', timestamp: '2024-05-14T09:00:00Z' }, undefined, 'waited longer than the buffer window', '2024-05-15T07:30:00.000Z'),
    ]);
    // A write torn by a crash at the end of the file.
    writeFileSync(deadLetterPath(dataDir, 'siem'), `${readFileSync(deadLetterPath(dataDir, 'siem'), 'utf8')}{"destination":"siem","rea`);

    const r = await cli(['dlq', 'inspect', '--config', config, '--destination', 'siem']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      destination: 'siem',
      path: deadLetterPath(dataDir, 'siem'),
      count: 4,
      unreadable_lines: 1,
      by_reason: { 'HTTP 400: schema mismatch': 2, 'HTTP 413: too large': 1, 'waited longer than the buffer window': 1 },
      by_status: { '400': 2, '413': 1, none: 1 },
      oldest_event_at: '2024-05-14T08:00:00+02:00',
      newest_event_at: '2024-05-14T12:30:00Z',
      first_dead_lettered_at: '2024-05-15T07:00:00.000Z',
      last_dead_lettered_at: '2024-05-15T09:30:00.000Z',
      top_actions: [
        { action: login.action, count: 3 },
        { action: logout.action, count: 1 },
      ],
    });
  });

  it('summarises each destination on its own, and an empty one as count 0', async () => {
    const r = await receiver();
    r.rule(() => ({ status: 400, body: { error: 'no' } }));
    const { config } = setup(r.url('/ingest'));
    const forwarded = await cli(['forward', '--config', config, '--input', '-'], ndjson(events(3, 'x')));
    expect(forwarded.code).toBe(1);
    const siem = JSON.parse((await cli(['dlq', 'inspect', '--config', config, '--destination', 'siem'])).stdout) as { count: number; by_status: unknown; by_reason: Record<string, number> };
    expect(siem).toMatchObject({ destination: 'siem', count: 3, by_status: { '400': 3 } });
    expect(Object.keys(siem.by_reason)).toHaveLength(1);
    expect(Object.keys(siem.by_reason)[0]).toMatch(/400/);
    const archive = await cli(['dlq', 'inspect', '--config', config, '--destination', 'archive']);
    expect(archive.code).toBe(0);
    expect(JSON.parse(archive.stdout)).toMatchObject({ destination: 'archive', count: 0, unreadable_lines: 0, first_dead_lettered_at: null, top_actions: [] });
  });

  it('exits 2 for a destination that is not configured, listing the names it knows', async () => {
    const { config } = setup('http://127.0.0.1:1/unused');
    const r = await cli(['dlq', 'inspect', '--config', config, '--destination', 'splunk']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('siemkit: no destination named "splunk" (siem, archive, _invalid)\n');
  });
});

describe('siemkit dlq replay', () => {
  it('sends valid dead letters again, removes what was delivered, keeps what failed again and what is still invalid', async () => {
    const r = await receiver();
    r.rule(() => ({ status: 400, body: { error: 'receiver misconfigured' } }));
    const { config, dataDir } = setup(r.url('/ingest'));
    const sent = events(6, 'dl');
    expect((await cli(['forward', '--config', config, '--input', '-'], ndjson(sent))).code).toBe(1);
    expect((await letters(dataDir, 'siem')).map(idOf).sort()).toEqual(sent.map((e) => e.event_id).sort());
    // A record whose event can never be sent as it is (an older version's, or edited by hand).
    const broken = { ...(sent[0] as CanonicalEvent), event_id: 'dl-broken', severity: 'extreme' };
    await new DeadLetterFile<unknown>(deadLetterPath(dataDir, 'siem'), (s) => s).append([{ event: broken, destination: 'siem', reason: 'HTTP 400', status: 400, attempts: 1, dead_lettered_at: new Date().toISOString() }]);

    // The receiver is fixed, but for one event it still refuses.
    r.reset();
    r.rule((req) => ((req.records[0] as { event_id?: string } | undefined)?.event_id === 'dl-3' ? { status: 400, body: { error: 'dl-3 is still refused' } } : undefined));
    const replay = await cli(['dlq', 'replay', '--config', config, '--destination', 'siem']);
    expect(JSON.parse(replay.stdout)).toEqual({ destination: 'siem', records: 7, replayed: 6, still_invalid: 1, dead_lettered_again: 1, drained: true });
    expect(replay.code).toBe(1);
    expect(r.eventIds().sort()).toEqual(['dl-0', 'dl-1', 'dl-2', 'dl-4', 'dl-5']);
    const left = await letters(dataDir, 'siem');
    expect(left.map(idOf).sort()).toEqual(['dl-3', 'dl-broken']);
    expect(left.find((l) => idOf(l) === 'dl-3')?.reason).toMatch(/dl-3 is still refused/);

    // Once the receiver takes dl-3 too, only the invalid record stays; replay says so with exit 1.
    r.reset();
    const again = await cli(['dlq', 'replay', '--config', config, '--destination', 'siem']);
    expect(JSON.parse(again.stdout)).toEqual({ destination: 'siem', records: 2, replayed: 1, still_invalid: 1, dead_lettered_again: 0, drained: true });
    expect(again.code).toBe(1);
    expect(r.eventIds()).toEqual(['dl-3']);
    expect((await letters(dataDir, 'siem')).map(idOf)).toEqual(['dl-broken']);
    // Only `siem` is replayed: the archive did not get the events a second time.
    const archived = readFileSync(path.join(path.dirname(config), 'archive.ndjson'), 'utf8').trim().split('\n');
    expect(archived).toHaveLength(6);
  });

  it('exits 0 when every dead letter was delivered, leaving the file empty', async () => {
    const r = await receiver();
    r.rule(() => ({ status: 403 }));
    const { config, dataDir } = setup(r.url('/ingest'));
    const sent = events(4, 'ok');
    await cli(['forward', '--config', config, '--input', '-'], ndjson(sent));
    r.reset();
    const replay = await cli(['dlq', 'replay', '--config', config, '--destination', 'siem']);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ records: 4, replayed: 4, still_invalid: 0, dead_lettered_again: 0, drained: true });
    expect(r.eventIds().sort()).toEqual(sent.map((e) => e.event_id).sort());
    expect(await letters(dataDir, 'siem')).toEqual([]);
    const inspect = await cli(['dlq', 'inspect', '--config', config, '--destination', 'siem']);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ count: 0 });
  });

  it('replays fixed events from _invalid to every destination that takes them, and keeps the ones still invalid', async () => {
    const r = await receiver();
    const { dir, config, dataDir } = setup(r.url('/ingest'), 'dead_letter');
    const good = events(1, 'inv');
    const badA = { ...(events(2, 'inv')[1] as CanonicalEvent), severity: 'extreme' };
    const badB = { ...(events(3, 'inv')[2] as CanonicalEvent), outcome: 'maybe' };
    expect((await cli(['forward', '--config', config, '--input', '-'], ndjson([...good, badA, badB]))).code).toBe(1);
    expect((await letters(dataDir, '_invalid')).map(idOf)).toEqual(['inv-1', 'inv-2']);
    const invalidInspect = JSON.parse((await cli(['dlq', 'inspect', '--config', config, '--destination', '_invalid'])).stdout) as { count: number; by_status: unknown };
    expect(invalidInspect).toMatchObject({ count: 2, by_status: { invalid: 2 } });

    // An operator fixes inv-1 in the file; inv-2 stays broken.
    const file = deadLetterPath(dataDir, '_invalid');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"severity":"extreme"', '"severity":"high"'));
    r.reset();
    const replay = await cli(['dlq', 'replay', '--config', config, '--destination', '_invalid']);
    expect(JSON.parse(replay.stdout)).toEqual({ destination: '_invalid', records: 2, replayed: 1, still_invalid: 1, dead_lettered_again: 0, drained: true });
    expect(replay.code).toBe(1);
    expect(r.eventIds()).toEqual(['inv-1']);
    const archived = readFileSync(path.join(dir, 'archive.ndjson'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { event_id: string }).event_id);
    expect(archived).toEqual(['inv-0', 'inv-1']);
    expect((await letters(dataDir, '_invalid')).map(idOf)).toEqual(['inv-2']);
  });

  it('does nothing and exits 0 when there are no dead letters', async () => {
    const r = await receiver();
    const { config } = setup(r.url('/ingest'));
    const replay = await cli(['dlq', 'replay', '--config', config, '--destination', 'siem']);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toEqual({ destination: 'siem', records: 0, replayed: 0, still_invalid: 0, dead_lettered_again: 0, drained: true });
    expect(r.requests).toHaveLength(0);
  });
});
