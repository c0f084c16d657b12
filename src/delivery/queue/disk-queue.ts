/**
 * The default queue: an embedded, append-only, segmented log per destination, in its own
 * directory, that survives `kill -9` at any instant (DESIGN.md §5 "Durability"; docs/disk-queue.md).
 *
 *   <dir>/                                     one directory per destination, one process at a time
 *   ├── 00000000000000000001.seg               sealed segment: records seq 1 .. 41_022
 *   ├── 00000000000000041023.seg               active segment: appends go to its end
 *   ├── ack                                    log of 16-byte ack records: acknowledged seq + CRC (ack-file.ts)
 *   └── ack.tmp                                only while `ack` is being replaced (at open, every 4,096 acks)
 *
 *   a segment (segment.ts) is records back to back, no header; its name is its first record's seq:
 *   ┌──────────────────────── record (record-codec.ts) ─────────────────────────┐
 *   │ magic FF 53 51 01 │ crc32 │ length │ seq (u64) │ appended ms (u64) │ data │ magic ...
 *   │        4          │   4   │   4    │     8     │         8         │  n   │
 *   └───────────────────┴───────┴────────┴───────────┴───────────────────┴──────┘
 *                               └──────────── covered by crc32 ─────────────────┘
 *
 *   positions:  acked ≤ read cursor ≤ written ≤ appended (seq order)
 *   ──[deleted segments]──[ acknowledged | read, not acked | unread ]──[ being written ]──▶
 *
 * `append` encodes its records into one buffer (one write for the call); concurrent calls queue in
 * order and a busy writer joins them into one writev. It resolves after write(2) returned, and
 * after fdatasync under `fsync: 'always'` (fsync-policy.ts has what each policy survives). A segment
 * rolls before a write that would take it past `segmentBytes`; a sealed segment is deleted once
 * the ack file holds a seq at or past its last record. `ack` resolves once its position is written
 * to the ack file (fdatasync'd under `always`); concurrent acks share one write.
 *
 * Reads go through a scanner (segment.ts) that preads 256 KiB chunks, checks each record's CRC
 * and skips damage. Memory holds a chunk, the records the consumer has read but not acknowledged
 * (for `rewind` and the counters), and the segment list; never the queue's records or a
 * per-record index, so a backlog of millions of events costs disk, not RAM. `stats()` is counters,
 * recomputed by the recovery scan at open (recovery.ts).
 */
import type { FileHandle } from 'node:fs/promises';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { AckLog } from './ack-file.js';
import { Fifo } from './fifo.js';
import { type FsyncPolicy, FSYNC_POLICIES, fsyncDirectory } from './fsync-policy.js';
import type { Queue, QueueEntry, QueueStats } from './queue.js';
import { QueueClosedError } from './queue-errors.js';
import { MAX_RECORD_DATA_BYTES, encodeRecords } from './record-codec.js';
import { type RecoveredLog, type RecoveryReport, recoverLog } from './recovery.js';
import { type ScanStep, SegmentScanner, segmentFileName } from './segment.js';
import { Waiters } from './waiters.js';

export interface DiskQueueOptions {
  /** The queue's own directory, created when missing. One process (and one queue) per directory. */
  readonly dir: string;
  /** A segment rolls before a write that would take it past this (16 MiB); a larger append gets a segment of its own. */
  readonly segmentBytes?: number;
  /** When appended bytes are fsynced (fsync-policy.ts): `'interval'` by default. */
  readonly fsync?: FsyncPolicy;
  /** Under `'interval'`, the longest time written bytes wait for an fdatasync (1_000 ms). */
  readonly fsyncIntervalMs?: number;
}

export interface DiskQueue extends Queue {
  readonly dir: string;
  /** What recovery found and did when the queue opened. */
  readonly recovery: RecoveryReport;
}

export const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;
export const DEFAULT_FSYNC_INTERVAL_MS = 1_000;
/** Buffers per writev: IOV_MAX is 1024 on Linux. */
const MAX_WRITE_GROUP = 1_024;

