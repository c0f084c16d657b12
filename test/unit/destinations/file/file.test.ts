/**
 * The `file` destination on real files in a temp directory: lines in the destination's format,
 * batches in call order, rotation by size and time, date-partitioned paths, gzip members that stay
 * a valid gzip file, and the repair of a tail torn by a crash in the middle of a write.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import type { Batch } from '../../../../src/destinations/destination.js';
import { PermanentError } from '../../../../src/destinations/errors.js';
import type { FileSettings } from '../../../../src/destinations/file/config.js';
import type { FileDestination } from '../../../../src/destinations/file/destination.js';
import { createFileDestination } from '../../../../src/destinations/file/destination.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import { REPO_ROOT } from '../../../helpers/paths.js';
import { batchOf, contextFor, encoderFor, events, never } from '../fixtures.js';

let dir: string;
const open: FileDestination[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'siemkit-file-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((d) => d.close()));
  rmSync(dir, { recursive: true, force: true });
});

function destination(settings: Partial<FileSettings> = {}, format = 'ocsf'): FileDestination {
  const d = createFileDestination({ path: path.join(dir, 'events.ndjson'), ...settings }, contextFor('archive', { format }));
  open.push(d);
  return d;
}

const lines = (batch: Batch): string => batch.records.map((r) => `${r}\n`).join('');
/** Every file under `dir`, sorted by name, read (gunzipped when .gz). */
function files(under = dir): string[] {
  return readdirSync(under, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(under, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}
/** A file's text, gunzipped when it is gzip (by its magic, RFC 1952 §2.3.1). */
function read(file: string): string {
  const bytes = readFileSync(file);
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}
const gzipTest = (file: string): void => {
  execFileSync('gzip', ['-t', file]);
};

describe('file destination', () => {
  it('appends each batch as lines, one record per line, in the destination format', async () => {
    const d = destination();
    const a = batchOf(events(3, 'a'));
    const b = batchOf(events(2, 'b'));
    await d.send(a, never());
    await d.send(b, never());
    const file = path.join(dir, 'events.ndjson');
    expect(d.activePath()).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(lines(a) + lines(b));
    expect(readFileSync(file, 'utf8').split('\n').slice(0, -1).map((l) => (JSON.parse(l) as { metadata: { uid: string } }).metadata.uid)).toEqual(['evt_a_0', 'evt_a_1', 'evt_a_2', 'evt_b_0', 'evt_b_1']);
    expect(d.limits).toMatchObject({ envelopeBytes: 0, separatorBytes: 1, measuredOn: 'encoded' });
  });

  it('writes concurrent batches whole and in call order', async () => {
    const d = destination({ gzip: true });
    const batches = Array.from({ length: 20 }, (_, i) => batchOf(events(1 + (i % 7), `c${i}`)));
    await Promise.all(batches.map((b) => d.send(b, never())));
    expect(read(path.join(dir, 'events.ndjson'))).toBe(batches.map(lines).join(''));
  });

  it('continues an existing file after a restart', async () => {
    const a = batchOf(events(2, 'a'));
    const first = destination();
    await first.send(a, never());
    await first.close();
    const b = batchOf(events(2, 'b'));
    await destination().send(b, never());
    expect(files()).toHaveLength(1);
    expect(read(path.join(dir, 'events.ndjson'))).toBe(lines(a) + lines(b));
  });

  it('writes line formats as they are, and refuses a record holding a line break', async () => {
    const d = createFileDestination({ path: path.join(dir, 'x.log') }, { ...contextFor('archive'), format: 'canonical', encode: (e: CanonicalEvent) => (e.event_id.endsWith('1') ? 'a\nb' : `line ${e.event_id}`) });
    open.push(d);
    const list = events(2);
    expect(d.encode(list[0] as CanonicalEvent)).toBe('line evt_t_0');
    expect(() => d.encode(list[1] as CanonicalEvent)).toThrow(PermanentError);
    expect(() => d.encode(list[1] as CanonicalEvent)).toThrow('archive: the canonical record of event evt_t_1 holds a line break');
  });

  it('takes every record format of the table', async () => {
    const { FILE_DESTINATION_TYPE } = await import('../../../../src/destinations/file/destination.js');
    const { RECORD_FORMATS } = await import('../../../../src/formats/record-format.js');
    expect(FILE_DESTINATION_TYPE.formats).toEqual(RECORD_FORMATS.map((f) => f.name));
    const d = destination({}, 'ecs');
    await d.send(batchOf(events(1), encoderFor('ecs')), never());
    expect((JSON.parse(read(path.join(dir, 'events.ndjson'))) as { event: { id: string } }).event.id).toBe('evt_t_0');
  });
});

describe('file destination rotation', () => {
  it('rotates before a batch would pass rotate_bytes, never splitting a batch', async () => {
    const d = destination({ rotate_bytes: 6_000 });
    const batches = Array.from({ length: 12 }, (_, i) => batchOf(events(1 + (i % 3), `r${i}`)));
    for (const b of batches) await d.send(b, never());
    const all = files();
    expect(all.length).toBeGreaterThan(2);
    for (const f of all) {
      expect(path.basename(f)).toMatch(/^events(\.\d{8}T\d{6}Z(\.\d+)?)?\.ndjson$/);
      // A batch that alone passes the limit fills a file by itself; none here does.
      expect(statSync(f).size).toBeLessThanOrEqual(6_000);
    }
    // Rotated files sort by time (and sequence); the active file holds the latest batches.
    const rotated = all.filter((f) => path.basename(f) !== 'events.ndjson').sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
    const text = [...rotated, path.join(dir, 'events.ndjson')].map(read).join('');
    expect(text).toBe(batches.map(lines).join(''));
  });

  it('writes a batch larger than rotate_bytes whole, into a file of its own', async () => {
    const d = destination({ rotate_bytes: 100 });
    const a = batchOf(events(2, 'a'));
    const b = batchOf(events(2, 'b'));
    await d.send(a, never());
    await d.send(b, never());
    const contents = files().map(read).sort();
    expect(contents).toEqual([lines(a), lines(b)].sort());
  });

  it('rotates a file once rotate_interval_ms has passed, at the next batch', async () => {
    const d = destination({ rotate_interval_ms: 3_600_000 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2025, 0, 1, 10, 0, 0));
    await d.send(batchOf(events(1, 'a')), never());
    vi.setSystemTime(Date.UTC(2025, 0, 1, 10, 59, 59));
    await d.send(batchOf(events(1, 'b')), never());
    expect(files()).toHaveLength(1);
    vi.setSystemTime(Date.UTC(2025, 0, 1, 11, 0, 0));
    await d.send(batchOf(events(1, 'c')), never());
    expect(files().map((f) => path.basename(f))).toEqual(['events.20250101T110000Z.ndjson', 'events.ndjson']);
    expect(read(path.join(dir, 'events.20250101T110000Z.ndjson'))).toContain('evt_a_0');
    expect(read(path.join(dir, 'events.ndjson'))).toContain('evt_c_0');
  });

  it('rotates an idle file when its interval is up', async () => {
    const d = destination({ rotate_interval_ms: 100 });
    await d.send(batchOf(events(1)), never());
    await vi.waitFor(() => expect(files().map((f) => path.basename(f))).toEqual([expect.stringMatching(/^events\.\d{8}T\d{6}Z\.ndjson$/)]), { timeout: 5_000, interval: 20 });
    expect(d.activePath()).toBeUndefined();
  });

  it('adds a sequence number when the rotated name is taken', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2025, 0, 1, 10, 0, 0));
    const d = destination({ rotate_bytes: 10 });
    for (const tag of ['a', 'b', 'c']) await d.send(batchOf(events(1, tag)), never());
    expect(files().map((f) => path.basename(f))).toEqual(['events.20250101T100000Z.1.ndjson', 'events.20250101T100000Z.ndjson', 'events.ndjson']);
  });

  it('partitions by {date} and {hour} in UTC', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const d = createFileDestination({ path: path.join(dir, '{date}', 'events-{hour}.ndjson') }, contextFor('archive'));
    open.push(d);
    vi.setSystemTime(Date.UTC(2024, 11, 31, 23, 59, 59));
    await d.send(batchOf(events(1, 'a')), never());
    vi.setSystemTime(Date.UTC(2025, 0, 1, 0, 0, 1));
    await d.send(batchOf(events(1, 'b')), never());
    expect(files().map((f) => path.relative(dir, f))).toEqual([path.join('2024-12-31', 'events-23.ndjson'), path.join('2025-01-01', 'events-00.ndjson')]);
    expect(read(path.join(dir, '2025-01-01', 'events-00.ndjson'))).toContain('evt_b_0');
  });

  it('refuses a placeholder it does not know', () => {
    expect(() => createFileDestination({ path: path.join(dir, '{day}.log') }, contextFor('archive'))).toThrow(new DestinationConfigError('archive', 'path', 'unknown placeholder {day}: the path may hold {date} and {hour}'));
  });
});

