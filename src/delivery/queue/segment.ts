/**
 * Segment files of the disk queue and the scanner that walks their records.
 *
 * A segment is a file of consecutive records (record-codec.ts) named after the seq of its first
 * record, zero-padded so that names sort as numbers: `00000000000000000001.seg`. It holds no
 * header: the records carry their own seq, and the name only orders the files and tells where a
 * sealed segment's seqs end (one before the next segment's name).
 */
import type { FileHandle } from 'node:fs/promises';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { type DecodedRecord, RECORD_HEADER_BYTES, RECORD_MAGIC, checkHeader, decodeRecord, findMagic } from './record-codec.js';

const SEGMENT_NAME = /^(\d{20})\.seg$/;

export function segmentFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(20, '0')}.seg`;
}

export interface SegmentFile {
  readonly firstSeq: number;
  readonly path: string;
}

/** The segment files in `dir`, oldest first; other files are not the queue's and are left alone. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  const out: SegmentFile[] = [];
  for (const name of await readdir(dir)) {
    const m = SEGMENT_NAME.exec(name);
    const firstSeq = m === null ? NaN : Number(m[1]);
    if (Number.isSafeInteger(firstSeq)) out.push({ firstSeq, path: path.join(dir, name) });
  }
  return out.sort((a, b) => a.firstSeq - b.firstSeq);
}

/** What the scanner found at its offset. */
export type ScanStep =
  | { readonly kind: 'record'; readonly offset: number; readonly record: DecodedRecord }
  /** Bytes that are no record (torn, corrupt, or garbage), up to the next candidate magic or the end. */
  | { readonly kind: 'damaged'; readonly offset: number; readonly bytes: number }
  /** Nothing more up to the segment's end. */
  | { readonly kind: 'end' }
  /** The bytes `[from, to)` must be loaded (`load`) before the step can be told. */
  | { readonly kind: 'need'; readonly from: number; readonly to: number };

const END: ScanStep = { kind: 'end' };

/** Bytes read per `load` unless a record needs more: large enough that a read of a batch is one pread. */
export const SCAN_CHUNK_BYTES = 256 * 1024;

/** One buffer that scanners reading one after another share (see SegmentScanner's `scratch`). */
export class ScratchBuffer {
  private buf: Buffer | undefined;

  take(length: number): Buffer {
    // Its own memory (allocUnsafeSlow), never a slice of Node's shared pool that others write to.
    if (this.buf === undefined || this.buf.length < length) this.buf = Buffer.allocUnsafeSlow(length);
    return this.buf.subarray(0, length);
  }
}

/**
 * Walks the records of one segment from an offset, reading it in chunks so that memory holds one
 * chunk, not the segment. `peek` tells the next step without I/O (or asks for a `load`), `consume`
 * moves past it. Without a `scratch` buffer, every `load` reads into a fresh buffer, so the `data`
 * of records already returned stays valid without a copy.
 *
 * Damaged bytes are skipped by resyncing on the record magic: from a bad record, the next magic
 * (at least one byte further) is a candidate, decoded and checked like any record. A damaged span
 * is reported in pieces (one per candidate or per chunk); callers merge adjacent pieces.
 */
export class SegmentScanner {
  private buf: Buffer = Buffer.alloc(0);
  private bufStart = 0;
  /** Where the file turned out to end when a read came up short (it is shorter than the caller thought). */
  private fileEnd = Number.POSITIVE_INFINITY;

  constructor(
    private readonly handle: FileHandle,
    /** File offset of the next step. */
    public offset: number,
    private readonly chunkBytes: number = SCAN_CHUNK_BYTES,
    /**
     * Read every chunk into this one buffer: for a caller that drops each record before the next
     * `load` (recovery), so a scan of gigabytes leaves no garbage behind.
     */
    private readonly scratch?: ScratchBuffer,
  ) {}

  /** The step at `offset`, where the segment's readable bytes end at `end`. */
  peek(end: number): ScanStep {
    const limit = Math.min(end, this.fileEnd);
    const off = this.offset;
    if (off >= limit) return END;
    if (limit - off < RECORD_HEADER_BYTES) return { kind: 'damaged', offset: off, bytes: limit - off };
    const bufEnd = this.bufStart + this.buf.length;
    if (off < this.bufStart || off + RECORD_HEADER_BYTES > bufEnd) return { kind: 'need', from: off, to: off + RECORD_HEADER_BYTES };
    const pos = off - this.bufStart;
    const header = checkHeader(this.buf, pos, limit - off);
    if (header.kind === 'damaged') return this.resync(off, limit);
    if (off + header.recordBytes > bufEnd) return { kind: 'need', from: off, to: off + header.recordBytes };
    const record = decodeRecord(this.buf, pos, header.recordBytes);
    return record === undefined ? this.resync(off, limit) : { kind: 'record', offset: off, record };
  }

  consume(step: ScanStep): void {
    if (step.kind === 'record') this.offset = step.offset + step.record.recordBytes;
    else if (step.kind === 'damaged') this.offset = step.offset + step.bytes;
  }

  /** Reads at least `[from, to)` (a chunk when the segment has it), never past `end`. */
  async load(from: number, to: number, end: number): Promise<void> {
    const length = Math.min(Math.max(to - from, this.chunkBytes), end - from);
    const buf = this.scratch === undefined ? Buffer.allocUnsafe(length) : this.scratch.take(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.handle.read(buf, got, length - got, from + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got < length) this.fileEnd = from + got;
    this.buf = got < length ? buf.subarray(0, got) : buf;
    this.bufStart = from;
  }

  /** The next step of `peek` with its loads done. */
  async next(end: number): Promise<Exclude<ScanStep, { kind: 'need' }>> {
    for (;;) {
      const step = this.peek(end);
      if (step.kind !== 'need') return step;
      await this.load(step.from, step.to, end);
    }
  }

  private resync(off: number, limit: number): ScanStep {
    const scanTo = Math.min(this.bufStart + this.buf.length, limit);
    const at = findMagic(this.buf, off + 1 - this.bufStart, scanTo - this.bufStart);
    if (at !== -1) return { kind: 'damaged', offset: off, bytes: this.bufStart + at - off };
    if (scanTo >= limit) return { kind: 'damaged', offset: off, bytes: limit - off };
    // No marker in this chunk: skip it but its last bytes, where a marker may begin.
    return { kind: 'damaged', offset: off, bytes: scanTo - (RECORD_MAGIC.length - 1) - off };
  }
}
