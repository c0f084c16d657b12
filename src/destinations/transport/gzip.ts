/**
 * gzip (RFC 1952) of a request body or of a file batch, in libuv's thread pool.
 *
 * Measured on 100-event OCSF batches (112 KB, this machine, 2 cores; docs/destinations/http.md):
 *   - level 1, 2 and 3 cost the same CPU within the noise (~270,000-300,000 events/s of one core)
 *     and compress to 15.2 %, 14.6 % and 14.3 %; level 4 costs 1.5x, level 6 2x (11.7 %);
 *   - POSTing to a loopback receiver with gzip, the asynchronous `zlib.gzip` left the event loop
 *     busy 61-88 % where `gzipSync` kept it at 99 %, for the same or better events/s: the loop
 *     stays free to validate, queue and answer `emit` while a batch compresses.
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzipAsync = promisify(gzipCallback);

/** zlib level: as cheap as level 1 here, and 6 % smaller. */
export const GZIP_LEVEL = 3;

/** One gzip member holding `data`. */
export function gzip(data: Buffer | string, level: number = GZIP_LEVEL): Promise<Buffer> {
  return gzipAsync(data, { level });
}
