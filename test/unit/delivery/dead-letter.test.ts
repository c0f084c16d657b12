/**
 * The dead-letter file (src/delivery/dead-letter.ts, docs/dead-letters.md) on real files in temp
 * directories: the layout, one JSON line per record whatever the event holds, redaction of every
 * string and key, a torn last line, the summary of `dlq inspect`, and `rewrite` for `dlq replay`:
 * what it keeps, what it never loses (unreadable lines, records appended meanwhile, a `kill -9`
 * of the rewriting process at random instants).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { DeadLetterLine, DeadLetterRecord } from '../../../src/delivery/dead-letter.js';
import { DeadLetterFile, deadLetterPath, INVALID_EVENTS_DESTINATION } from '../../../src/delivery/dead-letter.js';
import { arbitraryCanonicalEvent } from '../../helpers/canonical-arbitrary.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const SECRET = 'hec-token-5f3a9c';
const redact = (s: string): string => s.split(SECRET).join('[REDACTED]');

const event = (n: number, over: Partial<CanonicalEvent> = {}): CanonicalEvent => ({
  event_id: `evt_${n}`,
  timestamp: `2026-11-22T08:00:${String(n % 60).padStart(2, '0')}Z`,
  tenant_id: 'tnt_a',
  category: 'FILE_ACCESS',
  action: n % 3 === 0 ? 'file.delete' : 'file.download',
  outcome: 'success',
  severity: 'low',
  actor: { type: 'user', id: 'usr_1' },
  ...over,
});

const record = (n: number, over: Partial<DeadLetterRecord> = {}): DeadLetterRecord => ({
  event: event(n),
  destination: 'splunk-prod',
  reason: 'permanent',
  status: 400,
  attempts: 1,
  first_attempt_at: '2026-11-22T09:00:00.000Z',
  last_attempt_at: '2026-11-22T09:00:00.000Z',
  dead_lettered_at: '2026-11-22T09:00:01.000Z',
  ...over,
});

async function lines<E>(file: DeadLetterFile<E>): Promise<DeadLetterLine<E>[]> {
  const out: DeadLetterLine<E>[] = [];
  for await (const l of file.read()) out.push(l);
  return out;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'siemkit-dlq-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('DeadLetterFile.append and read', () => {
  it('writes one JSON line per record under <data_dir>/<destination>/dead-letters.ndjson, and reads them back', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'splunk-prod'), redact);
    expect(file.path).toBe(path.join(dir, 'splunk-prod', 'dead-letters.ndjson'));
    await file.append([record(1), record(2, { status: 'ECONNREFUSED', reason: 'retries_exhausted', attempts: 7 })]);
    await file.append([record(3, { status: undefined, first_attempt_at: undefined, last_attempt_at: undefined, attempts: 0 })]);
    const text = readFileSync(file.path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(4);
    // Why first, the event last; absent members are left out.
    expect(Object.keys(JSON.parse(text.split('\n')[0] as string))).toEqual(['destination', 'reason', 'status', 'attempts', 'first_attempt_at', 'last_attempt_at', 'dead_lettered_at', 'event']);
    expect(Object.keys(JSON.parse(text.split('\n')[2] as string))).toEqual(['destination', 'reason', 'attempts', 'dead_lettered_at', 'event']);
    const read = await lines(file);
    expect(read.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(read.map((l) => ('record' in l ? l.record : l.error))).toEqual([record(1), record(2, { status: 'ECONNREFUSED', reason: 'retries_exhausted', attempts: 7 }), { ...record(3, { attempts: 0 }), status: undefined, first_attempt_at: undefined, last_attempt_at: undefined }].map((r) => JSON.parse(JSON.stringify(r))));
  });

  it('reads nothing when there is no file, and appending nothing creates none', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'none'), redact);
    await file.append([]);
    expect(existsSync(file.path)).toBe(false);
    expect(await lines(file)).toEqual([]);
    expect((await file.summary()).count).toBe(0);
  });

  it('keeps every record of concurrent appends whole, in call order', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    await Promise.all(Array.from({ length: 50 }, (_, i) => file.append([record(2 * i), record(2 * i + 1)])));
    const read = await lines(file);
    expect(read.map((l) => ('record' in l ? l.record.event.event_id : l.error))).toEqual(Array.from({ length: 100 }, (_, i) => `evt_${i}`));
  });

  it('redacts every string and every key, event included, without touching the caller objects', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    const r = record(1, {
      reason: `401 for token ${SECRET}`,
      status: `E_${SECRET}`,
      event: event(1, { message: `Authorization: Bearer ${SECRET}`, labels: { [`k_${SECRET}`]: SECRET }, payload: { nested: [{ deep: `x${SECRET}y` }] } }),
    });
    const before = structuredClone(r);
    await file.append([r]);
    const text = readFileSync(file.path, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(r).toEqual(before);
    const [line] = await lines(file);
    expect(line && 'record' in line ? line.record : line).toMatchObject({
      reason: '401 for token [REDACTED]',
      status: 'E_[REDACTED]',
      event: { message: 'Authorization: Bearer [REDACTED]', labels: { 'k_[REDACTED]': '[REDACTED]' }, payload: { nested: [{ deep: 'x[REDACTED]y' }] } },
    });
  });

  it('writes what the caller gave at the call, even if it changes the objects before the write', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    const r = { ...record(1), reason: 'before' };
    const done = file.append([r]);
    r.reason = 'after';
    await done;
    const [line] = await lines(file);
    expect(line && 'record' in line && line.record.reason).toBe('before');
  });

  it('keeps hostile canonical events exact, one per line (LF, CR, U+2028, NUL, lone surrogates, __proto__ keys)', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), (s) => s);
    const events = fc.sample(arbitraryCanonicalEvent(), { numRuns: 100, seed: 11 });
    events.push(event(0, { message: 'a\nb\rc\u2028d\u0000e\ud800f', labels: JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string> }));
    await file.append(events.map((e) => record(0, { event: e })));
    const text = readFileSync(file.path, 'utf8');
    expect(text.split('\n')).toHaveLength(events.length + 1);
    const read = await lines(file);
    expect(read.map((l) => ('record' in l ? l.record.event : l.error))).toEqual(events.map((e) => JSON.parse(JSON.stringify(e))));
    const last = read.at(-1);
    expect(last && 'record' in last && Object.keys(last.record.event.labels ?? {})).toEqual(['__proto__', 'constructor']);
  });

  it('takes any value as the event of `_invalid`: cycles, bigints, dates, functions', async () => {
    const file = new DeadLetterFile<unknown>(deadLetterPath(dir, INVALID_EVENTS_DESTINATION), redact);
    const cyclic: Record<string, unknown> = { name: SECRET, n: 10n, at: new Date(0), fn: () => 1, missing: undefined, list: [undefined, 1] };
    cyclic.self = cyclic;
    await file.append([{ event: cyclic, destination: INVALID_EVENTS_DESTINATION, reason: 'invalid: /event_id: is required', attempts: 0, dead_lettered_at: '2026-11-22T09:00:00.000Z' }]);
    await file.append([{ event: 'not even an object', destination: INVALID_EVENTS_DESTINATION, reason: 'invalid', attempts: 0, dead_lettered_at: '2026-11-22T09:00:00.000Z' }]);
    expect(file.path).toBe(path.join(dir, '_invalid', 'dead-letters.ndjson'));
    const read = await lines(file);
    expect(read.map((l) => ('record' in l ? l.record.event : l.error))).toEqual([{ name: '[REDACTED]', n: '10', at: '1970-01-01T00:00:00.000Z', list: [null, 1], self: '[Circular]' }, 'not even an object']);
    expect((await file.summary()).count).toBe(2);
  });

  it('reports a torn last line and a corrupt line, reads the rest, and appends after a torn line on a new line', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    await file.append([record(1), record(2)]);
    const whole = readFileSync(file.path, 'utf8');
    const [first, second] = whole.split('\n') as [string, string];
    // A corrupt line in the middle, a blank line, and a last record cut off by a crash.
    writeFileSync(file.path, `${first}\n{"not":"a record"}\n\n${second.slice(0, 40)}`);
    let read = await lines(file);
    expect(read.map((l) => ('record' in l ? `${l.line}:${l.record.event.event_id}` : `${l.line}:${l.error}`))).toEqual(['1:evt_1', '2:no "event"', '4:incomplete last line (a write torn by a crash)']);
    await file.append([record(3)]);
    read = await lines(file);
    expect(read.map((l) => ('record' in l ? `${l.line}:${l.record.event.event_id}` : `${l.line}:${l.error}`))).toEqual(['1:evt_1', '2:no "event"', '4:not JSON', '5:evt_3']);
  });

  it('refuses a destination that cannot name a directory', () => {
    for (const bad of ['', '.', '..', 'a/b', 'a\\b', '../x', 'a\0b']) expect(() => deadLetterPath(dir, bad), bad).toThrow(/cannot name a directory/);
  });
});

describe('DeadLetterFile.summary', () => {
  it('counts by reason, status and action, and gives the time spans as written', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    await file.append([
      record(1, { event: event(1, { timestamp: '2026-11-22T10:00:00+02:00' }), dead_lettered_at: '2026-11-22T09:00:05.000Z' }),
      record(2, { event: event(2, { timestamp: '2026-11-22T07:30:00Z' }), reason: 'window', status: undefined, dead_lettered_at: '2026-11-22T09:00:01.000Z' }),
      record(3, { event: event(3, { timestamp: '2026-11-22T09:00:00Z' }), status: 503, reason: 'retries_exhausted', dead_lettered_at: '2026-11-22T09:00:09.000Z' }),
      record(6, { event: event(6, { timestamp: '2026-11-22T08:59:59Z' }) }),
    ]);
    appendFileSync(file.path, 'garbage\n');
    expect(await file.summary()).toEqual({
      destination: 'd',
      path: file.path,
      count: 4,
      unreadable_lines: 1,
      by_reason: { permanent: 2, retries_exhausted: 1, window: 1 },
      by_status: { '400': 2, '503': 1, none: 1 },
      oldest_event_at: '2026-11-22T07:30:00Z',
      newest_event_at: '2026-11-22T09:00:00Z',
      first_dead_lettered_at: '2026-11-22T09:00:01.000Z',
      last_dead_lettered_at: '2026-11-22T09:00:09.000Z',
      top_actions: [
        { action: 'file.delete', count: 2 },
        { action: 'file.download', count: 2 },
      ],
    });
  });

  it('keeps the most frequent reasons and counts the rest as (other); top actions are limited', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    const records = Array.from({ length: 30 }, (_, i) => Array.from({ length: 30 - i }, () => record(i, { reason: `r${String(i).padStart(2, '0')}`, event: event(i, { action: `a.${i}` }) }))).flat();
    await file.append(records);
    const s = await file.summary({ topActions: 3, maxReasons: 5 });
    expect(s.by_reason).toEqual({ r00: 30, r01: 29, r02: 28, r03: 27, r04: 26, '(other)': records.length - (30 + 29 + 28 + 27 + 26) });
    expect(s.top_actions).toEqual([
      { action: 'a.0', count: 30 },
      { action: 'a.1', count: 29 },
      { action: 'a.2', count: 28 },
    ]);
  });
});

describe('DeadLetterFile.rewrite', () => {
  it('keeps what `keep` accepts and every unreadable line, and leaves no temporary file', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    await file.append([record(1), record(2), record(3), record(4)]);
    appendFileSync(file.path, 'corrupt line\n');
    await file.append([record(5)]);
    const result = await file.rewrite((r) => r.event.event_id !== 'evt_2' && r.event.event_id !== 'evt_4');
    expect(result).toEqual({ kept: 3, removed: 2 });
    const read = await lines(file);
    expect(read.map((l) => ('record' in l ? l.record.event.event_id : l.error))).toEqual(['evt_1', 'evt_3', 'not JSON', 'evt_5']);
    expect(existsSync(`${file.path}.tmp`)).toBe(false);
    expect(await file.rewrite(() => false)).toEqual({ kept: 0, removed: 3 });
    expect(readFileSync(file.path, 'utf8')).toBe('corrupt line\n');
  });

  it('does nothing without a file', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    expect(await file.rewrite(() => false)).toEqual({ kept: 0, removed: 0 });
    expect(existsSync(file.path)).toBe(false);
  });

  it('leaves the original untouched when `keep` throws, and a stale temporary file from a crash changes nothing', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    await file.append([record(1), record(2)]);
    const before = readFileSync(file.path, 'utf8');
    writeFileSync(`${file.path}.tmp`, 'left by a crash\n');
    await expect(
      file.rewrite((r) => {
        if (r.event.event_id === 'evt_2') throw new Error('boom');
        return false;
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(file.path, 'utf8')).toBe(before);
    expect(existsSync(`${file.path}.tmp`)).toBe(false);
    await file.rewrite((r) => r.event.event_id === 'evt_2');
    expect((await lines(file)).map((l) => 'record' in l && l.record.event.event_id)).toEqual(['evt_2']);
  });

  it('never drops an append made on the same instance while it runs', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    await file.append(Array.from({ length: 1_000 }, (_, i) => record(i)));
    const rewrite = file.rewrite((r) => Number(r.event.event_id.slice(4)) % 2 === 0);
    const append = file.append([record(5_001)]);
    await Promise.all([rewrite, append]);
    const ids = (await lines(file)).map((l) => ('record' in l ? l.record.event.event_id : l.error));
    expect(ids).toHaveLength(501);
    expect(ids.at(-1)).toBe('evt_5001');
  });

  it('copies over what another writer appended while it ran', async () => {
    const file = new DeadLetterFile(deadLetterPath(dir, 'd'), redact);
    await file.append([record(1), record(2)]);
    const other = `${JSON.stringify(record(99))}\n`;
    let appended = false;
    await file.rewrite((r) => {
      // Another process appends after this rewrite has read the file to its end.
      if (r.event.event_id === 'evt_2' && !appended) {
        appendFileSync(file.path, other);
        appended = true;
      }
      return r.event.event_id !== 'evt_1';
    });
    expect((await lines(file)).map((l) => 'record' in l && l.record.event.event_id)).toEqual(['evt_2', 'evt_99']);
  });

  it('survives kill -9 of the rewriting process at instants across it: the file is always the old one or the new one', async () => {
    const N = 12_000; // about 3 MB: several chunks reach the temporary file before the rename
    const source = new DeadLetterFile(deadLetterPath(dir, 'source'), redact);
    await source.append(Array.from({ length: N }, (_, i) => record(i, { reason: `permanent ${'x'.repeat(200)}` })));
    const child = path.join(dir, 'rewrite-child.mts');
    const moduleUrl = pathToFileURL(path.join(REPO_ROOT, 'src/delivery/dead-letter.ts')).href;
    // argv: data dir, and the record at which the child kills itself (-1: never). It says `read` when
    // `keep` has seen the last record, so the parent can kill it around the sync and the rename.
    writeFileSync(
      child,
      `import { DeadLetterFile, deadLetterPath } from ${JSON.stringify(moduleUrl)};
       const [dataDir, killAt] = [process.argv[2], Number(process.argv[3])];
       const file = new DeadLetterFile(deadLetterPath(dataDir, 'd'), (s) => s);
       let seen = 0;
       await file.rewrite((r) => {
         if (seen === killAt) process.kill(process.pid, 'SIGKILL');
         if (++seen === ${N}) process.stdout.write('read\\n');
         return Number(r.event.event_id.slice(4)) % 2 === 0;
       });`,
    );
    const allIds = Array.from({ length: N }, (_, i) => `evt_${i}`);
    const evenIds = allIds.filter((_, i) => i % 2 === 0);
    // Self-kills while reading and writing chunks; parent kills 0, 1 and 3 ms after the read (sync, rename); no kill.
    const plans: { killAt: number; afterReadMs?: number }[] = [{ killAt: 0 }, { killAt: 5_000 }, { killAt: N - 1 }, { killAt: -1, afterReadMs: 0 }, { killAt: -1, afterReadMs: 1 }, { killAt: -1, afterReadMs: 3 }, { killAt: -1 }];
    const outcomes: string[] = [];
    for (const [run, plan] of plans.entries()) {
      const dataDir = path.join(dir, `run${run}`);
      mkdirSync(path.join(dataDir, 'd'), { recursive: true });
      const file = new DeadLetterFile(deadLetterPath(dataDir, 'd'), redact);
      copyFileSync(source.path, file.path);
      const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, String(plan.killAt)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
      if (plan.afterReadMs !== undefined) {
        const afterReadMs = plan.afterReadMs;
        proc.stdout.once('data', () => setTimeout(() => proc.kill('SIGKILL'), afterReadMs));
      }
      const signal = await exited;
      expect(signal).toBe(plan.killAt === -1 && plan.afterReadMs === undefined ? null : 'SIGKILL');
      const ids = (await lines(file)).map((l) => ('record' in l ? l.record.event.event_id : l.error));
      if (ids.length === N) {
        expect(ids).toEqual(allIds);
        outcomes.push('old');
      } else {
        expect(ids).toEqual(evenIds);
        outcomes.push('new');
      }
    }
    // Killed while reading: the old file; never killed: the new one.
    expect([outcomes[0], outcomes[1], outcomes[2], outcomes[6]]).toEqual(['old', 'old', 'old', 'new']);
  });
});