/** Opens (recovering) or creates the queue in `options.dir`. */
export async function openDiskQueue(options: DiskQueueOptions): Promise<DiskQueue> {
  const { dir, segmentBytes = DEFAULT_SEGMENT_BYTES, fsync = 'interval', fsyncIntervalMs = DEFAULT_FSYNC_INTERVAL_MS } = options;
  if (!FSYNC_POLICIES.includes(fsync)) throw new RangeError(`fsync must be one of ${FSYNC_POLICIES.join(', ')}`);
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes < 1) throw new RangeError('segmentBytes must be a positive integer');
  if (!(fsyncIntervalMs > 0)) throw new RangeError('fsyncIntervalMs must be positive');
  const resolved = path.resolve(dir);
  if (OPEN_DIRS.has(resolved)) throw new Error(`disk queue ${resolved} is already open in this process`);
  OPEN_DIRS.add(resolved);
  const opened: { close(): Promise<void> }[] = [];
  try {
    const log = await recoverLog(resolved, fsync);
    const segments: Segment[] = log.segments.map((s) => ({ firstSeq: s.firstSeq, path: s.path, size: s.size, deleted: false }));
    if (segments.length === 0) {
      const file = path.join(resolved, segmentFileName(log.nextSeq));
      await (await open(file, 'w')).close();
      if (fsync === 'always') await fsyncDirectory(resolved);
      segments.push({ firstSeq: log.nextSeq, path: file, size: 0, deleted: false });
    }
    const active = segments[segments.length - 1] as Segment;
    const resumed = segments[log.resume.segment];
    const readSegment = resumed ?? active;
    const writeHandle = await open(active.path, 'r+');
    opened.push(writeHandle);
    const readHandle = await open(readSegment.path, 'r');
    opened.push(readHandle);
    const ackLog = await AckLog.create(resolved, log.ackedSeq, fsync === 'always');
    const readOffset = resumed === undefined ? 0 : log.resume.offset;
    return new DiskLog({ dir: resolved, segmentBytes, fsync, fsyncIntervalMs, log, segments, writeHandle, readSegment, readOffset, readHandle, ackLog });
  } catch (err) {
    for (const handle of opened) await handle.close().catch(() => undefined);
    OPEN_DIRS.delete(resolved);
    throw err;
  }
}

/** What `openDiskQueue` hands the queue: the recovered log and the files it opened. */
interface OpenedLog {
  readonly dir: string;
  readonly segmentBytes: number;
  readonly fsync: FsyncPolicy;
  readonly fsyncIntervalMs: number;
  readonly log: RecoveredLog;
  readonly segments: Segment[];
  readonly writeHandle: FileHandle;
  readonly readSegment: Segment;
  readonly readOffset: number;
  readonly readHandle: FileHandle;
  readonly ackLog: AckLog;
}

/** Directories open in this process: two queues appending to one log would interleave their seqs. */
const OPEN_DIRS = new Set<string>();

interface Segment {
  readonly firstSeq: number;
  readonly path: string;
  /** Bytes written and readable (the writer moves it only after write(2) returned). */
  size: number;
  deleted: boolean;
}

interface PendingAppend {
  readonly buf: Buffer;
  readonly firstSeq: number;
  readonly count: number;
  readonly dataBytes: number;
  readonly appendedAtMs: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/** A record read and not yet acknowledged: where it starts, for `rewind`, and its size, for the counters. */
interface InFlight {
  readonly seq: number;
  readonly dataBytes: number;
  readonly appendedAtMs: number;
  readonly segment: Segment;
  readonly offset: number;
}

type RecordStep = Extract<ScanStep, { kind: 'record' }>;

class DiskLog implements DiskQueue {
  private readonly segmentBytes: number;
  private readonly fsync: FsyncPolicy;
  private readonly syncTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new Waiters();
  private closed = false;

  // Counters for stats(): every record appended and not acknowledged, pending writes included.
  private depth: number;
  private bytes: number;
  /** Append time of the oldest unacknowledged record when none is in flight. */
  private headAppendedAtMs: number | undefined;

