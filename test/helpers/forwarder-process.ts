/**
 * Driving test/helpers/forwarder-child.ts from a test: a forwarder process that emits until it is
 * killed with SIGKILL, and one that drains what the killed ones left on disk. Used by the kill -9
 * tests (test/integration/forwarder-crash.test.ts, test/integration/destination-faults.test.ts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./forwarder-child.ts', import.meta.url));

/** Variables added to the child's environment (the secrets its configuration references). */
export type ChildEnv = Readonly<Record<string, string>>;

/**
 * Runs the child on `config` until it has printed for `runMs` after its first line, then SIGKILLs
 * it; resolves with the event ids it printed, each printed only once `emit` had resolved.
 */
export function runAndKill(config: string, run: number, runMs: number, env: ChildEnv = {}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, config, 'emit', String(run)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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

/** Runs the child on `config` until its queue is delivered; resolves with what it printed (`DRAINED`). */
export function drain(config: string, env: ChildEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, config, 'drain'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`drain failed (${code}): ${err}`))));
  });
}
