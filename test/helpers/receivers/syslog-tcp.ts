/**
 * A loopback syslog receiver over TCP (RFC 6587) for tests, usable in your own: a real `node:net`
 * server on 127.0.0.1 that deframes each connection with siemkit's own deframers (octet counting,
 * RFC 6587 §3.4.1, or LF, §3.4.2) and keeps every whole message. It speaks no acknowledgement, as
 * no syslog receiver does; what it can do is what a syslog server does under trouble:
 *
 *   const syslog = await startSyslogTcpReceiver();          // { port?, framing?: 'octet_counting' | 'lf' }
 *   // point a `syslog` destination at 127.0.0.1:syslog.port (transport tcp), send, then:
 *   syslog.messages;                 // every whole message, in arrival order, duplicates included
 *   syslog.eventIds();               // the event ids of RFC 5424 messages whose MSG is a JSON event
 *   syslog.pause(); syslog.resume(); // stop reading every connection (TCP flow control: a busy server), then read again
 *   await syslog.down(); await syslog.up();   // unreachable for a while, then back on the same port
 *   syslog.cutFrames;                // connections that ended inside a frame (a sender killed mid-write)
 *   await syslog.close();
 *
 * A frame cut by the end of its connection is not a message: it is counted in `cutFrames` and
 * dropped, as syslog-ng and rsyslog drop it.
 */
import net from 'node:net';
import type { Deframer } from '../../../src/formats/framing/deframer.js';
import { LfDeframer } from '../../../src/formats/framing/lf.js';
import { OctetCountingDeframer } from '../../../src/formats/framing/octet-counting.js';
import { readRfc5424 } from '../../../src/formats/syslog/rfc5424-parse.js';
import { defaultEventId } from '../http-receiver.js';
import { listenOnLoopback } from '../loopback-listener.js';

export interface SyslogTcpReceiverOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default `octet_counting`. */
  readonly framing?: 'octet_counting' | 'lf';
}

export interface SyslogTcpReceiver {
  readonly port: number;
  /** Whole messages, in arrival order, duplicates included. */
  readonly messages: string[];
  /** Connections accepted so far. */
  readonly connections: () => number;
  /** Connections that ended inside a frame. */
  readonly cutFrames: () => number;
  /** Event ids of RFC 5424 messages whose MSG is a JSON event (`event_id`, `metadata.uid`, `event.id`). */
  eventIds(): string[];
  /** Stops reading from every connection, present and future, until `resume()`. */
  pause(): void;
  resume(): void;
  /** Stops listening and destroys every connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  waitForMessages(n: number, timeoutMs?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** The event id carried by one RFC 5424 message's JSON MSG, if any. */
export function syslogEventId(message: string): string | undefined {
  const read = readRfc5424(message);
  if (!read.ok || read.value.message === undefined) return undefined;
  try {
    return defaultEventId(JSON.parse(read.value.message));
  } catch {
    return undefined;
  }
}

export async function startSyslogTcpReceiver(options: SyslogTcpReceiverOptions = {}): Promise<SyslogTcpReceiver> {
  const messages: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let cutFrames = 0;
  let paused = false;
  const waiters = new Set<() => void>();

  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    const deframer: Deframer = options.framing === 'lf' ? new LfDeframer() : new OctetCountingDeframer();
    if (paused) socket.pause();
    socket.on('data', (chunk: Buffer) => {
      for (const m of deframer.push(chunk)) messages.push(m.toString('utf8'));
      for (const w of [...waiters]) w();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      if (deframer.end() !== undefined) cutFrames++;
    });
  });
  const listener = await listenOnLoopback(server, sockets, options.port);

  return {
    port: listener.port,
    messages,
    connections: () => connections,
    cutFrames: () => cutFrames,
    eventIds: () => messages.map(syslogEventId).filter((id): id is string => id !== undefined),
    pause: () => {
      paused = true;
      for (const s of sockets) s.pause();
    },
    resume: () => {
      paused = false;
      for (const s of sockets) s.resume();
    },
    down: listener.down,
    up: listener.up,
    waitForMessages: (n, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (messages.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`syslog tcp receiver: timed out after ${timeoutMs} ms waiting for ${n} messages (have ${messages.length})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: listener.down,
  };
}
