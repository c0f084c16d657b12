/**
 * One disk-queue record on disk: a fixed 28-byte header and the data, little-endian.
 *
 *   offset  bytes  field
 *   ------  -----  ------------------------------------------------------------------
 *        0      4  magic FF 53 51 01 ("\xFFSQ" + format version 1)
 *        4      4  CRC-32 (zlib.crc32) of bytes 8 .. end of data
 *        8      4  data length in bytes (u32)
 *       12      8  seq (u64; the queue position, strictly increasing across the whole log)
 *       20      8  append time, epoch ms (u64)
 *       28      n  data (the event's canonical JSON as appended)
 *
 * The magic is the resync marker: after a damaged record, recovery and the reader look for the
 * next magic and accept it only if the record there checks. 0xFF never occurs in UTF-8, so the
 * marker cannot appear inside canonical JSON data; in other data a false match is still caught by
 * the checksum. The checksum covers the length, seq and time too, so a flipped bit anywhere in a
 * record is caught (CRC-32 detects every burst of up to 32 bits). The seq is stored, not counted,
 * so skipping a damaged record never renumbers the records after it.
 */
import { crc32 } from 'node:zlib';

export const RECORD_MAGIC: Buffer = Buffer.from([0xff, 0x53, 0x51, 0x01]);
export const RECORD_HEADER_BYTES = 28;
/** A record's data can be no longer than this: longer is refused on append and is damage on read. */
export const MAX_RECORD_DATA_BYTES = 256 * 1024 * 1024;

const MAGIC_WORD = RECORD_MAGIC.readUInt32LE(0);
const TWO_32 = 2 ** 32;
/** The high word of a u64 that is still a safe integer (2^53 - 1). */
const MAX_SAFE_HIGH_WORD = 2 ** 21 - 1;

/** A record decoded from a buffer; `data` is a view of that buffer, not a copy. */
export interface DecodedRecord {
  readonly seq: number;
  readonly appendedAtMs: number;
  readonly data: Buffer;
  /** Header and data: how far the next record starts. */
  readonly recordBytes: number;
}

/** Encodes `records` as consecutive records with seqs `firstSeq`, `firstSeq + 1`, ..., into one buffer (one write). */
export function encodeRecords(records: readonly Uint8Array[], firstSeq: number, appendedAtMs: number): Buffer {
  let total = 0;
  for (const r of records) total += RECORD_HEADER_BYTES + r.byteLength;
  const out = Buffer.allocUnsafe(total);
  let pos = 0;
  for (let i = 0; i < records.length; i++) {
    const data = records[i] as Uint8Array;
    out.writeUInt32LE(MAGIC_WORD, pos);
    out.writeUInt32LE(data.byteLength, pos + 8);
    writeU64(out, firstSeq + i, pos + 12);
    writeU64(out, appendedAtMs, pos + 20);
    out.set(data, pos + RECORD_HEADER_BYTES);
    const end = pos + RECORD_HEADER_BYTES + data.byteLength;
    out.writeUInt32LE(crc32(out.subarray(pos + 8, end)), pos + 4);
    pos = end;
  }
  return out;
}

/** What lies at a position of a buffer that holds bytes up to `limit` of a segment. */
export type HeaderCheck =
  /** The header is sound; the whole record is `recordBytes` long. */
  | { readonly kind: 'header'; readonly recordBytes: number }
  /** Not a record: wrong magic, or a length or seq no record can have. */
  | { readonly kind: 'damaged' };

/**
 * Checks the header at `pos` (the caller guarantees RECORD_HEADER_BYTES are present), where the
 * segment's readable bytes end `bytesToEnd` after `pos`. A length that runs past the end is damage:
 * writes are whole records, so only a torn or corrupt record can do that.
 */
export function checkHeader(buf: Buffer, pos: number, bytesToEnd: number): HeaderCheck {
  if (buf.readUInt32LE(pos) !== MAGIC_WORD) return DAMAGED;
  const length = buf.readUInt32LE(pos + 8);
  if (length > MAX_RECORD_DATA_BYTES || RECORD_HEADER_BYTES + length > bytesToEnd) return DAMAGED;
  if (buf.readUInt32LE(pos + 16) > MAX_SAFE_HIGH_WORD || buf.readUInt32LE(pos + 24) > MAX_SAFE_HIGH_WORD) return DAMAGED;
  return { kind: 'header', recordBytes: RECORD_HEADER_BYTES + length };
}

/** Decodes the record at `pos` whose header `checkHeader` accepted, or undefined when its checksum fails. */
export function decodeRecord(buf: Buffer, pos: number, recordBytes: number): DecodedRecord | undefined {
  const end = pos + recordBytes;
  if (crc32(buf.subarray(pos + 8, end)) !== buf.readUInt32LE(pos + 4)) return undefined;
  return {
    seq: readU64(buf, pos + 12),
    appendedAtMs: readU64(buf, pos + 20),
    data: buf.subarray(pos + RECORD_HEADER_BYTES, end),
    recordBytes,
  };
}

/** Where the next magic starts in `buf[from, to)`, or -1. */
export function findMagic(buf: Buffer, from: number, to: number): number {
  const at = buf.indexOf(RECORD_MAGIC, from);
  return at !== -1 && at + RECORD_MAGIC.length <= to ? at : -1;
}

const DAMAGED: HeaderCheck = { kind: 'damaged' };

/** Writes a safe integer as a little-endian u64 (Buffer#writeBigUInt64LE would need a BigInt per call). */
export function writeU64(buf: Buffer, value: number, pos: number): void {
  buf.writeUInt32LE(value % TWO_32, pos);
  buf.writeUInt32LE(Math.floor(value / TWO_32), pos + 4);
}

export function readU64(buf: Buffer, pos: number): number {
  return buf.readUInt32LE(pos + 4) * TWO_32 + buf.readUInt32LE(pos);
}
