/**
 * `kill -9` of a forwarder process at random instants, 20 times, restarting it on the same data
 * directory each time (DESIGN.md §5, durability): every event whose `emit` had resolved reaches
 * the receiver, at least once, with its own `event_id`. The child prints an id only after `emit`
 * resolved; the receiver is a real HTTP server on loopback, sometimes slow, so that kills land
 * while batches are in flight too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { HttpReceiver } from '../helpers/http-receiver.js';
import { startHttpReceiver } from '../helpers/http-receiver.js';

const CHILD = fileURLToPath(new URL('../helpers/forwarder-child.ts', import.meta.url));
const KILLS = 20;

let receiver: HttpReceiver | undefined;
const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-forwarder-crash-'));
afterAll(async () => {
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the child until it has printed for `runMs` after its first line, then SIGKILLs it; returns the ids it printed. */
function runAndKill(config: string, run: number, runMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, config, 'emit', String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      timer ??= setTimeout(() => child.kill('SIGKILL'), runMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`the forwarder child ended by itself: ${err}`));
      // A line cut by the kill was never acknowledged to anyone: only whole lines count.
      resolve(out.slice(0, out.lastIndexOf('\n') + 1).split('\n').filter((l) => l !== ''));
    });
  });
}

function drain(config: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, config, 'drain'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`drain failed (${code}): ${err}`))));
  });
}

describe('forwarder under kill -9', () => {
  it(`delivers every acknowledged event through ${KILLS} SIGKILLs at random instants`, async () => {
    receiver = await startHttpReceiver({ body: 'ndjson' });
    // Now and then slow, so that some kills land while a batch is in flight.
    receiver.rule((req) => (req.index % 5 === 0 ? { status: 200, delayMs: 50 } : undefined));
    const config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        data_dir: path.join(dir, 'data'),
        destinations: [{ name: 'siem', type: 'http', format: 'canonical', url: receiver.url('/ingest'), body: 'ndjson', batch: { max_events: 100, flush_interval_ms: 5 }, retry: { initial_delay_ms: 10, max_delay_ms: 100 } }],
      }),
    );
    const acknowledged: string[] = [];
    for (let run = 0; run < KILLS; run++) acknowledged.push(...(await runAndKill(config, run, 30 + Math.floor(Math.random() * 250))));
    expect(await drain(config)).toBe('DRAINED');
    const received = receiver.eventIds();
    const got = new Set(received);
    const lost = acknowledged.filter((id) => !got.has(id));
    console.log(`forwarder crash test: ${KILLS} kills, ${acknowledged.length} events acknowledged by emit, ${received.length} received (${received.length - got.size} duplicates), ${lost.length} lost`);
    expect(acknowledged.length).toBeGreaterThan(KILLS * 20);
    expect(lost).toEqual([]);
  }, 180_000);
});
