/** Helpers the queue tests share: scratch directories, records, and reading a queue to its end. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Queue, QueueEntry } from '../../../../src/delivery/queue/queue.js';

/** A fresh directory per call, removed after the test. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-queue-'));
    made.push(dir);
    return dir;
  };
}

/** `count` records `rec-<from>`, `rec-<from+1>`, ... with `pad` extra bytes each. */
export function records(from: number, count: number, pad = 0): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(`rec-${from + i}${'.'.repeat(pad)}`));
}

export function texts(entries: readonly QueueEntry[]): string[] {
  return entries.map((e) => e.data.toString().replace(/\.+$/, ''));
}

/** Reads every unread record, in batches of `batch`, without acknowledging. */
export async function readAll(queue: Queue, batch = 7): Promise<QueueEntry[]> {
  const out: QueueEntry[] = [];
  for (;;) {
    const got = await queue.read(batch, Number.MAX_SAFE_INTEGER);
    if (got.length === 0) return out;
    out.push(...got);
  }
}

/** The segment files of a queue directory, oldest first. */
export function segmentFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.seg'))
    .sort();
}
