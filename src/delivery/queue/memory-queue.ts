/**
 * The memory queue: the same contract as the disk queue (queue.ts) without durability, for tests,
 * short-lived tools and destinations whose operator chose speed over surviving a crash. Records
 * are copied on append (the caller may reuse its buffers) and held until acknowledged; `maxBytes`
 * bounds the memory they take, and an append that would pass it fails whole with QueueFullError.
 */
import { Fifo } from './fifo.js';
import type { Queue, QueueEntry, QueueStats } from './queue.js';
import { QueueClosedError, QueueFullError } from './queue-errors.js';
import { Waiters } from './waiters.js';

export interface MemoryQueueOptions {
  /** Cap on the data bytes held (appended, not acknowledged): 64 MiB. */
  readonly maxBytes?: number;
}

export const DEFAULT_MEMORY_QUEUE_MAX_BYTES = 64 * 1024 * 1024;

export function createMemoryQueue(options: MemoryQueueOptions = {}): Queue {
  const { maxBytes = DEFAULT_MEMORY_QUEUE_MAX_BYTES } = options;
  if (!(maxBytes > 0)) throw new RangeError('maxBytes must be positive');
  return new MemoryQueue(maxBytes);
}

class MemoryQueue implements Queue {
  /** Every unacknowledged record, oldest first; the first `readCount` of them have been read. */
  private readonly entries = new Fifo<QueueEntry>();
  private readCount = 0;
  private bytes = 0;
  /** The seq the next appended record gets. */
  private appendSeq = 1;
  private maxReadSeq = 0;
  private readonly waiters = new Waiters();
  private closed = false;

  constructor(private readonly maxBytes: number) {}

  get nextSeq(): number {
    return this.appendSeq;
  }

  append(records: readonly Uint8Array[], nowMs: number = Date.now()): Promise<void> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    if (!Number.isSafeInteger(nowMs) || nowMs < 0) return Promise.reject(new RangeError('nowMs must be a non-negative integer (epoch ms)'));
    let size = 0;
    for (const r of records) size += r.byteLength;
    if (this.bytes + size > this.maxBytes) return Promise.reject(new QueueFullError(this.maxBytes, size));
    for (const r of records) this.entries.push({ seq: this.appendSeq++, data: Buffer.from(r), enqueuedAtMs: nowMs });
    this.bytes += size;
    if (records.length > 0) this.waiters.wakeAll();
    return Promise.resolve();
  }

  read(maxRecords: number, maxBytes: number): Promise<QueueEntry[]> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    const out: QueueEntry[] = [];
    let outBytes = 0;
    for (let e = this.entries.at(this.readCount); e !== undefined && out.length < maxRecords; e = this.entries.at(this.readCount)) {
      if (out.length > 0 && outBytes + e.data.length > maxBytes) break;
      out.push(e);
      outBytes += e.data.length;
      this.readCount++;
      if (e.seq > this.maxReadSeq) this.maxReadSeq = e.seq;
    }
    return Promise.resolve(out);
  }

  waitForRecords(signal: AbortSignal): Promise<void> {
    if (this.closed || this.readCount < this.entries.length) return Promise.resolve();
    return this.waiters.wait(signal);
  }

  ack(seq: number): Promise<void> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    if (!Number.isSafeInteger(seq)) return Promise.reject(new RangeError('seq must be an integer'));
    if (seq > this.maxReadSeq) return Promise.reject(new RangeError(`ack(${seq}) is past the last record read (${this.maxReadSeq})`));
    for (let e = this.entries.first(); e !== undefined && e.seq <= seq; e = this.entries.first()) {
      this.entries.shift();
      this.bytes -= e.data.length;
      if (this.readCount > 0) this.readCount--;
    }
    return Promise.resolve();
  }

  rewind(): void {
    if (this.readCount === 0) return;
    this.readCount = 0;
    this.waiters.wakeAll();
  }

  stats(): QueueStats {
    return { depth: this.entries.length, bytes: this.bytes, oldestEnqueuedAtMs: this.entries.first()?.enqueuedAtMs };
  }

  close(): Promise<void> {
    this.closed = true;
    this.waiters.wakeAll();
    return Promise.resolve();
  }
}
