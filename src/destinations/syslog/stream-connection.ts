/**
 * One TCP or TLS connection to a syslog receiver (RFC 6587, RFC 5425), opened on the first write
 * and again after any failure. Syslog over a stream has no acknowledgement: a write is done when
 * the kernel has taken its bytes. A connection the receiver closed, reset or let time out is
 * noticed (its `close` event) and replaced on the next write; a write that fails rejects with a
 * `TransportError`, so the retry sender resends the batch after its backoff, which is also the
 * reconnect backoff. TLS verifies the receiver's certificate and name unless the configuration
 * turns `tls.verify` off by name.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { TlsConnectOptions } from '../transport/tls-options.js';
import { TransportError } from '../transport/errors.js';

export interface StreamConnectionOptions {
  readonly destination: string;
  readonly host: string;
  readonly port: number;
  /** Present for TLS. */
  readonly tls?: TlsConnectOptions;
  /** Deadline of a connect (with its TLS handshake) and of one write, in ms. */
  readonly timeoutMs: number;
}

/**
 * In TLS 1.3 the client finishes its handshake before the server has checked the client's
 * certificate (RFC 8446 §4.4.2): a receiver that refuses it answers with an alert after
 * `secureConnect`, and a batch written in between is lost without an error. The server's first
 * NewSessionTicket comes only after it accepted the client, so the connection is used once a
 * ticket (Node's `session` event) or the alert arrives, or after this wait for a server that sends
 * no tickets.
 */
export const TLS13_CONFIRM_MS = 1_000;

function confirmTls13(socket: tls.TLSSocket, ready: () => void): void {
  if (socket.getProtocol() !== 'TLSv1.3') {
    ready();
    return;
  }
  const done = (): void => {
    clearTimeout(timer);
    socket.off('session', done);
    // An alert arrives as an error (and close): the pending connect fails with it instead. The
    // `session` event comes from inside the TLS read path: the socket is used once that has returned.
    setImmediate(() => {
      if (!socket.destroyed) ready();
    });
  };
  const timer = setTimeout(done, TLS13_CONFIRM_MS);
  socket.once('session', done);
  socket.once('close', () => clearTimeout(timer));
}

/** A receiver's syslog port reads; it never answers. What it sends is read and dropped so its buffers do not fill ours. */
const discard = (): void => undefined;

export class StreamConnection {
  readonly #options: StreamConnectionOptions;
  #socket: net.Socket | undefined;
  #connecting: Promise<net.Socket> | undefined;
  /** The last reason the connection ended, for the next failure's message. */
  #lastEnd: string | undefined;

  constructor(options: StreamConnectionOptions) {
    this.#options = options;
  }

  get #where(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  /** Writes `chunk`, connecting first if needed. Resolves once the kernel has it. */
  async write(chunk: Buffer, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    // Sends in flight at once (a destination's `concurrency`) share one connect.
    const socket = this.#socket ?? (await (this.#connecting ??= this.#connect(signal).finally(() => (this.#connecting = undefined))));
    await this.#deadline(signal, `write to ${this.#where}`, (settle) => {
      const onClose = (): void => settle(new TransportError(`${this.#options.destination}: the connection to ${this.#where} closed during a write${this.#lastEnd !== undefined ? ` (${this.#lastEnd})` : ''}`, 'ECONNRESET'));
      socket.once('close', onClose);
      socket.write(chunk, (err) => {
        socket.off('close', onClose);
        settle(err === undefined || err === null ? undefined : this.#failure(err, 'write to'));
      });
      return () => socket.off('close', onClose);
    }).catch((err: unknown) => {
      this.#drop(socket);
      throw err;
    });
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket === undefined || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => socket.destroy(), this.#options.timeoutMs);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      // A graceful end: what was written is flushed before the FIN (and TLS close_notify).
      socket.end();
    });
  }

  #connect(signal: AbortSignal): Promise<net.Socket> {
    const { host, port } = this.#options;
    const tlsOptions = this.#options.tls;
    return this.#deadline(signal, `connect to ${this.#where}`, (settle) => {
      const socket =
        tlsOptions === undefined
          ? net.connect({ host, port })
          : tls.connect({
              host,
              port,
              ...(tlsOptions.ca !== undefined ? { ca: tlsOptions.ca } : {}),
              ...(tlsOptions.cert !== undefined ? { cert: tlsOptions.cert } : {}),
              ...(tlsOptions.key !== undefined ? { key: tlsOptions.key } : {}),
              // SNI is a host name; for an IP address Node checks the certificate's IP SANs instead.
              ...(tlsOptions.servername !== undefined ? { servername: tlsOptions.servername } : net.isIP(host) === 0 ? { servername: host } : {}),
              rejectUnauthorized: tlsOptions.rejectUnauthorized,
              minVersion: 'TLSv1.2',
            });
      const onError = (err: Error): void => {
        socket.destroy();
        settle(this.#failure(err, 'connect to'));
      };
      socket.once('error', onError);
      const ready = (): void => {
        socket.off('error', onError);
        this.#adopt(socket);
        settle(undefined, socket);
      };
      if (tlsOptions === undefined) socket.once('connect', ready);
      else socket.once('secureConnect', () => confirmTls13(socket as tls.TLSSocket, ready));
      return () => {
        if (this.#socket !== socket) socket.destroy();
      };
    });
  }

  /** Makes `socket` the connection, and forgets it once it ends for any reason. */
  #adopt(socket: net.Socket): void {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.on('data', discard);
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.#lastEnd = err.code ?? err.message;
    });
    socket.on('end', () => {
      this.#lastEnd = 'the receiver closed it';
      socket.destroy();
    });
    socket.on('close', () => {
      if (this.#socket === socket) this.#socket = undefined;
    });
    this.#socket = socket;
    this.#lastEnd = undefined;
  }

  #drop(socket: net.Socket): void {
    if (this.#socket === socket) this.#socket = undefined;
    socket.destroy();
  }

  #failure(err: NodeJS.ErrnoException, what: string): TransportError {
    const code = err.code ?? 'ERR_SOCKET';
    // Node's messages name the address and the code (a TLS one names the certificate problem); no secret is in them.
    return new TransportError(`${this.#options.destination}: cannot ${what} ${this.#where}: ${err.message}`, code);
  }

  /**
   * Runs `start` with a `settle` callback under the timeout and the abort signal; whichever comes
   * first settles. `start` returns a clean-up for when the timeout or the signal wins.
   */
  #deadline<T>(signal: AbortSignal, what: string, start: (settle: (err: Error | undefined, value?: T) => void) => () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      let cleanUp: () => void = () => undefined;
      const finish = (err: Error | undefined, value?: T): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err !== undefined) reject(err);
        else resolve(value as T);
      };
      const onAbort = (): void => {
        cleanUp();
        finish(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      };
      const timer = setTimeout(() => {
        cleanUp();
        finish(new TransportError(`${this.#options.destination}: ${what} timed out after ${this.#options.timeoutMs} ms`, 'timeout'));
      }, this.#options.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      cleanUp = start(finish);
    });
  }
}
