/**
 * Recovery when a disk queue opens: every segment is scanned once and checked record by record,
 * so that the queue starts whatever it finds and never hands out a damaged record.
 *
 * Rules (docs/disk-queue.md, "Recovery"):
 * - A stale `ack.tmp` (crash between write and rename) is removed.
 * - The ack file's last sound record is the acknowledged seq (torn records after it are reported).
 *   A missing file, or one without a sound record, counts as "nothing acknowledged": every record
 *   on disk is read again (at-least-once) and the problem is reported. A missing file with no
 *   segments is a new queue, not a problem. The queue then rewrites the file (ack-file.ts).
 * - Sealed segments whose every seq is acknowledged (a crash between the ack and the unlink) are
 *   deleted.
 * - A damaged span that runs to the end of the last segment is a torn tail (the process died in
 *   the middle of a write, or the device lost the end of it): the file is truncated to the last
 *   good record and appends continue from there.
 * - Any other damaged span (bad magic, impossible length, checksum mismatch, a seq that does not
 *   increase) is skipped up to the next record that checks; the records lost are counted from the
 *   gap in seqs around it.
 * - The counters `stats()` reports (records, bytes, oldest append time) are recomputed from the
 *   records after the acknowledged seq, so nothing but the log and the ack file is persisted.
 */
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { ACK_FILE_NAME, readAckFile, removeAckTemp } from './ack-file.js';
import type { FsyncPolicy } from './fsync-policy.js';
import { ScratchBuffer, SegmentScanner, listSegments } from './segment.js';

export interface RecoveryReport {
  /** Segment files the queue holds after recovery. */
  readonly segments: number;
  /** Records waiting: appended and not acknowledged. */
  readonly records: number;
  /** Damaged records skipped, counted from the gap in seqs around each damaged span. */
  readonly skippedCorruptRecords: number;
  /** Bytes of those damaged spans. */
  readonly skippedBytes: number;
  /** Bytes cut from the end of the last segment (a record torn by a crash). */
  readonly truncatedTailBytes: number;
  /** Fully acknowledged segments that a crash had left behind, deleted now. */
  readonly deletedSegments: number;
  /** `created` for a new queue; `missing` or `damaged` mean every record on disk is read again. */
  readonly ackFile: 'ok' | 'created' | 'missing' | 'damaged';
  /** One line per problem found, for the operator (at most MAX_PROBLEMS, then a count). */
  readonly problems: readonly string[];
}

export interface RecoveredSegment {
  readonly firstSeq: number;
  readonly path: string;
  /** Bytes of records (after truncating a torn tail). */
  readonly size: number;
}

export interface RecoveredLog {
  readonly segments: readonly RecoveredSegment[];
  readonly ackedSeq: number;
  /** The highest seq of a sound record on disk (0 when none). */
  readonly lastSeq: number;
  /** The seq the next append gets: above every seq on disk and the acknowledged one. */
  readonly nextSeq: number;
  readonly depth: number;
  readonly bytes: number;
  readonly oldestEnqueuedAtMs: number | undefined;
  /** Where the oldest unacknowledged record starts (or the end of the log when there is none). */
  readonly resume: { readonly segment: number; readonly offset: number };
  readonly report: RecoveryReport;
}

const MAX_PROBLEMS = 100;
/** Recovery reads whole segments in order, so larger reads than the consumer's pay off. */
const RECOVERY_CHUNK_BYTES = 1024 * 1024;

interface Damage {
  offset: number;
  bytes: number;
}