  // Writer.
  /** The seq the next appended record gets. */
  private appendSeq: number;
  private lastWrittenSeq: number;
  private readonly pending = new Fifo<PendingAppend>();
  private pendingCount = 0;
  private pendingBytes = 0;
  private writing: Promise<void> | undefined;
  private mustRoll = false;
  private unsyncedData = false;
  private unsyncedDir = false;
  private syncing: Promise<void> | undefined;
  /** The background flush and close of the last sealed segment. */
  private sealing: Promise<void> | undefined;

  // Reader: one scanner on one segment, serialised by `readChain`.
  private readSegment: Segment;
  private readHandle: FileHandle;
  private scanner: SegmentScanner;
  /** Every record with a seq up to this has been returned (or acknowledged, or lost to damage). */
  private readSeq: number;
  private maxReadSeq: number;
  private readonly inFlight = new Fifo<InFlight>();
  private inFlightBytes = 0;
  private rewindDue = false;
  private readChain: Promise<unknown> = Promise.resolve();

  // Acknowledgement.
  private ackedSeq: number;
  private persistedAckSeq: number;
  private acking: Promise<void> | undefined;

  readonly dir: string;
  readonly recovery: RecoveryReport;
  private readonly segments: Segment[];
  private writeHandle: FileHandle;
  private readonly ackLog: AckLog;

  constructor(opened: OpenedLog) {
    const { log } = opened;
    this.dir = opened.dir;
    this.segmentBytes = opened.segmentBytes;
    this.fsync = opened.fsync;
    this.recovery = log.report;
    this.segments = opened.segments;
    this.writeHandle = opened.writeHandle;
    this.ackLog = opened.ackLog;
    this.depth = log.depth;
    this.bytes = log.bytes;
    this.headAppendedAtMs = log.oldestEnqueuedAtMs;
    this.appendSeq = log.nextSeq;
    this.lastWrittenSeq = Math.max(log.lastSeq, log.ackedSeq);
    this.ackedSeq = this.persistedAckSeq = this.readSeq = this.maxReadSeq = log.ackedSeq;
    this.readSegment = opened.readSegment;
    this.readHandle = opened.readHandle;
    this.scanner = new SegmentScanner(opened.readHandle, opened.readOffset);
    if (this.fsync === 'interval') {
      // Beside the writer, not in its loop: appends go on while the device flushes.
      this.syncTimer = setInterval(() => {
        if (this.syncing !== undefined || (!this.unsyncedData && !this.unsyncedDir)) return;
        this.syncing = this.syncNow()
          .catch(() => {
            // Retried on the next tick; the bytes are written, only not yet on the device.
            this.unsyncedData = true;
          })
          .finally(() => (this.syncing = undefined));
      }, opened.fsyncIntervalMs);
      this.syncTimer.unref();
    }
  }

  get nextSeq(): number {
    return this.appendSeq;
  }

  append(records: readonly Uint8Array[], nowMs: number = Date.now()): Promise<void> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    if (!Number.isSafeInteger(nowMs) || nowMs < 0) return Promise.reject(new RangeError('nowMs must be a non-negative integer (epoch ms)'));
    let dataBytes = 0;
    for (const r of records) {
      if (r.byteLength > MAX_RECORD_DATA_BYTES) return Promise.reject(new RangeError(`a record of ${r.byteLength} bytes is over the limit of ${MAX_RECORD_DATA_BYTES}`));
      dataBytes += r.byteLength;
    }
    if (records.length === 0) return Promise.resolve();
    const firstSeq = this.appendSeq;
    this.appendSeq += records.length;
    const buf = encodeRecords(records, firstSeq, nowMs);
    if (this.depth === 0) this.headAppendedAtMs = nowMs;
    this.depth += records.length;
    this.bytes += dataBytes;
    this.pendingCount += records.length;
    this.pendingBytes += dataBytes;
    return new Promise((resolve, reject) => {
      this.pending.push({ buf, firstSeq, count: records.length, dataBytes, appendedAtMs: nowMs, resolve, reject });
      this.startWriter();
    });
  }