/** Sort key of a rotated name: its time, then its sequence. */
function rank(file: string): string {
  const m = /\.(\d{8}T\d{6}Z)(?:\.(\d+))?\./.exec(path.basename(file));
  return m === null ? '~' : `${m[1]}.${(m[2] ?? '0').padStart(6, '0')}`;
}

describe('file destination gzip', () => {
  it('appends one gzip member per batch: a valid gzip file holding every line', async () => {
    const d = destination({ path: path.join(dir, 'events.ndjson.gz'), gzip: true });
    const batches = [batchOf(events(3, 'a')), batchOf(events(5, 'b')), batchOf(events(1, 'c'))];
    for (const b of batches) await d.send(b, never());
    const file = path.join(dir, 'events.ndjson.gz');
    gzipTest(file);
    expect(read(file)).toBe(batches.map(lines).join(''));
    expect(execFileSync('gzip', ['-dc', file]).toString()).toBe(batches.map(lines).join(''));
  });

  it('rotates gzip files with their extensions kept at the end', async () => {
    const d = destination({ path: path.join(dir, 'events.ndjson.gz'), gzip: true, rotate_bytes: 50 });
    await d.send(batchOf(events(2, 'a')), never());
    await d.send(batchOf(events(2, 'b')), never());
    const all = files();
    expect(all.map((f) => path.basename(f))).toEqual([expect.stringMatching(/^events\.\d{8}T\d{6}Z\.ndjson\.gz$/), 'events.ndjson.gz']);
    for (const f of all) gzipTest(f);
  });

  it('moves aside a file holding the other kind of content instead of mixing them', async () => {
    const file = path.join(dir, 'events.ndjson');
    writeFileSync(file, 'plain line\n');
    const d = destination({ gzip: true });
    const a = batchOf(events(1));
    await d.send(a, never());
    const all = files();
    expect(all).toHaveLength(2);
    const aside = all.find((f) => f !== file) as string;
    expect(readFileSync(aside, 'utf8')).toBe('plain line\n');
    gzipTest(file);
    expect(read(file)).toBe(lines(a));
  });
});

