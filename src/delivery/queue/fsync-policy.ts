/**
 * When the disk queue asks the kernel to put its bytes on the device (fsync), and so what an
 * acknowledged `append` survives. Every policy writes the records with write(2) before `append`
 * resolves, so all of them survive the process dying at any instant (`kill -9`, a crash, an OOM
 * kill): the bytes are in the kernel's page cache, which outlives the process.
 *
 * | policy     | `append` resolves after                          | process crash | power loss / kernel panic          |
 * |------------|--------------------------------------------------|---------------|------------------------------------|
 * | `always`   | write(2) + fdatasync(2) (+ dir fsync, new files) | survives      | survives                           |
 * | `interval` | write(2); fdatasync at most every interval       | survives      | all but the last `fsyncIntervalMs` |
 * | `never`    | write(2); the kernel writes back (~30 s, Linux)  | survives      | all but the last ~30 s             |
 *
 * The ack log follows the same policy (an fdatasync per ack under `always` only). A power loss can
 * thus bring acknowledged records back (duplicates, same `event_id`), never lose one.
 */
import { open } from 'node:fs/promises';

export type FsyncPolicy = 'always' | 'interval' | 'never';

export const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'interval', 'never'];

/**
 * Makes the directory's entries (a new segment, a rename, an unlink) durable: on Linux a new file's
 * name is only on the device once its directory is fsynced (fsync(2), "NOTES").
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
