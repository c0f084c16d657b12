/**
 * Repairing the tail of a file this destination appends to, when it opens the file again after the
 * process died in the middle of a write (`kill -9`, a full disk). Only the last batch can be torn,
 * and the runtime sends it again (its `send` never resolved), so the torn bytes are cut off and the
 * file ends, as it did before that batch, on a whole line or a whole gzip member:
 *
 *   lines   ... {"a":1}\n{"b":2}\n{"c":      -> cut after the last `\n`
 *   gzip    [member][member][member, torn]   -> cut where the last member starts
 *
 * A gzip member we write has a fixed 10-byte header (RFC 1952 §2.3.1: ID1 ID2 CM=8, FLG=0,
 * MTIME=0, XFL, OS), then a raw deflate stream, then CRC32 and ISIZE of the data. The last member
 * is found by searching back for that header and checked by inflating it and comparing both
 * trailer fields. Nothing is cut unless a torn member of ours is found: a file written by another
 * tool (a member with a file name, say) is left as it is.
 */
import type { FileHandle } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';

/** ID1 ID2 CM FLG MTIME(4): the first 8 bytes of every member `zlib.gzip` writes. */
const MEMBER_START = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);
const HEADER_BYTES = 10;
const TRAILER_BYTES = 8;
/** Read back in windows of this size when searching. */
const WINDOW_BYTES = 1_048_576;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/** Offset just after the last `\n` before `size` (0 when none): where a whole-lines file ends. */
export async function wholeLinesEnd(handle: FileHandle, size: number): Promise<number> {
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - WINDOW_BYTES);
    const buf = await readAt(handle, start, end - start);
    const nl = buf.lastIndexOf(0x0a);
    if (nl !== -1) return start + nl + 1;
    end = start;
  }
  return 0;
}

/** Offset of the last occurrence of our member header that starts before `before`, or -1. */
async function lastMemberStart(handle: FileHandle, before: number): Promise<number> {
  let end = before + MEMBER_START.length - 1;
  while (end >= MEMBER_START.length) {
    const start = Math.max(0, end - WINDOW_BYTES);
    const buf = await readAt(handle, start, end - start);
    const at = buf.lastIndexOf(MEMBER_START);
    if (at !== -1) return start + at;
    // Overlap the windows by a header's length, so a header across their border is found.
    end = start + MEMBER_START.length - 1;
    if (start === 0) break;
  }
  return -1;
}

/** The length of the complete member at the start of `buf`, or undefined when it is torn or not one. */
function memberLength(buf: Buffer): number | undefined {
  if (buf.length < HEADER_BYTES + TRAILER_BYTES) return undefined;
  let data: Buffer;
  let consumed: number;
  try {
    const out = inflateRawSync(buf.subarray(HEADER_BYTES), { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    data = out.buffer;
    consumed = out.engine.bytesWritten;
  } catch {
    return undefined;
  }
  const trailer = HEADER_BYTES + consumed;
  if (buf.length < trailer + TRAILER_BYTES) return undefined;
  if (buf.readUInt32LE(trailer) !== crc32(data) || buf.readUInt32LE(trailer + 4) !== data.length % 2 ** 32) return undefined;
  return trailer + TRAILER_BYTES;
}

/** Offset where the whole gzip members of the file end: `size` when its tail is whole. */
export async function wholeMembersEnd(handle: FileHandle, size: number): Promise<number> {
  if (size === 0) return 0;
  const last = await lastMemberStart(handle, size);
  if (last === -1) {
    // Not even one header of ours: a header torn before its 8th byte, or not our file.
    const head = await readAt(handle, 0, Math.min(size, MEMBER_START.length));
    return size < MEMBER_START.length && MEMBER_START.subarray(0, size).equals(head) ? 0 : size;
  }
  const length = memberLength(await readAt(handle, last, size - last));
  if (length !== undefined) return last + length;
  // The header found may be bytes inside the last member's compressed data that look like one
  // (about 2^-64 per position); then the member before it reaches the end whole.
  const previous = last > 0 ? await lastMemberStart(handle, last - 1) : -1;
  if (previous !== -1 && memberLength(await readAt(handle, previous, size - previous)) === size - previous) return size;
  return last;
}
