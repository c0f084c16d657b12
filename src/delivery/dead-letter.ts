/**
 * The dead-letter file of one destination (DESIGN.md §5, "Dead letters"; docs/dead-letters.md):
 * JSON lines, one record per event that could not be delivered, under
 *
 *   <data_dir>/<destination>/dead-letters.ndjson
 *
 * Events that fail validation when `validation: dead_letter` is configured go to the same kind of
 * file under the pseudo-destination `_invalid` (no configured name can start with `_`), and their
 * `event` is whatever was emitted: `DeadLetterFile<unknown>`.
 *
 * - `append` writes all its records in one write and syncs them to disk before it resolves, so a
 *   record the runtime has moved out of the queue is never only in memory. A crash mid-write
 *   leaves at worst a torn last line, which `read` reports and the next `append` steps over.
 * - Every string that goes in, object keys included, passes through the `redact` given at
 *   construction: no secret is ever written, whatever an event or an error message holds.
 * - `rewrite` (for `siemkit dlq replay`) writes what it keeps to a temporary file, syncs it, and
 *   renames it over the original: a crash at any instant leaves either the old file (records
 *   delivered by the replay are then replayed again: duplicates) or the new one, never a loss.
 *   Lines it cannot read are kept as they are.
 *
 * Calls on one file run one at a time, whichever instance in this process makes them (an append
 * never lands between a rewrite's read and its rename: `dlq replay` rewrites the file while its
 * forwarder, through its own instance, dead-letters again what fails). Another process appending
 * during a rewrite is caught up by copying what it added before the rename; run `dlq replay`
 * against a stopped forwarder to be certain.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';

export const DEAD_LETTER_FILE_NAME = 'dead-letters.ndjson';
/** Where events that failed validation go (`validation: dead_letter`). */
export const INVALID_EVENTS_DESTINATION = '_invalid';

export interface DeadLetterRecord<E = CanonicalEvent> {
  /** The canonical event (anything emitted, for `_invalid`). */
  readonly event: E;
  readonly destination: string;
  /** Why it was not delivered, in words. */
  readonly reason: string;
  /** The HTTP status, or an error code (`ECONNREFUSED`). */
  readonly status?: number | string;
  /** Sends tried (0 when it never left the queue: encoding failed, window expired, invalid). */
  readonly attempts: number;
  readonly first_attempt_at?: string;
  readonly last_attempt_at?: string;
  readonly dead_lettered_at: string;
}

/** One line of the file as `read` gives it: a record, or why the line is not one. Lines count from 1. */
export type DeadLetterLine<E = CanonicalEvent> = { readonly line: number; readonly record: DeadLetterRecord<E> } | { readonly line: number; readonly error: string };

/** What `siemkit dlq inspect` prints. Times are as written in the records. */
export interface DeadLetterSummary {
  readonly destination: string;
  readonly path: string;
  readonly count: number;
  /** Lines that are not records (a torn last line, a corrupt line). */
  readonly unreadable_lines: number;
  /** Most frequent first; past `maxReasons`, the rest are counted under `(other)`. */
  readonly by_reason: Readonly<Record<string, number>>;
  /** By HTTP status or error code; `none` when the record has no status. */
  readonly by_status: Readonly<Record<string, number>>;
  readonly oldest_event_at: string | null;
  readonly newest_event_at: string | null;
  readonly first_dead_lettered_at: string | null;
  readonly last_dead_lettered_at: string | null;
  /** The most frequent actions, most frequent first. */
  readonly top_actions: readonly { readonly action: string; readonly count: number }[];
}

const NEWLINE = Buffer.from('\n');
/** The last operation on each file (by absolute path), shared by every instance: see `exclusive`. */
const tails = new Map<string, Promise<unknown>>();
/** How much `rewrite` gathers before each write to the temporary file. */
const REWRITE_CHUNK_BYTES = 1_048_576;

/** `<data_dir>/<destination>/dead-letters.ndjson`, for a configured destination name or `_invalid`. */
export function deadLetterPath(dataDir: string, destination: string): string {
  if (destination === '' || destination === '.' || destination === '..' || /[/\\\0]/.test(destination)) {
    throw new Error(`dead letters: ${JSON.stringify(destination)} cannot name a directory`);
  }
  return join(dataDir, destination, DEAD_LETTER_FILE_NAME);
}

interface RawLine {
  readonly line: number;
  readonly bytes: Buffer;
  /** False for a last line without its newline. */
  readonly terminated: boolean;
}

export class DeadLetterFile<E = CanonicalEvent> {
  /** The destination, as the name of the file's directory. */
  readonly destination: string;
  private readonly dir: string;

  /**
   * @param path the file (`deadLetterPath(dataDir, destination)`)
   * @param redact applied to every string written (the secrets redactor)
   */
  constructor(
    readonly path: string,
    private readonly redact: (s: string) => string,
  ) {
    this.dir = dirname(path);
    this.destination = basename(this.dir);
  }

