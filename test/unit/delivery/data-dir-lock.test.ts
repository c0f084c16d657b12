/**
 * One forwarder per data directory (src/delivery/data-dir-lock.ts): the lock file holds the owner's
 * pid; a second forwarder, in this process or another, is refused with an error naming the owner;
 * a lock left by a process that no longer runs (`kill -9`) is taken over; releasing removes only
 * our own lock. Real directories and real child processes.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/delivery/config/load.js';
import { LOCK_FILE, lockDataDir } from '../../../src/delivery/data-dir-lock.js';
import { createForwarder } from '../../../src/delivery/forwarder.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-lock-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A node process that idles until killed. */
async function idleChild(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child as ChildProcess & { pid: number };
}

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('lockDataDir', () => {
  it('creates the directory and a lock file holding our pid; release removes it and the lock can be taken again', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const release = lockDataDir(dir);
    const file = path.join(dir, LOCK_FILE);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    release();
    expect(existsSync(file)).toBe(false);
    lockDataDir(dir)();
    release(); // twice: nothing to release, no error
  });

  it('refuses a second lock while the first is held, naming the owner and the file', () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    cleanup.push(release);
    expect(() => lockDataDir(dir)).toThrow(`data directory ${dir} is in use by process ${process.pid} (${path.join(dir, LOCK_FILE)}); one forwarder per data directory`);
  });

  it('refuses a lock held by another running process, and takes it over once that process is dead', async () => {
    const dir = tempDir();
    const child = await idleChild();
    writeFileSync(path.join(dir, LOCK_FILE), `${child.pid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${child.pid}`);
    await killed(child);
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    release();
  });

  it('takes over a lock file that holds no pid (torn by a crash while written)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, LOCK_FILE), '');
    lockDataDir(dir)();
    writeFileSync(path.join(dir, LOCK_FILE), 'garbage');
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    release();
  });

  it('leaves alone, on release, a lock another process has taken since', () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    writeFileSync(path.join(dir, LOCK_FILE), '999999999\n');
    release();
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe('999999999\n');
  });
});

describe('createForwarder and the data directory', () => {
  it('refuses a second forwarder on the same data directory with a clear error, and accepts one after close', async () => {
    const dir = tempDir();
    const config = parseConfig({ data_dir: dir, destinations: [{ name: 'dry', type: 'null', queue: { type: 'memory' } }] }, 'test', { baseDir: dir });
    const first = await createForwarder(config, { log: () => undefined });
    await expect(createForwarder(config, { log: () => undefined })).rejects.toThrow(/in use by process \d+ .*one forwarder per data directory/);
    await first.close();
    const second = await createForwarder(config, { log: () => undefined });
    await second.close();
  });

  it('refuses a forwarder while another process holds the data directory', async () => {
    const dir = tempDir();
    const child = await idleChild();
    writeFileSync(path.join(dir, LOCK_FILE), `${child.pid}\n`);
    const config = parseConfig({ data_dir: dir, destinations: [{ name: 'dry', type: 'null' }] }, 'test', { baseDir: dir });
    await expect(createForwarder(config, { log: () => undefined })).rejects.toThrow(`in use by process ${child.pid}`);
  });
});
