/**
 * A batch of syslog messages as the bytes one write puts on the wire: octet-counted or LF-framed
 * frames back to back on a stream (RFC 6587), or one datagram each over UDP (RFC 5426), cut to
 * the datagram size at a character boundary or refused, as configured.
 */
import { frameBatch } from '../../formats/framing/batch.js';
import { fitDatagram } from '../../formats/framing/datagram.js';
import type { RejectedItem } from '../errors.js';
import type { SyslogFraming, UdpOversize } from './config.js';

export interface StreamChunk {
  readonly bytes: Buffer;
  /** Indices of messages no frame can carry (an LF inside an LF-framed one), with the reason. */
  readonly rejected: readonly RejectedItem[];
}

export function frameStream(messages: readonly string[], framing: SyslogFraming): StreamChunk {
  const { bytes, refused } = frameBatch(messages, framing);
  return { bytes, rejected: refused.map((r): RejectedItem => ({ index: r.index, reason: r.reason, status: 'unframeable' })) };
}

export interface Datagrams {
  readonly datagrams: readonly Buffer[];
  readonly rejected: readonly RejectedItem[];
}

export function datagramsOf(messages: readonly string[], maxBytes: number, oversize: UdpOversize): Datagrams {
  const datagrams: Buffer[] = [];
  const rejected: RejectedItem[] = [];
  for (let i = 0; i < messages.length; i++) {
    const fitted = fitDatagram(messages[i] as string, maxBytes);
    if (!fitted.truncated || oversize === 'truncate') datagrams.push(fitted.datagram);
    else {
      rejected.push({ index: i, reason: `the message is ${Buffer.byteLength(messages[i] as string)} bytes, over max_datagram_bytes (${maxBytes}), and udp_oversize is dead_letter`, status: 'oversize' });
    }
  }
  return { datagrams, rejected };
}