  read(maxRecords: number, maxBytes: number): Promise<QueueEntry[]> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    return this.serialRead(() => this.readNow(maxRecords, maxBytes));
  }

  waitForRecords(signal: AbortSignal): Promise<void> {
    if (this.closed || this.hasUnread()) return Promise.resolve();
    return this.waiters.wait(signal);
  }

  async ack(seq: number): Promise<void> {
    if (this.closed) throw new QueueClosedError();
    if (!Number.isSafeInteger(seq)) throw new RangeError('seq must be an integer');
    if (seq > this.maxReadSeq) throw new RangeError(`ack(${seq}) is past the last record read (${this.maxReadSeq})`);
    if (seq > this.ackedSeq) {
      this.ackedSeq = seq;
      if (this.readSeq < seq) this.readSeq = seq;
      for (let f = this.inFlight.first(); f !== undefined && f.seq <= seq; f = this.inFlight.first()) {
        this.inFlight.shift();
        this.inFlightBytes -= f.dataBytes;
        this.depth--;
        this.bytes -= f.dataBytes;
      }
      if (this.inFlight.length === 0 && this.depth > 0) await this.serialRead(() => this.refreshHeadTime());
    }
    await this.persistAck();
  }

  rewind(): void {
    if (this.closed || this.inFlight.length === 0) return;
    this.rewindDue = true;
    this.waiters.wakeAll();
  }

  stats(): QueueStats {
    return {
      depth: this.depth,
      bytes: this.bytes,
      oldestEnqueuedAtMs: this.depth === 0 ? undefined : (this.inFlight.first()?.appendedAtMs ?? this.headAppendedAtMs),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.syncTimer !== undefined) clearInterval(this.syncTimer);
    while (this.writing !== undefined) await this.writing.catch(() => undefined);
    await this.syncing;
    await this.sealing;
    await this.acking?.catch(() => undefined);
    // An ack whose write failed is written now, if the file lets us.
    await this.persistAck().catch(() => undefined);
    await this.readChain;
    try {
      if (this.fsync !== 'never' && this.unsyncedData) await this.writeHandle.datasync();
      if (this.fsync !== 'never' && this.unsyncedDir) await fsyncDirectory(this.dir);
    } finally {
      await this.writeHandle.close();
      await this.readHandle.close();
      await this.ackLog.close();
      this.waiters.wakeAll();
      OPEN_DIRS.delete(this.dir);
    }
  }

  // ---- reading -------------------------------------------------------------------------------

  private hasUnread(): boolean {
    return this.readSeq < this.lastWrittenSeq || (this.rewindDue && this.inFlight.length > 0);
  }

  private serialRead<T>(run: () => Promise<T>): Promise<T> {
    const result = this.readChain.then(run);
    this.readChain = result.catch(() => undefined);
    return result;
  }

  private async readNow(maxRecords: number, maxBytes: number): Promise<QueueEntry[]> {
    const out: QueueEntry[] = [];
    let outBytes = 0;
    while (out.length < maxRecords) {
      const step = this.nextBuffered() ?? (await this.nextUnread());
      if (step === undefined) break;
      // Acknowledged by an ack that ran while this read awaited: never return it again.
      if (step.record.seq <= this.readSeq) continue;
      const { seq, data, appendedAtMs } = step.record;
      if (out.length > 0 && outBytes + data.length > maxBytes) break;
      this.scanner.consume(step);
      this.readSeq = seq;
      out.push({ seq, data, enqueuedAtMs: appendedAtMs });
      outBytes += data.length;
      if (seq > this.maxReadSeq) {
        this.maxReadSeq = seq;
        this.inFlight.push({ seq, dataBytes: data.length, appendedAtMs, segment: this.readSegment, offset: step.offset });
        this.inFlightBytes += data.length;
      }
    }
    return out;
  }

  /**
   * `nextUnread` when the next record is already in the scanner's buffer, with no I/O or move to
   * make: the common step of a read, taken without a promise. Undefined: ask `nextUnread`.
   */
  private nextBuffered(): RecordStep | undefined {
    if (this.rewindDue || this.readSeq >= this.lastWrittenSeq || this.readSegment.deleted) return undefined;
    const step = this.scanner.peek(this.readSegment.size);
    return step.kind === 'record' && step.record.seq > this.readSeq ? step : undefined;
  }

  /** The next record after `readSeq`, not consumed; undefined when every written record has been passed. */
  private async nextUnread(): Promise<RecordStep | undefined> {
    while (this.rewindDue) {
      this.rewindDue = false;
      const first = this.inFlight.first();
      if (first === undefined) break;
      this.readSeq = this.ackedSeq;
      // An ack running meanwhile may delete that segment: then go to the next record in flight.
      if (!(await this.moveReader(first.segment, first.offset))) this.rewindDue = true;
    }
    while (this.readSeq < this.lastWrittenSeq) {
      if (this.readSegment.deleted) {
        // Everything in a deleted segment was acknowledged: go on from the oldest that is left.
        await this.moveReader(this.segments[0] as Segment, 0);
        continue;
      }
      const step = this.scanner.peek(this.readSegment.size);
      if (step.kind === 'need') {
        await this.scanner.load(step.from, step.to, this.readSegment.size);
        continue;
      }
      if (step.kind === 'record' && step.record.seq > this.readSeq) return step;
      if (step.kind === 'end') {
        const next = this.segments[this.segments.indexOf(this.readSegment) + 1];
        if (next !== undefined) {
          // If `next` is gone, so is this one (deletion takes a prefix): the check above moves on.
          await this.moveReader(next, 0);
          continue;
        }
        // The end of the log with seqs still unread: records damaged since the queue opened.
        this.readSeq = this.lastWrittenSeq;
        break;
      }
      // Damage (recovery reported it, or the file changed since) and records already passed.
      this.scanner.consume(step);
    }
    this.recount();
    return undefined;
  }

  /** Puts the reader at `offset` of `segment`; false when the segment was deleted (all acknowledged) before it could be opened. */
  private async moveReader(segment: Segment, offset: number): Promise<boolean> {
    if (segment !== this.readSegment) {
      let handle: FileHandle;
      try {
        handle = await open(segment.path, 'r');
      } catch (err) {
        if (segment.deleted) return false;
        throw err;
      }
      await this.readHandle.close();
      this.readHandle = handle;
      this.readSegment = segment;
    }
    this.scanner = new SegmentScanner(this.readHandle, offset);
    return true;
  }

  /** After the in-flight records are all acknowledged, the oldest waiting record is the next unread one. */
  private async refreshHeadTime(): Promise<void> {
    const step = await this.nextUnread();
    this.headAppendedAtMs = step?.record.appendedAtMs ?? this.pending.first()?.appendedAtMs;
  }

  /**
   * With every written record passed, what is unacknowledged is in flight or pending. Saying so
   * changes nothing, unless records were damaged after the queue opened (the file changed under
   * it): then the counters counted records that will never be read, and this corrects them.
   */
  private recount(): void {
    this.depth = this.inFlight.length + this.pendingCount;
    this.bytes = this.inFlightBytes + this.pendingBytes;
  }

  // ---- writing -------------------------------------------------------------------------------

  private startWriter(): void {
    if (this.writing !== undefined) return;
    this.writing = this.runWriter().finally(() => {
      this.writing = undefined;
      if (this.pending.length > 0) this.startWriter();
    });
  }

  private async runWriter(): Promise<void> {
    while (this.pending.length > 0) {
      let active = this.segments[this.segments.length - 1] as Segment;
      const first = this.pending.first() as PendingAppend;
      if (this.mustRoll || (active.size > 0 && active.size + first.buf.length > this.segmentBytes)) {
        try {
          active = await this.roll(first.firstSeq);
        } catch (err) {
          this.fail([this.pending.shift() as PendingAppend], err);
          continue;
        }
      }
      const group: PendingAppend[] = [];
      let groupBytes = 0;
      for (let p = this.pending.first(); p !== undefined && group.length < MAX_WRITE_GROUP; p = this.pending.first()) {
        if (group.length > 0 && active.size + groupBytes + p.buf.length > this.segmentBytes) break;
        group.push(this.pending.shift() as PendingAppend);
        groupBytes += p.buf.length;
      }
      try {
        await writeFully(
          this.writeHandle,
          group.map((p) => p.buf),
          active.size,
        );
        if (this.fsync === 'always') await this.writeHandle.datasync();
        else this.unsyncedData = true;
      } catch (err) {
        // Cut what a failed write may have left, or, if even that fails, never append after it.
        await this.writeHandle.truncate(active.size).catch(() => {
          this.mustRoll = true;
        });
        this.fail(group, err);
        continue;
      }
      active.size += groupBytes;
      const last = group[group.length - 1] as PendingAppend;
      this.lastWrittenSeq = last.firstSeq + last.count - 1;
      for (const p of group) {
        this.pendingCount -= p.count;
        this.pendingBytes -= p.dataBytes;
        p.resolve();
      }
      this.waiters.wakeAll();
    }
  }

  /**
   * Seals the active segment and starts one named `firstSeq`. Under `interval` the sealed segment's
   * last bytes are fdatasync'd in the background (appends do not wait for a 16 MiB flush); under
   * `always` they already are.
   */
  private async roll(firstSeq: number): Promise<Segment> {
    const file = path.join(this.dir, segmentFileName(firstSeq));
    const handle = await open(file, 'w');
    const sealed = this.writeHandle;
    const flush = this.fsync !== 'never' && this.unsyncedData;
    this.unsyncedData = false;
    this.writeHandle = handle;
    await this.sealing;
    // A FileHandle closes once its pending calls (a timer's datasync included) are done.
    this.sealing = (flush ? sealed.datasync() : Promise.resolve())
      .catch(() => undefined)
      .finally(() => sealed.close().catch(() => undefined));
    const segment: Segment = { firstSeq, path: file, size: 0, deleted: false };
    this.segments.push(segment);
    this.mustRoll = false;
    if (this.fsync === 'always') await fsyncDirectory(this.dir);
    else this.unsyncedDir = true;
    return segment;
  }

  private async syncNow(): Promise<void> {
    if (this.unsyncedData) {
      // Cleared first: bytes written while this flush runs wait for the next one.
      this.unsyncedData = false;
      await this.writeHandle.datasync();
    }
    if (this.unsyncedDir) {
      this.unsyncedDir = false;
      await fsyncDirectory(this.dir);
    }
  }

  /** Appends that did not reach the file: they are not in the queue, their seqs stay unused. */
  private fail(group: readonly PendingAppend[], err: unknown): void {
    for (const p of group) {
      this.pendingCount -= p.count;
      this.pendingBytes -= p.dataBytes;
      this.depth -= p.count;
      this.bytes -= p.dataBytes;
      p.reject(err);
    }
  }

  // ---- acknowledging -------------------------------------------------------------------------

  /** Resolves once the ack file holds `ackedSeq` or more; concurrent acks share one write. */
  private persistAck(): Promise<void> {
    if (this.acking !== undefined) return this.acking;
    if (this.persistedAckSeq >= this.ackedSeq) return Promise.resolve();
    this.acking = this.runAckWriter().finally(() => {
      this.acking = undefined;
    });
    return this.acking;
  }

  private async runAckWriter(): Promise<void> {
    while (this.persistedAckSeq < this.ackedSeq) {
      const seq = this.ackedSeq;
      await this.ackLog.write(seq);
      this.persistedAckSeq = seq;
      // Sealed segments whose last seq (one before the next segment's first) is acknowledged.
      while (this.segments.length > 1 && (this.segments[1] as Segment).firstSeq - 1 <= seq) {
        const done = this.segments.shift() as Segment;
        done.deleted = true;
        await rm(done.path, { force: true });
      }
    }
  }
}

/** write(2) until every byte is in the file: a regular file may take fewer bytes than asked. */
async function writeFully(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let { bytesWritten } = await handle.writev(buffers, position);
  let total = 0;
  for (const b of buffers) total += b.length;
  while (bytesWritten < total) {
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const b of buffers) {
      if (skip >= b.length) skip -= b.length;
      else {
        rest.push(skip > 0 ? b.subarray(skip) : b);
        skip = 0;
      }
    }
    const more = await handle.writev(rest, position + bytesWritten);
    if (more.bytesWritten === 0) throw new Error('write(2) wrote nothing');
    bytesWritten += more.bytesWritten;
  }
}
