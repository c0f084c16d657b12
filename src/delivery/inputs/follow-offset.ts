/**
 * Where `siemkit forward --input FILE --follow` has read a file up to, kept in the data directory
 * so that a restart resumes after the last record it queued instead of reading the file again:
 *
 *   <data_dir>/inputs/follow/<first 16 hex digits of SHA-256 of the file's absolute path>.json
 *   {"version":1,"path":"/var/log/app/audit.ndjson","dev":"2049","ino":"1835017","offset":123456}
 *
 * `dev` and `ino` identify the file the offset belongs to (decimal strings: inode numbers may
 * exceed 2^53), so a rotated file is told from its successor. `offset` is the byte just past the
 * last record whose batch `emit` had acknowledged: everything before it is queued durably or was
 * refused, so a crash re-reads at most one batch (at-least-once, DESIGN.md §5).
 *
 * The file is replaced atomically (write a temporary file, fsync it, rename it over, fsync the
 * folder), so a crash leaves the old offset or the new one, never a torn one. A file that cannot
 * be read as an offset is ignored: the input is read from the start again, which duplicates
 * events (same `event_id`) but loses none.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

/** A position in one file: its identity (device and inode) and a byte offset. */
export interface FollowCheckpoint {
  readonly dev: string;
  readonly ino: string;
  readonly offset: number;
}

export interface FollowOffsetStore {
  /** The saved position, or undefined when there is none (or it is unreadable). */
  load(): Promise<FollowCheckpoint | undefined>;
  /** Saves a position durably. */
  save(checkpoint: FollowCheckpoint): Promise<void>;
}

const VERSION = 1;

/** The offset file for `filePath` under `dataDir`. */
export function followOffsetPath(dataDir: string, filePath: string): string {
  const absolute = path.resolve(filePath);
  const name = createHash('sha256').update(absolute, 'utf8').digest('hex').slice(0, 16);
  return path.join(path.resolve(dataDir), 'inputs', 'follow', `${name}.json`);
}

/** The store of `filePath`'s position, in `dataDir` (see the layout above). */
export function createFollowOffsetStore(dataDir: string, filePath: string): FollowOffsetStore {
  const absolute = path.resolve(filePath);
  const file = followOffsetPath(dataDir, filePath);
  const dir = path.dirname(file);
  const temporary = `${file}.tmp`;
  let madeDir = false;
  return {
    async load() {
      let saved: unknown;
      try {
        saved = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        return undefined;
      }
      const s = saved as Partial<Record<'version' | 'path' | 'dev' | 'ino' | 'offset', unknown>>;
      const valid =
        typeof saved === 'object' &&
        saved !== null &&
        s.version === VERSION &&
        s.path === absolute &&
        typeof s.dev === 'string' &&
        typeof s.ino === 'string' &&
        Number.isSafeInteger(s.offset) &&
        (s.offset as number) >= 0;
      return valid ? { dev: s.dev as string, ino: s.ino as string, offset: s.offset as number } : undefined;
    },
    async save(checkpoint) {
      if (!madeDir) {
        await mkdir(dir, { recursive: true });
        madeDir = true;
      }
      const text = `${JSON.stringify({ version: VERSION, path: absolute, dev: checkpoint.dev, ino: checkpoint.ino, offset: checkpoint.offset })}\n`;
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
      // The rename is durable once the folder is.
      const folder = await open(dir, 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    },
  };
}
