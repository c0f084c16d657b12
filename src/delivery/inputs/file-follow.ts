/**
 * `siemkit forward --input FILE --follow`: reads an NDJSON file as it grows, like `tail -F`, until
 * an AbortSignal says stop.
 *
 * - Starts at the beginning of the file, or where the offset store says the last run stopped
 *   (follow-offset.ts). If the file is not there yet, waits for it.
 * - Reads appended bytes as they arrive: woken by `fs.watch` on the file's folder (which sees
 *   writes, creations and renames of the file on Linux, macOS and Windows), and by a poll every
 *   `pollIntervalMs` in case the watch misses them (network file systems) or fails.
 * - Rotation: when the path names another file (new device or inode: logrotate's rename-and-create),
 *   the old file is read to its end first (until nothing more was written to it for
 *   `rotationGraceMs`, as the writer may not have reopened the path yet), its last line even
 *   without a line ending, then the new one from its start. Truncation (the file got shorter than what was read: logrotate's
 *   copytruncate, or `> file`): read again from the start.
 * - Restart after a rotation: when the saved position belongs to a file that the path no longer
 *   names, the folder is searched for it (`audit.ndjson.1`) and its rest is read before the new file.
 * - Stop: on abort it returns at once; a line still being written is not read, and as the offset
 *   only ever covers whole lines, the next run reads it.
 *
 * Lines only (not a JSON array: a file that grows is read as NDJSON). Records are numbered from 1
 * in this run; each carries the checkpoint to save once its batch is queued.
 */
import type { BigIntStats } from 'node:fs';
import { watch } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EmitRecordsOptions, EmitRecordsResult } from './emit-records.js';
import { emitRecords } from './emit-records.js';
import type { FollowCheckpoint, FollowOffsetStore } from './follow-offset.js';
import { createFollowOffsetStore } from './follow-offset.js';
import type { IngestSink } from './ingest-sink.js';
import type { InputRecord } from './ndjson-stream.js';
import { readNdjson } from './ndjson-stream.js';

export interface FollowOptions {
  /** Stops following; the generator then returns. */
  readonly signal: AbortSignal;
  /** Where the position is loaded from (to resume) and, by `emitFollowedFile`, saved. */
  readonly offsetStore?: FollowOffsetStore;
  /** How often the file is checked when no watch event came, in milliseconds. */
  readonly pollIntervalMs?: number;
  /** Bytes read at a time. */
  readonly readChunkBytes?: number;
  /**
   * After a rotation, how long the old file is still read once nothing more comes, in
   * milliseconds: the writer may append to it until it reopens the path.
   */
  readonly rotationGraceMs?: number;
  /** The longest line, in bytes. */
  readonly maxRecordBytes?: number;
}

/** A record of a followed file, with the position to save once it is queued. */
export type FollowedRecord = InputRecord & { readonly checkpoint: FollowCheckpoint };

export const DEFAULT_FOLLOW_POLL_INTERVAL_MS = 1_000;
export const DEFAULT_FOLLOW_READ_CHUNK_BYTES = 65_536;
export const DEFAULT_FOLLOW_ROTATION_GRACE_MS = 1_000;

/** One file being read: its handle and identity. */
interface OpenFile {
  readonly handle: FileHandle;
  readonly dev: string;
  readonly ino: string;
}

