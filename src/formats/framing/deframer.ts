/**
 * What both stream framings share (RFC 6587 §3.4): a deframer takes the bytes of one connection in
 * whatever chunks they arrive and hands back whole messages. A malformed frame ends the stream: the
 * deframer keeps its ParseError (format 'framing', offset = bytes into the stream) and drops
 * everything after it, because after a bad frame no later boundary can be trusted. The receiver
 * closes the connection. Deframers never throw.
 */
import type { ParseError } from '../parse-error.js';

/** 1 MiB: the largest message a deframer holds unless told otherwise; a guard against a peer that never ends a frame. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;

export interface DeframerOptions {
  /** The largest message accepted, in bytes (default 1 MiB); a longer frame is an error. */
  readonly maxMessageBytes?: number;
}

export interface Deframer {
  /**
   * The messages completed by this chunk, without their framing. A message may share memory with
   * the chunk it came in (it is a view, not a copy), so do not reuse chunk buffers.
   */
  push(chunk: Uint8Array): Buffer[];
  /** The stream has ended: an error if it ended inside a frame (or broke earlier), else undefined. */
  end(): ParseError | undefined;
  /** The error that ended the stream, if any. */
  readonly error: ParseError | undefined;
  /** Bytes held of an incomplete message. */
  readonly buffered: number;
}

/** The checked maxMessageBytes option. */
export function maxMessageBytesOf(options: DeframerOptions): number {
  const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxMessageBytes must be a positive integer, got ${String(max)}`);
  return max;
}

/** A chunk as a Buffer view, without copying. */
export const asBuffer = (chunk: Uint8Array): Buffer => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));

/** A message as UTF-8 bytes. */
export const messageBytes = (message: string | Uint8Array): Buffer => (typeof message === 'string' ? Buffer.from(message, 'utf8') : asBuffer(message));
