/**
 * Octet-counting framing (RFC 6587 §3.4.1, and the only framing RFC 5425 §4.3 allows over TLS):
 *
 *   SYSLOG-FRAME = MSG-LEN SP SYSLOG-MSG      MSG-LEN = NONZERO-DIGIT *DIGIT
 *
 * MSG-LEN counts octets of the UTF-8 message, not characters. Any byte may appear in a message, LF
 * included, which is why it is the safer framing.
 */
import { ParseError } from '../parse-error.js';
import type { Deframer, DeframerOptions } from './deframer.js';
import { maxMessageBytesOf, messageBytes } from './deframer.js';

/** Why a message cannot be octet-counted. */
export const OCTET_COUNTING_EMPTY = 'an empty message cannot be octet-counted (MSG-LEN starts with a non-zero digit)';

/** One message as an octet-counted frame: `<octets> <message>`. An empty message cannot be framed (MSG-LEN is at least 1). */
export function frameOctetCounting(message: string | Uint8Array): Buffer {
  const bytes = messageBytes(message);
  if (bytes.length === 0) throw new RangeError(OCTET_COUNTING_EMPTY);
  const head = `${bytes.length} `;
  const frame = Buffer.allocUnsafe(head.length + bytes.length);
  frame.write(head, 0, 'latin1');
  bytes.copy(frame, head.length);
  return frame;
}

/** The most MSG-LEN digits worth reading before the length is surely over the maximum. */
const digitsOf = (n: number): number => String(n).length;

/** Reads octet-counted frames from a stream of chunks. */
export class OctetCountingDeframer implements Deframer {
  readonly #max: number;
  readonly #maxDigits: number;
  /** Bytes of the stream before the current chunk. */
  #streamOffset = 0;
  /** MSG-LEN digits read so far (0: at a frame boundary). */
  #digits = 0;
  #length = 0;
  /** The message being filled once MSG-LEN and SP are read; undefined while reading MSG-LEN. */
  #message: Buffer | undefined;
  #filled = 0;
  #error: ParseError | undefined;

  constructor(options: DeframerOptions = {}) {
    this.#max = maxMessageBytesOf(options);
    this.#maxDigits = digitsOf(this.#max);
  }

  get error(): ParseError | undefined {
    return this.#error;
  }

  get buffered(): number {
    return this.#message === undefined ? this.#digits : this.#filled;
  }

  #fail(offset: number, reason: string): Buffer[] {
    this.#error = new ParseError('framing', offset, reason);
    this.#message = undefined;
    return [];
  }

  push(chunk: Uint8Array): Buffer[] {
    const out: Buffer[] = [];
    if (this.#error !== undefined) return out;
    const bytes = messageBytes(chunk);
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      if (this.#message === undefined) {
        // MSG-LEN SP
        const b = bytes[i] as number;
        const at = this.#streamOffset + i;
        if (b === 32 && this.#digits > 0) {
          i++;
          this.#digits = 0;
          const rest = n - i;
          if (rest >= this.#length) {
            // The whole message is in this chunk: a view of it.
            out.push(bytes.subarray(i, i + this.#length));
            i += this.#length;
          } else {
            this.#message = Buffer.allocUnsafe(this.#length);
            this.#filled = 0;
          }
          continue;
        }
        const d = b - 48;
        if (d < 0 || d > 9) {
          this.#fail(at, this.#digits === 0 ? 'expected MSG-LEN (a decimal octet count) at the start of a frame' : 'expected a space after MSG-LEN');
          return out;
        }
        if (this.#digits === 0 && d === 0) {
          this.#fail(at, 'MSG-LEN starts with 0 (it is a non-zero decimal number without leading zeros)');
          return out;
        }
        this.#length = this.#digits === 0 ? d : this.#length * 10 + d;
        this.#digits++;
        if (this.#digits > this.#maxDigits || this.#length > this.#max) {
          this.#fail(at, `MSG-LEN is over the maximum message size of ${this.#max} bytes`);
          return out;
        }
        i++;
      } else {
        const message = this.#message;
        const take = Math.min(n - i, message.length - this.#filled);
        bytes.copy(message, this.#filled, i, i + take);
        this.#filled += take;
        i += take;
        if (this.#filled === message.length) {
          out.push(message);
          this.#message = undefined;
        }
      }
    }
    this.#streamOffset += n;
    return out;
  }

  end(): ParseError | undefined {
    if (this.#error === undefined && (this.#message !== undefined || this.#digits > 0)) {
      this.#fail(this.#streamOffset, this.#message === undefined ? 'the stream ends inside MSG-LEN' : `the stream ends inside a frame: ${this.#filled} of ${this.#length} octets`);
    }
    return this.#error;
  }
}