/** Yields the records of `filePath` as it grows, until `options.signal` aborts. */
export async function* followFile(filePath: string, options: FollowOptions): AsyncGenerator<FollowedRecord> {
  const { signal } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_FOLLOW_POLL_INTERVAL_MS;
  const target = path.resolve(filePath);
  const changes = new Changes(target, signal);
  let index = 0;

  /** The records of one file from `start`, following it or (`follow` false) to its current end. */
  async function* generation(file: OpenFile, start: number, follow: boolean): AsyncGenerator<FollowedRecord> {
    const chunks = readChunks(file, start, follow);
    for await (const record of readNdjson(chunks, { format: 'ndjson', maxRecordBytes: options.maxRecordBytes })) {
      const end = start + record.end;
      index += 1;
      yield { ...record, index, end, checkpoint: { dev: file.dev, ino: file.ino, offset: end } } as FollowedRecord;
    }
  }

  /**
   * Bytes of `file` from `start`, to its end (`follow` false), or until it is truncated or rotated
   * away and read to its end. On abort it throws, so the decoder does not take a half-written line
   * for a last line.
   */
  async function* readChunks(file: OpenFile, start: number, follow: boolean): AsyncGenerator<Buffer> {
    const size = options.readChunkBytes ?? DEFAULT_FOLLOW_READ_CHUNK_BYTES;
    const graceMs = options.rotationGraceMs ?? DEFAULT_FOLLOW_ROTATION_GRACE_MS;
    let position = start;
    /** Set once the path names another file: when the old one went quiet (epoch ms). */
    let quietSince: number | undefined;
    for (;;) {
      signal.throwIfAborted();
      const buffer = Buffer.allocUnsafe(size);
      const { bytesRead } = await file.handle.read(buffer, 0, size, position);
      if (bytesRead > 0) {
        position += bytesRead;
        if (quietSince !== undefined) quietSince = Date.now();
        yield buffer.subarray(0, bytesRead);
        continue;
      }
      if (!follow) return;
      if (quietSince !== undefined) {
        const left = quietSince + graceMs - Date.now();
        if (left <= 0) return;
        await changes.next(Math.min(left, pollIntervalMs));
        continue;
      }
      if ((await file.handle.stat({ bigint: true })).size < BigInt(position)) return;
      const now = await statOrUndefined(target);
      if (now === undefined || String(now.dev) !== file.dev || String(now.ino) !== file.ino) {
        // Rotated: what the writer puts in the old file until it reopens the path is read first.
        quietSince = Date.now();
        continue;
      }
      await changes.next(pollIntervalMs);
    }
  }

  try {
    let saved = await options.offsetStore?.load();
    let file = await openWhenThere(target, changes, pollIntervalMs, signal);
    for (;;) {
      let start = 0;
      if (saved !== undefined) {
        if (saved.dev === file.dev && saved.ino === file.ino) {
          const size = (await file.handle.stat({ bigint: true })).size;
          start = BigInt(saved.offset) <= size ? saved.offset : 0;
        } else {
          const old = await findFile(path.dirname(target), saved);
          if (old !== undefined) {
            try {
              yield* generation(old, saved.offset, false);
            } finally {
              await old.handle.close();
            }
          }
        }
        saved = undefined;
      }
      try {
        yield* generation(file, start, true);
      } finally {
        await file.handle.close();
      }
      // Truncated: the same path again from its start; rotated: the new file, once it exists.
      file = await openWhenThere(target, changes, pollIntervalMs, signal);
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  } finally {
    changes.close();
  }
}

/**
 * Follows `filePath` into `sink` until `signal` aborts, saving the position after each batch is
 * queued: in `<dataDir>/inputs/follow/` when `dataDir` is given (or in `offsetStore`), so that the
 * next run resumes there. Resolves with the totals once stopped; rejects if `emit` fails.
 */
export async function emitFollowedFile(
  filePath: string,
  sink: Pick<IngestSink, 'emit'>,
  options: FollowOptions & Omit<EmitRecordsOptions<FollowedRecord>, 'onBatchDone'> & { readonly dataDir?: string },
): Promise<EmitRecordsResult> {
  const store = options.offsetStore ?? (options.dataDir !== undefined ? createFollowOffsetStore(options.dataDir, filePath) : undefined);
  return emitRecords(followFile(filePath, { ...options, offsetStore: store }), sink, {
    ...options,
    onBatchDone: async (batch) => {
      const last = batch[batch.length - 1];
      if (store !== undefined && last !== undefined) await store.save(last.checkpoint);
    },
  });
}

/** Opens the file at `target`, waiting for it to exist. */
async function openWhenThere(target: string, changes: Changes, pollIntervalMs: number, signal: AbortSignal): Promise<OpenFile> {
  for (;;) {
    signal.throwIfAborted();
    try {
      const handle = await open(target, 'r');
      const s = await handle.stat({ bigint: true });
      return { handle, dev: String(s.dev), ino: String(s.ino) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await changes.next(pollIntervalMs);
  }
}

/** The file in `dir` with the identity of `saved`, if one is still there. */
async function findFile(dir: string, saved: FollowCheckpoint): Promise<OpenFile | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const s = await statOrUndefined(path.join(dir, name));
    if (s === undefined || !s.isFile() || String(s.dev) !== saved.dev || String(s.ino) !== saved.ino) continue;
    try {
      const handle = await open(path.join(dir, name), 'r');
      return { handle, dev: saved.dev, ino: saved.ino };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function statOrUndefined(file: string): Promise<BigIntStats | undefined> {
  try {
    return await stat(file, { bigint: true });
  } catch {
    return undefined;
  }
}

/**
 * Wake-ups for the follower: a watch event on the file (through its folder), a poll tick, or the
 * abort. An event that came while the follower was reading is remembered, so none is lost between
 * reaching the end of the file and starting to wait.
 */
class Changes {
  #pending = false;
  #wake: (() => void) | undefined;
  #watcher: ReturnType<typeof watch> | undefined;

  constructor(target: string, signal: AbortSignal) {
    const name = path.basename(target);
    try {
      this.#watcher = watch(path.dirname(target), { signal }, (_event, changed) => {
        if (changed === null || changed === name) this.#notify();
      });
      // Out of inotify watches, folder removed...: the poll carries on alone.
      this.#watcher.on('error', () => this.close());
    } catch {
      this.#watcher = undefined;
    }
    signal.addEventListener('abort', () => this.#notify(), { once: true });
  }

  /** Resolves at the next change, or after `timeoutMs`; at once if one came since the last call. */
  next(timeoutMs: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        this.#pending = false;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#wake = done;
    });
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #notify(): void {
    this.#pending = true;
    this.#wake?.();
  }
}