  /** Appends the records in one write; resolves once they are on disk. */
  append(records: readonly DeadLetterRecord<E>[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    // Serialise (and so redact) before waiting: a caller may change its objects after the call.
    const text = records.map((r) => `${JSON.stringify(redactDeep(ordered(r), this.redact, new Set()))}\n`).join('');
    return this.exclusive(async () => {
      await mkdir(this.dir, { recursive: true });
      const handle = await open(this.path, 'a+');
      try {
        const { size } = await handle.stat();
        let data = Buffer.from(text, 'utf8');
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          // A torn last line (a crash mid-write): end it, so this record starts on its own line.
          if (last[0] !== 0x0a) data = Buffer.concat([NEWLINE, data]);
        }
        await writeAll(handle, data);
        await handle.datasync();
        if (size === 0) await syncDirectory(this.dir); // a new file's directory entry must be durable too
      } finally {
        await handle.close();
      }
    });
  }

  /** Every line, in order: a record, or the reason it is not one. Nothing when there is no file. */
  async *read(): AsyncGenerator<DeadLetterLine<E>> {
    for await (const raw of this.rawLines()) {
      if (isBlank(raw.bytes)) continue;
      yield parseLine<E>(raw);
    }
  }

  async summary({ topActions = 10, maxReasons = 20 }: { topActions?: number; maxReasons?: number } = {}): Promise<DeadLetterSummary> {
    let count = 0;
    let unreadable = 0;
    const reasons = new Map<string, number>();
    const statuses = new Map<string, number>();
    const actions = new Map<string, number>();
    const eventTimes = new Span();
    const deadLetteredTimes = new Span();
    for await (const line of this.read()) {
      if ('error' in line) {
        unreadable++;
        continue;
      }
      const { record } = line;
      count++;
      bump(reasons, record.reason);
      bump(statuses, record.status === undefined ? 'none' : String(record.status));
      deadLetteredTimes.add(record.dead_lettered_at);
      const event = record.event as { timestamp?: unknown; action?: unknown } | null;
      if (typeof event === 'object' && event !== null) {
        if (typeof event.timestamp === 'string') eventTimes.add(event.timestamp);
        if (typeof event.action === 'string') bump(actions, event.action);
      }
    }
    const top = mostFrequent(actions);
    return {
      destination: this.destination,
      path: this.path,
      count,
      unreadable_lines: unreadable,
      by_reason: Object.fromEntries(capped(mostFrequent(reasons), maxReasons)),
      by_status: Object.fromEntries(mostFrequent(statuses)),
      oldest_event_at: eventTimes.first,
      newest_event_at: eventTimes.last,
      first_dead_lettered_at: deadLetteredTimes.first,
      last_dead_lettered_at: deadLetteredTimes.last,
      top_actions: top.slice(0, topActions).map(([action, n]) => ({ action, count: n })),
    };
  }

  /**
   * Replaces the file with the records `keep` accepts (and every line that is not a record),
   * atomically: temporary file, sync, rename, sync of the directory.
   */
  rewrite(keep: (record: DeadLetterRecord<E>) => boolean): Promise<{ kept: number; removed: number }> {
    return this.exclusive(async () => {
      if (!(await exists(this.path))) return { kept: 0, removed: 0 };
      const tmp = `${this.path}.tmp`;
      const out = await open(tmp, 'w');
      let kept = 0;
      let removed = 0;
      let consumed = 0;
      let renamed = false;
      try {
        const pending: Buffer[] = [];
        let pendingBytes = 0;
        for await (const raw of this.rawLines()) {
          consumed += raw.bytes.length + (raw.terminated ? 1 : 0);
          if (isBlank(raw.bytes)) continue;
          const parsed = parseLine<E>(raw);
          if ('record' in parsed) {
            if (!keep(parsed.record)) {
              removed++;
              continue;
            }
            kept++;
          }
          pending.push(raw.bytes, NEWLINE);
          pendingBytes += raw.bytes.length + 1;
          if (pendingBytes >= REWRITE_CHUNK_BYTES) {
            await writeAll(out, Buffer.concat(pending));
            pending.length = 0;
            pendingBytes = 0;
          }
        }
        await writeAll(out, Buffer.concat(pending));
        await catchUp(this.path, consumed, out);
        await out.datasync();
        await out.close();
        await rename(tmp, this.path);
        renamed = true;
        await syncDirectory(this.dir);
        return { kept, removed };
      } finally {
        if (!renamed) {
          await out.close().catch(() => undefined);
          await rm(tmp, { force: true });
        }
      }
    });
  }

  /** Runs `op` after every earlier call on this file, from any instance, has settled. */
  private exclusive<T>(op: () => Promise<T>): Promise<T> {
    const key = resolve(this.path);
    const run = (tails.get(key) ?? Promise.resolve()).then(op, op);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  }

