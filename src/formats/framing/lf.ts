/**
 * Non-transparent framing with an LF trailer (RFC 6587 §3.4.2): `SYSLOG-MSG LF`. The trailer
 * cannot be escaped, so a message holding LF cannot be framed this way; siemkit's syslog messages
 * never hold one (every body escapes line breaks), and `frameLf` refuses any that does rather
 * than let it split into two frames at the receiver.
 */
import { ParseError } from '../parse-error.js';
import type { Deframer, DeframerOptions } from './deframer.js';
import { maxMessageBytesOf, messageBytes } from './deframer.js';

const LF = 10;

/** Why a message cannot be LF-framed. */
export const LF_EMPTY = 'an empty message cannot be framed';
export const LF_INSIDE = 'a message holding LF cannot be LF-framed (RFC 6587 §3.4.2): use octet counting';

/** One message as an LF-terminated frame. A RangeError for an empty message or one holding LF. */
export function frameLf(message: string | Uint8Array): Buffer {
  const bytes = messageBytes(message);
  if (bytes.length === 0) throw new RangeError(LF_EMPTY);
  if (bytes.indexOf(LF) !== -1) throw new RangeError(LF_INSIDE);
  const frame = Buffer.allocUnsafe(bytes.length + 1);
  bytes.copy(frame, 0);
  frame[bytes.length] = LF;
  return frame;
}

/** Reads LF-terminated frames from a stream of chunks. An empty frame (two LFs in a row) is an error. */
export class LfDeframer implements Deframer {
  readonly #max: number;
  #streamOffset = 0;
  /** The pieces of an incomplete message, and their total length. */
  #pieces: Buffer[] = [];
  #held = 0;
  #error: ParseError | undefined;

  constructor(options: DeframerOptions = {}) {
    this.#max = maxMessageBytesOf(options);
  }

  get error(): ParseError | undefined {
    return this.#error;
  }

  get buffered(): number {
    return this.#held;
  }

  #fail(offset: number, reason: string): void {
    this.#error = new ParseError('framing', offset, reason);
    this.#pieces = [];
    this.#held = 0;
  }

  push(chunk: Uint8Array): Buffer[] {
    const out: Buffer[] = [];
    if (this.#error !== undefined) return out;
    const bytes = messageBytes(chunk);
    let start = 0;
    for (;;) {
      const lf = bytes.indexOf(LF, start);
      const end = lf === -1 ? bytes.length : lf;
      if (this.#held + (end - start) > this.#max) {
        this.#fail(this.#streamOffset + start + (this.#max - this.#held), `a message is longer than the maximum of ${this.#max} bytes`);
        return out;
      }
      if (lf === -1) {
        if (end > start) {
          this.#pieces.push(bytes.subarray(start));
          this.#held += end - start;
        }
        break;
      }
      if (this.#held === 0 && lf === start) {
        this.#fail(this.#streamOffset + lf, 'an empty frame (LF with no message before it)');
        return out;
      }
      const piece = bytes.subarray(start, lf);
      if (this.#held === 0) out.push(piece);
      else {
        out.push(Buffer.concat([...this.#pieces, piece], this.#held + piece.length));
        this.#pieces = [];
        this.#held = 0;
      }
      start = lf + 1;
    }
    this.#streamOffset += bytes.length;
    return out;
  }

  end(): ParseError | undefined {
    if (this.#error === undefined && this.#held > 0) this.#fail(this.#streamOffset, 'the stream ends inside a message (no LF after it)');
    return this.#error;
  }
}
