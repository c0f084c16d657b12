/**
 * ULIDs (https://github.com/ulid/spec): 48-bit millisecond time + 80 random bits, in Crockford
 * base32, lexicographically sortable. Monotonic within one millisecond (the random part is
 * incremented), so ids created in a burst keep their order.
 */
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const random = new Uint8Array(10);
let lastTime = -1;

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits -> 16 base32 characters, 5 bits at a time from the most significant end.
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** Increments the 80-bit random part by one; false when it overflows. */
function increment(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] !== 255) {
      bytes[i] = (bytes[i] as number) + 1;
      return true;
    }
    bytes[i] = 0;
  }
  return false;
}

/** A new ULID for the time `now` (default: the current time). */
export function ulid(now: number = Date.now()): string {
  if (!Number.isInteger(now) || now < 0 || now > 0xffff_ffff_ffff) throw new RangeError(`ULID time must be an integer from 0 to 2^48-1 ms, got ${now}`);
  if (now <= lastTime) {
    if (!increment(random)) throw new Error('ULID random part overflowed within one millisecond');
    now = lastTime;
  } else {
    randomFillSync(random);
    lastTime = now;
  }
  return encodeTime(now) + encodeRandom(random);
}
