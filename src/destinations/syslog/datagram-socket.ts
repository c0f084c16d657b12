/**
 * Syslog over UDP (RFC 5426): one message per datagram, through one connected UDP socket made on
 * the first send. Connecting lets the kernel report an ICMP "port unreachable" as ECONNREFUSED on
 * a later send, the only sign of a missing receiver UDP gives; nothing confirms a delivery.
 */
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { TransportError } from '../transport/errors.js';

export interface DatagramSocketOptions {
  readonly destination: string;
  readonly host: string;
  readonly port: number;
}

export class DatagramSocket {
  readonly #options: DatagramSocketOptions;
  #socket: Promise<dgram.Socket> | undefined;

  constructor(options: DatagramSocketOptions) {
    this.#options = options;
  }

  get #where(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  /** Sends each datagram in order; a failure rejects with a `TransportError` and drops the socket. */
  async send(datagrams: readonly Buffer[], signal: AbortSignal): Promise<void> {
    const opening = (this.#socket ??= this.#open());
    let socket: dgram.Socket;
    try {
      socket = await opening;
    } catch (err) {
      this.#socket = undefined;
      throw err;
    }
    for (const datagram of datagrams) {
      signal.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        socket.send(datagram, (err) => {
          if (err === null || err === undefined) resolve();
          else reject(this.#failure(err, 'send to'));
        });
      }).catch((err: unknown) => {
        if (this.#socket === opening) this.#socket = undefined;
        socket.close();
        throw err;
      });
    }
  }

  async close(): Promise<void> {
    const opening = this.#socket;
    this.#socket = undefined;
    if (opening === undefined) return;
    const socket = await opening.catch(() => undefined);
    if (socket !== undefined) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  async #open(): Promise<dgram.Socket> {
    const { host, port } = this.#options;
    let address: { address: string; family: number };
    try {
      address = await lookup(host);
    } catch (err) {
      throw this.#failure(err as NodeJS.ErrnoException, 'resolve');
    }
    const socket = dgram.createSocket(address.family === 6 ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (err) => {
        socket.close();
        reject(this.#failure(err, 'connect to'));
      });
      socket.connect(port, address.address, () => resolve());
    });
    socket.removeAllListeners('error');
    // Later errors reach the send callbacks; this keeps one from being an uncaught exception.
    socket.on('error', () => undefined);
    return socket;
  }

  #failure(err: NodeJS.ErrnoException, what: string): TransportError {
    return new TransportError(`${this.#options.destination}: cannot ${what} ${this.#where} over UDP: ${err.message}`, err.code ?? 'ERR_SOCKET');
  }
}
