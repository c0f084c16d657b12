/**
 * What a test file opens and must close after each test, in reverse order: temp directories,
 * loopback receivers, forwarders. `testScope` registers the `afterEach` that closes them; a test
 * adds its own clean-ups to `cleanup`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { HttpReceiver, HttpReceiverOptions } from './http-receiver.js';
import { startHttpReceiver } from './http-receiver.js';

export interface TestScope {
  /** Run after the test, newest first. */
  readonly cleanup: (() => Promise<void> | void)[];
  /** A fresh directory under the OS temp dir, removed after the test. */
  tempDir(): string;
  /** A loopback HTTP receiver (NDJSON bodies unless told otherwise), closed after the test. */
  receiver(options?: HttpReceiverOptions): Promise<HttpReceiver>;
}

export function testScope(prefix: string): TestScope {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  return {
    cleanup,
    tempDir() {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    async receiver(options = { body: 'ndjson' }) {
      const r = await startHttpReceiver(options);
      cleanup.push(() => r.close());
      return r;
    },
  };
}
