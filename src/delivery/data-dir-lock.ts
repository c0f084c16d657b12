/**
 * One forwarder per data directory: two processes appending to the same disk queues would
 * interleave their records. The lock is a file holding the owner's pid, created exclusively; a lock
 * left by a process that no longer runs (after `kill -9`) is taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'forwarder.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws naming the process that holds it; returns the release function. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => releaseDataDirLock(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && alive(owner)) {
        throw new Error(`data directory ${dir} is in use by process ${owner} (${file}); one forwarder per data directory`);
      }
      unlinkSync(file);
    }
  }
  throw new Error(`data directory ${dir}: could not take ${file}`);
}

/**
 * Removes the lock if this process holds it. The release of `lockDataDir`; also what a forwarder
 * does for its delivery thread when that thread died holding the lock (threaded-forwarder.ts).
 */
export function releaseDataDirLock(dir: string): void {
  const file = path.join(dir, LOCK_FILE);
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}
