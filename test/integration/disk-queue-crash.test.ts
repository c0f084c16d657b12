/**
 * `kill -9` at random instants (DESIGN.md §5 "Durability"): a child process appends events to a
 * disk queue and prints each id once its append resolved; the parent kills it with SIGKILL, again
 * and again on the same directory, consuming and acknowledging a random part between runs. In the
 * end every id the child printed was read back at least once, nothing acknowledged was read
 * again, and no record came back damaged.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDiskQueue } from '../../src/delivery/queue/disk-queue.js';
import type { QueueEntry } from '../../src/delivery/queue/queue.js';
import { REPO_ROOT } from '../helpers/paths.js';

const APPENDER = path.join(REPO_ROOT, 'test', 'helpers', 'disk-queue-appender.ts');
const RUNS = 20;
const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the appender until a random instant, kills it with SIGKILL, and returns the ids it printed. */
async function appendUntilKilled(run: number): Promise<string[]> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', APPENDER, dir, String(run)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let firstOutput: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (firstOutput = resolve));
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    firstOutput();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  // Every fourth run dies at any instant of its life, start-up and recovery included; the others
  // while appending.
  if (run % 4 === 0) await Promise.race([sleep(Math.random() * 1_200), exited]);
  else await Promise.race([started.then(() => sleep(Math.random() * 100)), exited]);
  child.kill('SIGKILL');
  const signal = await exited;
  expect(signal, `the appender died on its own: ${err}`).toBe('SIGKILL');
  // A line cut by the kill was never printed whole: only complete lines count.
  return out.slice(0, out.lastIndexOf('\n') + 1).split('\n').filter(Boolean);
}

/** The id of a record, or a failure if the record is not exactly what the child wrote. */
function idOf(entry: QueueEntry): string {
  const event = JSON.parse(entry.data.toString()) as { event_id: string; pad: string };
  expect(event.event_id).toMatch(/^\d+-\d+$/);
  expect(event.pad).toBe('x'.repeat(560));
  return event.event_id;
}

describe('disk queue under kill -9', () => {
  it(`keeps every appended event through ${RUNS} SIGKILLs at random instants`, async () => {
    const printed = new Set<string>();
    const acked = new Set<string>();
    let runsThatAppended = 0;
    let tornTails = 0;
    for (let run = 0; run < RUNS; run++) {
      const ids = await appendUntilKilled(run);
      if (ids.length > 0) runsThatAppended++;
      for (const id of ids) printed.add(id);

      // Between runs: open, check, consume and acknowledge a random part, leave some read but unacknowledged.
      const q = await openDiskQueue({ dir });
      expect(q.recovery.skippedCorruptRecords, q.recovery.problems.join('\n')).toBe(0);
      expect(q.recovery.skippedBytes).toBe(0);
      if (q.recovery.truncatedTailBytes > 0) tornTails++;
      const want = Math.floor(Math.random() * q.stats().depth);
      const read: QueueEntry[] = [];
      while (read.length < want) {
        const got = await q.read(Math.min(50, want - read.length), 1_000_000);
        if (got.length === 0) break;
        read.push(...got);
      }
      const ackCount = Math.floor(Math.random() * (read.length + 1));
      for (const entry of read) expect(acked.has(idOf(entry)), 'an acknowledged record was read again').toBe(false);
      if (ackCount > 0) {
        await q.ack((read[ackCount - 1] as QueueEntry).seq);
        for (const entry of read.slice(0, ackCount)) acked.add(idOf(entry));
      }
      await q.close();
    }

    const q = await openDiskQueue({ dir });
    const remaining = new Set<string>();
    for (let got = await q.read(500, 10_000_000); got.length > 0; got = await q.read(500, 10_000_000)) {
      for (const entry of got) {
        const id = idOf(entry);
        expect(acked.has(id), 'an acknowledged record was read again').toBe(false);
        remaining.add(id);
      }
    }
    expect(q.stats().depth).toBe(remaining.size);
    await q.close();

    const lost = [...printed].filter((id) => !acked.has(id) && !remaining.has(id));
    expect(lost).toEqual([]);
    expect(runsThatAppended).toBeGreaterThanOrEqual(RUNS / 2);
    expect(printed.size).toBeGreaterThan(1_000);
    console.log(`disk queue crash test: ${RUNS} kills, ${printed.size} ids printed, ${acked.size} acknowledged between runs, ${remaining.size} left, ${tornTails} torn tails truncated`);
  }, 120_000);
});
