/**
 * Regression found by test/unit/cli/dlq.test.ts: `siemkit dlq replay` lost a record that failed
 * again. Replay rewrites the dead-letter file through its own `DeadLetterFile` while its forwarder
 * dead-letters the failures again through another instance on the same path; calls were only
 * serialised per instance, so an append that landed after the rewrite's last catch-up went to the
 * file the rename then replaced. Calls on one path are now serialised across instances.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadLetterRecord } from '../../src/delivery/dead-letter.js';
import { DeadLetterFile, deadLetterPath } from '../../src/delivery/dead-letter.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (id: string): DeadLetterRecord<unknown> => ({ event: { event_id: id }, destination: 'siem', reason: 'HTTP 400', status: 400, attempts: 1, dead_lettered_at: '2024-05-15T07:00:00.000Z' });

async function ids(file: DeadLetterFile<unknown>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of file.read()) if ('record' in line) out.push((line.record.event as { event_id: string }).event_id);
  return out;
}

describe('dead-letter file shared by two instances (dlq replay and its forwarder)', () => {
  it('runs an append from another instance after a rewrite in progress, so the rewrite cannot drop it', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'siemkit-dl-race-'));
    const file = deadLetterPath(dir, 'siem');
    const replay = new DeadLetterFile<unknown>(file, (s) => s);
    const forwarder = new DeadLetterFile<unknown>(file, (s) => s);
    await replay.append(Array.from({ length: 2_000 }, (_, i) => record(`old-${i}`)));

    for (let round = 0; round < 5; round++) {
      const settled: string[] = [];
      const seen: string[] = [];
      const rewrite = replay
        .rewrite((r) => {
          seen.push((r.event as { event_id: string }).event_id);
          return true;
        })
        .then(() => settled.push('rewrite'));
      const append = forwarder.append([record(`again-${round}`)]).then(() => settled.push('append'));
      await Promise.all([rewrite, append]);
      // The append waited for the rewrite: the rewrite saw none of it, and it is in the file after.
      expect(settled).toEqual(['rewrite', 'append']);
      expect(seen).not.toContain(`again-${round}`);
    }
    expect((await ids(replay)).filter((id) => id.startsWith('again-'))).toEqual(['again-0', 'again-1', 'again-2', 'again-3', 'again-4']);
  });
});
