/**
 * One open file that batches are appended to: opened with O_APPEND (every write lands at the end,
 * whatever else holds the file), its torn tail repaired on open (repair.ts), written whole, and
 * `fdatasync`ed when asked.
 */
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { wholeLinesEnd, wholeMembersEnd } from './repair.js';

/** rw-r-----: the owner writes, a log shipper in the group reads (the syslog convention); the umask applies. */
export const FILE_MODE = 0o640;

/** The gzip magic (RFC 1952 §2.3.1 ID1 ID2). */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

export class FileWriter {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** Bytes on disk. */
    public size: number,
    /** When the file was started (its birth time when it existed, epoch ms). */
    readonly startedAtMs: number,
    /** Bytes of a torn tail cut off when the file was opened. */
    readonly repairedBytes: number,
  ) {}

  /**
   * Opens `filePath` for appending, creating it and its directories. Returns `undefined`, leaving
   * the file untouched, when it holds the other kind of content (gzip where lines are written, or
   * lines where gzip is), so the caller can move it aside rather than mix the two.
   */
  static async open(filePath: string, gzip: boolean, nowMs: number): Promise<FileWriter | undefined> {
    await mkdir(path.dirname(filePath), { recursive: true });
    const handle = await open(filePath, 'a+', FILE_MODE);
    try {
      const stat = await handle.stat();
      let size = stat.size;
      if (size === 0) return new FileWriter(filePath, handle, 0, nowMs, 0);
      const head = Buffer.alloc(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      const isGzip = bytesRead === 2 && head.equals(GZIP_MAGIC);
      // One byte 0x1f is a gzip header torn after its first byte: ours, when gzip is on.
      if (isGzip !== gzip && !(gzip && size === 1 && head[0] === 0x1f)) {
        await handle.close();
        return undefined;
      }
      const end = gzip ? await wholeMembersEnd(handle, size) : await wholeLinesEnd(handle, size);
      if (end < size) {
        await handle.truncate(end);
        await handle.datasync();
      }
      const repaired = size - end;
      size = end;
      const born = stat.birthtimeMs > 0 ? stat.birthtimeMs : nowMs;
      return new FileWriter(filePath, handle, size, Math.min(born, nowMs), repaired);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Appends `data` whole (a short write is continued). */
  async append(data: Buffer): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done);
      done += bytesWritten;
      this.size += bytesWritten;
    }
  }

  sync(): Promise<void> {
    return this.handle.datasync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
