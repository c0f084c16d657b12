/**
 * One destination behind the real runtime, for the vendor destinations' end-to-end tests: the
 * configuration goes through `parseConfig` (secrets as `${env:…}` references), a disk queue in a
 * temp directory, fast retries; `run` emits the events, waits until every one was delivered or
 * dead-lettered, and returns the dead letters and everything the runtime showed (logs, health,
 * metrics, dead-letter file) for secret checks.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { parseConfig } from '../../../src/delivery/config/load.js';
import type { DeadLetterRecord } from '../../../src/delivery/dead-letter.js';
import { DeadLetterFile, deadLetterPath } from '../../../src/delivery/dead-letter.js';
import { createForwarder } from '../../../src/delivery/forwarder.js';

export const DESTINATION_NAME = 'siem';

export interface ForwardRun {
  readonly drained: boolean;
  readonly deadLetters: DeadLetterRecord[];
  /** Logs, health, metrics and the dead-letter file, joined: what must never hold a secret. */
  readonly shown: string;
}

/**
 * Forwards `events` to one destination of these type-specific keys (and common ones, which win
 * over the defaults here: batches of 10, retries every 5-50 ms, a 5 s request deadline).
 */
export async function forwardThrough(destination: Record<string, unknown>, events: readonly CanonicalEvent[], env: Record<string, string> = {}): Promise<ForwardRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'siemkit-vendor-e2e-'));
  const log: string[] = [];
  try {
    const config = parseConfig(
      {
        data_dir: dataDir,
        destinations: [{ name: DESTINATION_NAME, batch: { max_events: 10, flush_interval_ms: 5 }, retry: { initial_delay_ms: 5, max_delay_ms: 50, max_elapsed_ms: 60_000 }, timeout_ms: 5_000, ...destination }],
      },
      'test',
      { env, baseDir: dataDir },
    );
    const forwarder = await createForwarder(config, { log: (l) => log.push(l) });
    let drained = false;
    let health = '';
    let metrics = '';
    try {
      await forwarder.emit([...events]);
      drained = (await forwarder.flush({ timeoutMs: 15_000 })).drained;
      health = JSON.stringify(forwarder.health());
      metrics = await forwarder.metrics();
    } finally {
      await forwarder.close({ deadlineMs: 0 });
    }
    const file = deadLetterPath(dataDir, DESTINATION_NAME);
    const deadLetters: DeadLetterRecord[] = [];
    for await (const line of new DeadLetterFile(file, (s) => s).read()) if ('record' in line) deadLetters.push(line.record);
    const letters = existsSync(file) ? readFileSync(file, 'utf8') : '';
    return { drained, deadLetters, shown: [log.join('\n'), health, metrics, letters].join('\n') };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
