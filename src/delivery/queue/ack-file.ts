/**
 * The acknowledged position of a disk queue: the highest seq the consumer has acknowledged, kept
 * in the file `ack` as a log of 16-byte ack records. An ack appends one record with one pwrite
 * (a rename per ack costs 0.2-0.7 ms on ext4, which would cap a consumer acking every 100 events
 * near 150,000 events/s); the last sound record is the position. Opening the queue, and every
 * ACK_LOG_MAX_BYTES of acks, replaces the file atomically with a single record: write `ack.tmp`,
 * fsync it under the `always` policy, rename it over `ack` (rename(2) is atomic), fsync the
 * directory under `always`.
 *
 *   ack record:  offset  bytes  field
 *                     0      4  magic FF 53 41 01 ("\xFFSA" + format version 1)
 *                     4      8  acknowledged seq (u64)
 *                    12      4  CRC-32 of bytes 0..12
 *
 * An append never overwrites a sound record, so a torn one (power loss in the middle of it) costs
 * only that ack: the record before it still holds. No sound record at all (missing, emptied or
 * damaged file) means "nothing acknowledged": recovery re-delivers rather than loses.
 */
import type { FileHandle } from 'node:fs/promises';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { fsyncDirectory } from './fsync-policy.js';
import { readU64, writeU64 } from './record-codec.js';

export const ACK_FILE_NAME = 'ack';
const ACK_TEMP_NAME = 'ack.tmp';
const ACK_MAGIC = 0x01_41_53_ff;
const ACK_RECORD_BYTES = 16;
/** The log is compacted to one record once it holds this much: 4,096 acks. */
export const ACK_LOG_MAX_BYTES = 64 * 1024;

export type AckFileState =
  /** `ignoredBytes`: damaged or torn records skipped on the way to the last sound one. */
  | { readonly kind: 'ok'; readonly ackedSeq: number; readonly ignoredBytes: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'damaged'; readonly reason: string };

export async function readAckFile(dir: string): Promise<AckFileState> {
  let buf: Buffer;
  try {
    buf = await readFile(path.join(dir, ACK_FILE_NAME));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  let ackedSeq: number | undefined;
  let sound = 0;
  for (let pos = 0; pos + ACK_RECORD_BYTES <= buf.length; pos += ACK_RECORD_BYTES) {
    const seq = decodeAckRecord(buf, pos);
    if (seq === undefined) continue;
    ackedSeq = Math.max(ackedSeq ?? 0, seq);
    sound++;
  }
  if (ackedSeq === undefined) return { kind: 'damaged', reason: buf.length === 0 ? 'empty' : `no sound record in ${buf.length} bytes` };
  return { kind: 'ok', ackedSeq, ignoredBytes: buf.length - sound * ACK_RECORD_BYTES };
}

/** The open ack log of a running queue; one writer at a time (the queue serialises its acks). */
export class AckLog {
  private constructor(
    private readonly dir: string,
    private readonly durable: boolean,
    private handle: FileHandle,
    private size: number,
  ) {}

  /** Replaces the ack file with one record of `ackedSeq` and opens it for appends; `durable` fsyncs (policy `always`). */
  static async create(dir: string, ackedSeq: number, durable: boolean): Promise<AckLog> {
    return new AckLog(dir, durable, await replaceAckFile(dir, ackedSeq, durable), ACK_RECORD_BYTES);
  }

  async write(ackedSeq: number): Promise<void> {
    if (this.size + ACK_RECORD_BYTES > ACK_LOG_MAX_BYTES) {
      await this.handle.close();
      this.handle = await replaceAckFile(this.dir, ackedSeq, this.durable);
      this.size = ACK_RECORD_BYTES;
      return;
    }
    const { bytesWritten } = await this.handle.write(encodeAckRecord(ackedSeq), 0, ACK_RECORD_BYTES, this.size);
    // A short write leaves a torn record that readers skip; the next ack overwrites it.
    if (bytesWritten !== ACK_RECORD_BYTES) throw new Error(`ack write: ${bytesWritten} of ${ACK_RECORD_BYTES} bytes written`);
    this.size += ACK_RECORD_BYTES;
    if (this.durable) await this.handle.datasync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** A temp file left by a crash between its write and its rename holds nothing the queue needs. */
export async function removeAckTemp(dir: string): Promise<void> {
  await rm(path.join(dir, ACK_TEMP_NAME), { force: true });
}

async function replaceAckFile(dir: string, ackedSeq: number, durable: boolean): Promise<FileHandle> {
  const temp = path.join(dir, ACK_TEMP_NAME);
  const handle = await open(temp, 'w+');
  try {
    await handle.write(encodeAckRecord(ackedSeq), 0, ACK_RECORD_BYTES, 0);
    if (durable) await handle.datasync();
    await rename(temp, path.join(dir, ACK_FILE_NAME));
    if (durable) await fsyncDirectory(dir);
  } catch (err) {
    await handle.close();
    throw err;
  }
  // The handle follows the file through the rename: later acks append to `ack`.
  return handle;
}

function encodeAckRecord(ackedSeq: number): Buffer {
  const buf = Buffer.allocUnsafe(ACK_RECORD_BYTES);
  buf.writeUInt32LE(ACK_MAGIC, 0);
  writeU64(buf, ackedSeq, 4);
  buf.writeUInt32LE(crc32(buf.subarray(0, 12)), 12);
  return buf;
}

function decodeAckRecord(buf: Buffer, pos: number): number | undefined {
  if (buf.readUInt32LE(pos) !== ACK_MAGIC) return undefined;
  if (crc32(buf.subarray(pos, pos + 12)) !== buf.readUInt32LE(pos + 12)) return undefined;
  const seq = readU64(buf, pos + 4);
  return Number.isSafeInteger(seq) ? seq : undefined;
}