describe('file destination after a crash in the middle of a write', () => {
  const a = batchOf(events(2, 'a'));
  const b = batchOf(events(2, 'b'));
  const c = batchOf(events(1, 'c'));

  /**
   * Writes batches a and b, cuts the file at `cut` (as if the write of b was torn there), opens the
   * file with a new destination as a restarted process would, and writes c. Returns the file's text.
   */
  async function crashAt(gzip: boolean, cut: (sizeAfterA: number, sizeAfterB: number) => number): Promise<{ text: string; file: string }> {
    const file = path.join(dir, gzip ? 'events.ndjson.gz' : 'events.ndjson');
    const first = destination({ path: file, gzip });
    await first.send(a, never());
    const sizeA = statSync(file).size;
    await first.send(b, never());
    const sizeB = statSync(file).size;
    await first.close();
    truncateSync(file, cut(sizeA, sizeB));
    await destination({ path: file, gzip }).send(c, never());
    return { text: read(file), file };
  }

  async function fresh(): Promise<void> {
    await Promise.all(open.splice(0).map((d) => d.close()));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
  }

  it('gzip: cuts a torn last member at every offset, and the file stays valid gzip', async () => {
    const member = gzipSync(lines(b)).length;
    // Every torn length of the second member, from 1 byte of its header to all but its last byte.
    for (let torn = 1; torn < member; torn++) {
      await fresh();
      const r = await crashAt(true, (sizeA) => sizeA + torn);
      expect(r.text, `torn at ${torn}`).toBe(lines(a) + lines(c));
      if (torn % 50 === 1 || torn === member - 1) gzipTest(r.file);
    }
  });

  it('gzip: leaves a whole file whole', async () => {
    const r = await crashAt(true, (_a, sizeB) => sizeB);
    expect(r.text).toBe(lines(a) + lines(b) + lines(c));
    gzipTest(r.file);
  });

  it('lines: cuts a torn last line, keeping the whole lines before it', async () => {
    const bytes = Buffer.byteLength(lines(b));
    const firstLine = Buffer.byteLength(`${b.records[0]}\n`);
    for (const torn of [1, 2, firstLine - 1, firstLine, firstLine + 1, bytes - 1]) {
      await fresh();
      const r = await crashAt(false, (sizeA) => sizeA + torn);
      // The whole lines of a torn batch stay (the batch is sent again: at-least-once).
      const keptOfB = torn >= firstLine ? `${b.records[0]}\n` : '';
      expect(r.text, `torn at ${torn}`).toBe(lines(a) + keptOfB + lines(c));
    }
  });

  it('survives kill -9 of a process running the destination, in both modes', async () => {
    for (const gzip of [true, false]) {
      const file = path.join(dir, gzip ? 'killed.ndjson.gz' : 'killed.ndjson');
      const script = path.join(dir, 'writer.mts');
      const src = (p: string): string => JSON.stringify(path.join(REPO_ROOT, p));
      // The real destination, appending batches of 500 events as fast as it can until killed.
      writeFileSync(
        script,
        [
          `import { createFileDestination } from ${src('src/destinations/file/destination.ts')};`,
          `import { batchOf, contextFor, events } from ${src('test/unit/destinations/fixtures.ts')};`,
          `const d = createFileDestination({ path: ${JSON.stringify(file)}, gzip: ${gzip} }, contextFor('killed'));`,
          `const batch = batchOf(events(500, 'k'));`,
          `for (;;) await d.send(batch, new AbortController().signal);`,
        ].join('\n'),
      );
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // Killed at some instant after it has written a few batches.
      const after = 300_000 + Math.floor(Math.random() * 1_000_000);
      await vi.waitFor(
        () => {
          expect(child.exitCode, stderr).toBeNull();
          expect(existsSync(file) && statSync(file).size > after).toBe(true);
        },
        { timeout: 30_000, interval: 2 },
      );
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      await destination({ path: file, gzip }).send(c, never());
      if (gzip) gzipTest(file);
      const text = read(file);
      expect(text.endsWith(lines(c))).toBe(true);
      for (const line of text.split('\n').slice(0, -1)) expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });
});

describe('file destination failures', () => {
  it('reports a write it cannot do as retryable, naming the destination and file', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const d = createFileDestination({ path: path.join(blocker, 'events.ndjson') }, contextFor('archive'));
    open.push(d);
    const err = await d.send(batchOf(events(1)), never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    // mkdir says EEXIST, open ENOTDIR: either way the message names the file and the code.
    expect((err as TransportError).message).toMatch(new RegExp(`^archive: cannot write ${path.join(blocker, 'events.ndjson')}: E(NOTDIR|EXIST)$`));
    // The next batch goes through once the cause is gone.
    rmSync(blocker);
    mkdirSync(blocker);
    await d.send(batchOf(events(1)), never());
    expect(files()).toHaveLength(1);
  });

  it('honours an abort before its turn, and refuses batches once closed', async () => {
    const d = destination();
    const ac = new AbortController();
    const reason = new Error('stop');
    ac.abort(reason);
    await expect(d.send(batchOf(events(1)), ac.signal)).rejects.toBe(reason);
    await d.close();
    await expect(d.send(batchOf(events(1)), never())).rejects.toThrow('archive: the destination is closed');
    expect(files()).toEqual([]);
  });

  it('writes nothing for an empty batch', async () => {
    const d = destination();
    await d.send({ records: [], events: [] }, never());
    expect(files()).toEqual([]);
  });
});