  /** The file's lines as bytes, split on LF only (records never hold a raw LF: JSON escapes it). */
  private async *rawLines(): AsyncGenerator<RawLine> {
    const parts: Buffer[] = [];
    let line = 0;
    try {
      for await (const chunk of createReadStream(this.path) as AsyncIterable<Buffer>) {
        let start = 0;
        for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
          parts.push(chunk.subarray(start, nl));
          const bytes = Buffer.concat(parts);
          parts.length = 0;
          start = nl + 1;
          yield { line: ++line, bytes, terminated: true };
        }
        if (start < chunk.length) parts.push(chunk.subarray(start));
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && line === 0) return;
      throw err;
    }
    if (parts.length > 0) yield { line: ++line, bytes: Buffer.concat(parts), terminated: false };
  }
}

/** The record's members in a fixed order (event last, so a line reads from why to what), nothing else. */
function ordered<E>(r: DeadLetterRecord<E>): Record<string, unknown> {
  return {
    destination: r.destination,
    reason: r.reason,
    status: r.status,
    attempts: r.attempts,
    first_attempt_at: r.first_attempt_at,
    last_attempt_at: r.last_attempt_at,
    dead_lettered_at: r.dead_lettered_at,
    event: r.event,
  };
}

/**
 * A JSON-ready copy of `value` with `redact` applied to every string and every key. Follows
 * `JSON.stringify` (toJSON, dropped functions and undefined), but a cycle or a bigint, which it
 * would throw on, becomes a string: an invalid event must still reach its dead-letter file.
 */
function redactDeep(value: unknown, redact: (s: string) => string, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return redact(value.toString());
  if (typeof value !== 'object' || value === null) return value === null ? null : undefined;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return redactDeep(toJSON.call(value), redact, ancestors);
  if (ancestors.has(value)) return '[Circular]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, ancestors) ?? null);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = redactDeep(v, redact, ancestors);
      // defineProperty: a `__proto__` key stays a plain member instead of setting the prototype.
      if (r !== undefined) Object.defineProperty(out, redact(k), { value: r, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

function parseLine<E>(raw: RawLine): DeadLetterLine<E> {
  let value: unknown;
  try {
    value = JSON.parse(raw.bytes.toString('utf8'));
  } catch {
    // The parser's message quotes the line; the line number is enough to find it.
    return { line: raw.line, error: raw.terminated ? 'not JSON' : 'incomplete last line (a write torn by a crash)' };
  }
  const problem = recordProblem(value);
  return problem === undefined ? { line: raw.line, record: value as DeadLetterRecord<E> } : { line: raw.line, error: problem };
}

function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const r = value as Record<string, unknown>;
  if (!('event' in r)) return 'no "event"';
  for (const key of ['destination', 'reason', 'dead_lettered_at'] as const) if (typeof r[key] !== 'string') return `"${key}" is not a string`;
  for (const key of ['first_attempt_at', 'last_attempt_at'] as const) if (r[key] !== undefined && typeof r[key] !== 'string') return `"${key}" is not a string`;
  if (typeof r.attempts !== 'number' || !Number.isInteger(r.attempts) || r.attempts < 0) return '"attempts" is not a count';
  if (r.status !== undefined && typeof r.status !== 'number' && typeof r.status !== 'string') return '"status" is neither a number nor a string';
  return undefined;
}

function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Most frequent first; ties by key, so the output is stable. */
function mostFrequent(counts: Map<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function capped(entries: [string, number][], max: number): [string, number][] {
  if (entries.length <= max) return entries;
  const other = entries.slice(max).reduce((sum, [, n]) => sum + n, 0);
  return [...entries.slice(0, max), ['(other)', other]];
}

/** The earliest and latest of some RFC 3339 times, compared as instants, kept as written. */
class Span {
  first: string | null = null;
  last: string | null = null;
  private firstMs = Infinity;
  private lastMs = -Infinity;

  add(time: string): void {
    const ms = Date.parse(time);
    if (Number.isNaN(ms)) return;
    if (ms < this.firstMs) [this.firstMs, this.first] = [ms, time];
    if (ms > this.lastMs) [this.lastMs, this.last] = [ms, time];
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let off = 0; off < data.length; ) off += (await handle.write(data, off)).bytesWritten;
}

/** Copies to `out`, as they are, the bytes another process appended to `file` after `from`. */
async function catchUp(file: string, from: number, out: FileHandle): Promise<void> {
  for (;;) {
    const { size } = await stat(file);
    if (size <= from) return;
    const src = await open(file, 'r');
    try {
      const extra = Buffer.alloc(size - from);
      const { bytesRead } = await src.read(extra, 0, extra.length, from);
      if (bytesRead === 0) return; // truncated meanwhile: nothing more to copy
      await writeAll(out, extra.subarray(0, bytesRead));
      from += bytesRead;
    } finally {
      await src.close();
    }
  }
}

/** Makes a directory's entries (a new or renamed file) durable. Not possible on Windows: skipped there. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    if (process.platform !== 'win32') throw err;
  } finally {
    await handle?.close();
  }
}
