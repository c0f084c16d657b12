/**
 * `siemkit forward` processes on a JetStream input, for the scale-out tests
 * (test/integration/jetstream-forward.test.ts): each runs the real command line (src/cli/main.ts
 * under tsx) as a child process, and is ready once it logged that it consumes the stream.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface ForwarderProcess {
  readonly child: ChildProcess;
  stderr(): string;
  /** SIGKILL: the process dies holding what it holds. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

export async function startForwardProcess(config: string, timeoutMs = 30_000): Promise<ForwarderProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'forward', '--config', config, '--drain-timeout-ms', '2000'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`forward did not start within ${timeoutMs} ms: ${err}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString('utf8');
      if (/consuming stream/.test(err)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`forward exited with ${code} before it was ready: ${err}`));
    });
  });
  return {
    child,
    stderr: () => err,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