export async function recoverLog(dir: string, fsync: FsyncPolicy): Promise<RecoveredLog> {
  await mkdir(dir, { recursive: true });
  await removeAckTemp(dir);
  const problems: string[] = [];
  let moreProblems = 0;
  const problem = (text: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
    else moreProblems++;
  };

  const files = await listSegments(dir);
  const ack = await readAckFile(dir);
  const nothingAcked = files.length > 0 ? (files[0]?.firstSeq ?? 1) - 1 : 0;
  let ackedSeq = nothingAcked;
  let ackFile: RecoveryReport['ackFile'];
  if (ack.kind === 'ok') {
    ackedSeq = ack.ackedSeq;
    ackFile = 'ok';
    if (ack.ignoredBytes > 0) problem(`${ACK_FILE_NAME}: ${ack.ignoredBytes} bytes of torn or damaged ack records ignored; the last sound one holds`);
  } else if (ack.kind === 'missing') {
    ackFile = files.length === 0 ? 'created' : 'missing';
    if (files.length > 0) problem(`${ACK_FILE_NAME}: missing; every record on disk will be delivered again (at-least-once)`);
  } else {
    ackFile = 'damaged';
    problem(`${ACK_FILE_NAME}: damaged (${ack.reason}); every record on disk will be delivered again (at-least-once)`);
  }

  let deletedSegments = 0;
  while (files.length > 1 && (files[1]?.firstSeq ?? 0) - 1 <= ackedSeq) {
    await rm((files.shift() as { path: string }).path, { force: true });
    deletedSegments++;
  }

  const segments: RecoveredSegment[] = [];
  let prevSeq = (files[0]?.firstSeq ?? 1) - 1;
  let lastSeq = 0;
  let depth = 0;
  let bytes = 0;
  let oldestEnqueuedAtMs: number | undefined;
  let resume: { segment: number; offset: number } | undefined;
  let skippedCorruptRecords = 0;
  let skippedBytes = 0;
  let truncatedTailBytes = 0;

  const scratch = new ScratchBuffer();
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as (typeof files)[number];
    const name = path.basename(file.path);
    const isLast = i === files.length - 1;
    const handle = await open(file.path, isLast ? 'r+' : 'r');
    try {
      let size = (await handle.stat()).size;
      const scanner = new SegmentScanner(handle, 0, RECOVERY_CHUNK_BYTES, scratch);
      let damage: Damage | undefined;
      const skip = (d: Damage, nextSeq: number): void => {
        const lost = Math.max(1, nextSeq - prevSeq - 1);
        skippedCorruptRecords += lost;
        skippedBytes += d.bytes;
        problem(`${name}: ${d.bytes} damaged bytes at offset ${d.offset} skipped (${lost} record${lost === 1 ? '' : 's'})`);
      };
      for (;;) {
        const step = await scanner.next(size);
        if (step.kind === 'end') break;
        scanner.consume(step);
        if (step.kind === 'record' && step.record.seq > prevSeq) {
          const r = step.record;
          if (damage !== undefined) skip(damage, r.seq);
          damage = undefined;
          prevSeq = lastSeq = r.seq;
          if (r.seq <= ackedSeq) continue;
          depth++;
          bytes += r.data.length;
          if (resume === undefined) {
            resume = { segment: i, offset: step.offset };
            oldestEnqueuedAtMs = r.appendedAtMs;
          }
          continue;
        }
        // Damaged bytes, or a sound record whose seq does not increase (it belongs to no order we know).
        const length = step.kind === 'record' ? step.record.recordBytes : step.bytes;
        // The scanner's steps are contiguous, so damage before the next good record is one span.
        damage ??= { offset: step.offset, bytes: 0 };
        damage.bytes += length;
      }
      if (damage !== undefined && isLast) {
        await handle.truncate(damage.offset);
        if (fsync !== 'never') await handle.datasync();
        truncatedTailBytes += damage.bytes;
        problem(`${name}: torn tail of ${damage.bytes} bytes at offset ${damage.offset} truncated`);
        size = damage.offset;
      } else if (damage !== undefined) {
        const nextFirstSeq = files[i + 1]?.firstSeq ?? prevSeq + 2;
        skip(damage, nextFirstSeq);
        prevSeq = Math.max(prevSeq, nextFirstSeq - 1);
      }
      segments.push({ firstSeq: file.firstSeq, path: file.path, size });
    } finally {
      await handle.close();
    }
  }

  const lastFile = files[files.length - 1];
  const nextSeq = Math.max(lastSeq, ackedSeq, lastFile === undefined ? 0 : lastFile.firstSeq - 1) + 1;
  if (moreProblems > 0) problems.push(`... and ${moreProblems} more problems`);
  const tail = segments.length - 1;
  return {
    segments,
    ackedSeq,
    lastSeq,
    nextSeq,
    depth,
    bytes,
    oldestEnqueuedAtMs,
    resume: resume ?? { segment: Math.max(0, tail), offset: segments[tail]?.size ?? 0 },
    report: { segments: segments.length, records: depth, skippedCorruptRecords, skippedBytes, truncatedTailBytes, deletedSegments, ackFile, problems },
  };
}
