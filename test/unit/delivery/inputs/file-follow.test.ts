import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FollowedRecord } from '../../../../src/delivery/inputs/file-follow.js';
import { emitFollowedFile, followFile } from '../../../../src/delivery/inputs/file-follow.js';
import { createFollowOffsetStore, followOffsetPath } from '../../../../src/delivery/inputs/follow-offset.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';
import { eventually, FakeSink } from './fake-sink.js';

function tempFile(name = 'audit.ndjson'): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'siemkit-follow-')), name);
}

const line = (n: number): string => `${JSON.stringify({ n })}\n`;
const lines = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => line(from + i)).join('');

/** Follows `file` in the background, collecting records, until `stop()`. */
function follow(file: string, options: { pollIntervalMs?: number; dataDir?: string; rotationGraceMs?: number } = {}) {
  const controller = new AbortController();
  const records: FollowedRecord[] = [];
  const store = options.dataDir === undefined ? undefined : createFollowOffsetStore(options.dataDir, file);
  const done = (async () => {
    for await (const r of followFile(file, { signal: controller.signal, pollIntervalMs: options.pollIntervalMs ?? 50, rotationGraceMs: options.rotationGraceMs ?? 100, offsetStore: store })) records.push(r);
  })();
  return {
    records,
    values: () => records.map((r) => (r.error === undefined ? (r.value as { n: number }).n : r.error.code)),
    until: (count: number) => eventually(() => records.length >= count, `${count} records`),
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

describe('followFile', () => {
  it('reads what is there, then lines as they are appended, a half line once it is whole', async () => {
    const file = tempFile();
    writeFileSync(file, lines(1, 3));
    const f = follow(file);
    await f.until(3);
    appendFileSync(file, lines(4, 5));
    await f.until(5);
    appendFileSync(file, '{"n":');
    appendFileSync(file, '6}\n');
    await f.until(6);
    await f.stop();
    expect(f.values()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(f.records.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6]);
    // Each checkpoint is the byte after the record's line, in this file.
    const { ino } = statSync(file, { bigint: true });
    expect(f.records.map((r) => r.checkpoint.offset)).toEqual([1, 2, 3, 4, 5, 6].map((n) => Buffer.byteLength(lines(1, n))));
    expect(f.records.every((r) => r.checkpoint.ino === String(ino))).toBe(true);
  });

  it('waits for a file that does not exist yet', async () => {
    const file = tempFile();
    const f = follow(file);
    writeFileSync(file, lines(1, 2));
    await f.until(2);
    await f.stop();
    expect(f.values()).toEqual([1, 2]);
  });

  it('on rotation reads the old file to its end (last line without LF too), then the new one', async () => {
    const file = tempFile();
    writeFileSync(file, lines(1, 2));
    const f = follow(file);
    await f.until(2);
    renameSync(file, `${file}.1`);
    // The writer still has the old file open for a moment, and ends without a line ending.
    appendFileSync(`${file}.1`, `${line(3)}{"n":4}`);
    writeFileSync(file, lines(5, 6));
    await f.until(6);
    appendFileSync(file, line(7));
    await f.until(7);
    await f.stop();
    expect(f.values()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const newIno = String(statSync(file, { bigint: true }).ino);
    expect(f.records.map((r) => r.checkpoint.ino === newIno)).toEqual([false, false, false, false, true, true, true]);
  });

  it('keeps reading a rotated file while its writer still appends to it', async () => {
    const file = tempFile();
    writeFileSync(file, lines(1, 2));
    const f = follow(file, { pollIntervalMs: 20, rotationGraceMs: 2_000 });
    await f.until(2);
    renameSync(file, `${file}.1`);
    writeFileSync(file, line(5));
    // Later than the follower's next poll, well within the grace: the writer has not reopened yet.
    await new Promise((r) => setTimeout(r, 200));
    appendFileSync(`${file}.1`, lines(3, 4));
    await f.until(5);
    await f.stop();
    expect(f.values()).toEqual([1, 2, 3, 4, 5]);
  });

  it('on truncation reads again from the start', async () => {
    const file = tempFile();
    writeFileSync(file, lines(1, 3));
    const f = follow(file);
    await f.until(3);
    truncateSync(file, 0);
    appendFileSync(file, line(4));
    await f.until(4);
    await f.stop();
    expect(f.values()).toEqual([1, 2, 3, 4]);
    expect(f.records[3]?.checkpoint.offset).toBe(Buffer.byteLength(line(4)));
  });

  it('reports a bad line and goes on', async () => {
    const file = tempFile();
    writeFileSync(file, `${line(1)}garbage\n${line(3)}`);
    const f = follow(file);
    await f.until(3);
    await f.stop();
    expect(f.values()).toEqual([1, 'json_invalid', 3]);
  });

  it('stops on abort without taking a half-written line as a record', async () => {
    const file = tempFile();
    writeFileSync(file, `${line(1)}{"n":`);
    const f = follow(file);
    await f.until(1);
    await f.stop();
    expect(f.values()).toEqual([1]);
  });

  it('is woken by the watch, and by polling where the folder cannot be watched', async () => {
    // The poll is an hour: the append is seen through the watch.
    const file = tempFile();
    writeFileSync(file, line(1));
    const watched = follow(file, { pollIntervalMs: 3_600_000 });
    await watched.until(1);
    appendFileSync(file, line(2));
    await watched.until(2);
    await watched.stop();
    expect(watched.values()).toEqual([1, 2]);
    // The folder does not exist when following starts, so it cannot be watched: polling finds the file.
    const dir = path.join(path.dirname(tempFile()), 'later');
    const polled = follow(path.join(dir, 'x.ndjson'), { pollIntervalMs: 10 });
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'x.ndjson'), lines(1, 2));
    await polled.until(2);
    await polled.stop();
    expect(polled.values()).toEqual([1, 2]);
  });
});

describe('emitFollowedFile', () => {
  async function run(file: string, dataDir: string, sink: FakeSink, until: number) {
    const controller = new AbortController();
    const done = emitFollowedFile(file, sink, { signal: controller.signal, dataDir, pollIntervalMs: 50, maxDelayMs: 5 });
    await eventually(() => sink.events.length >= until, `${until} events`);
    controller.abort();
    return done;
  }

  it('saves the position after each batch, and a restart resumes there', async () => {
    const file = tempFile();
    const dataDir = path.join(path.dirname(file), 'data');
    const events = GOLDEN_EVENTS.slice(0, 5);
    writeFileSync(file, events.slice(0, 3).map((e) => `${JSON.stringify(e)}\n`).join(''));
    const sink = new FakeSink();
    expect(await run(file, dataDir, sink, 3)).toEqual({ records: 3, accepted: 3, rejected: 0 });

    const saved = JSON.parse(readFileSync(followOffsetPath(dataDir, file), 'utf8')) as Record<string, unknown>;
    expect(saved).toEqual({ version: 1, path: file, dev: String(statSync(file, { bigint: true }).dev), ino: String(statSync(file, { bigint: true }).ino), offset: statSync(file).size });

    appendFileSync(file, events.slice(3).map((e) => `${JSON.stringify(e)}\n`).join(''));
    const second = await run(file, dataDir, sink, 5);
    expect(second.records).toBe(2);
    expect(sink.events).toEqual(JSON.parse(JSON.stringify(events)));
  });

  it('after a rotation while stopped, reads the rest of the old file and then the new one', async () => {
    const file = tempFile();
    const dataDir = path.join(path.dirname(file), 'data');
    const e = GOLDEN_EVENTS;
    writeFileSync(file, `${JSON.stringify(e[0])}\n`);
    const sink = new FakeSink();
    await run(file, dataDir, sink, 1);
    appendFileSync(file, `${JSON.stringify(e[1])}\n`);
    renameSync(file, `${file}.1`);
    writeFileSync(file, `${JSON.stringify(e[2])}\n${JSON.stringify(e[3])}\n`);
    await run(file, dataDir, sink, 4);
    expect(sink.events).toEqual(JSON.parse(JSON.stringify(e.slice(0, 4))));
  });

  it('reads from the start when the file shrank below the saved position, or the offset file is unreadable', async () => {
    const file = tempFile();
    const dataDir = path.join(path.dirname(file), 'data');
    const e = GOLDEN_EVENTS;
    writeFileSync(file, `${JSON.stringify(e[0])}\n${JSON.stringify(e[1])}\n`);
    const sink = new FakeSink();
    await run(file, dataDir, sink, 2);
    truncateSync(file, 0);
    appendFileSync(file, `${JSON.stringify(e[2])}\n`);
    await run(file, dataDir, sink, 3);
    expect(sink.events).toEqual(JSON.parse(JSON.stringify(e.slice(0, 3))));

    writeFileSync(followOffsetPath(dataDir, file), '{"torn');
    await run(file, dataDir, sink, 4);
    expect(sink.events[3]).toEqual(JSON.parse(JSON.stringify(e[2])));
  });

  it('keeps no offset without a data directory', async () => {
    const file = tempFile();
    writeFileSync(file, `${JSON.stringify(GOLDEN_EVENTS[0])}\n`);
    const sink = new FakeSink();
    const controller = new AbortController();
    const done = emitFollowedFile(file, sink, { signal: controller.signal, pollIntervalMs: 50, maxDelayMs: 5 });
    await eventually(() => sink.events.length === 1);
    controller.abort();
    await done;
    expect(existsSync(path.join(path.dirname(file), 'inputs'))).toBe(false);
  });
});
