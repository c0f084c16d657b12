/**
 * One message per UDP datagram (RFC 5426 §3.1), cut to fit. Receivers must accept 480 octets
 * (IPv4) or 1180 (IPv6) and should accept 2048 (§3.2); a sender that wants no IP fragmentation
 * stays under the path MTU (1472 bytes of payload on 1500-byte Ethernet over IPv4). A longer
 * message is truncated (RFC 5424 §6.1 lets receivers do the same), at a UTF-8 sequence boundary so
 * the datagram stays valid UTF-8. A truncated message has lost the end of its body: UDP is for
 * receivers where loss is acceptable, and `truncated` says it happened.
 */
import { messageBytes } from './deframer.js';

/** RFC 5426 §3.2: what every receiver should accept. */
export const DEFAULT_DATAGRAM_BYTES = 2048;

export interface FittedDatagram {
  readonly datagram: Buffer;
  readonly truncated: boolean;
}

/** The message as one datagram of at most `maxBytes` bytes (default 2048). */
export function fitDatagram(message: string | Uint8Array, maxBytes = DEFAULT_DATAGRAM_BYTES): FittedDatagram {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError(`maxBytes must be a positive integer, got ${String(maxBytes)}`);
  const bytes = messageBytes(message);
  if (bytes.length <= maxBytes) return { datagram: bytes, truncated: false };
  // The byte at the cut starts the first character left out, unless it continues one (10xxxxxx):
  // then step back to that character's lead byte, at most 3 bytes (the longest UTF-8 sequence is 4).
  let cut = maxBytes;
  while (cut > maxBytes - 3 && cut > 0 && ((bytes[cut] as number) & 0xc0) === 0x80) cut--;
  if (((bytes[cut] as number) & 0xc0) === 0x80) cut = maxBytes; // not UTF-8 here: nothing to keep whole
  return { datagram: bytes.subarray(0, cut), truncated: true };
}
