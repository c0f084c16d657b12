/**
 * The loopback HTTP server under each vendor receiver in this folder (elastic.ts, sumo.ts,
 * newrelic.ts, xsiam.ts): a real `node:http` server on 127.0.0.1 (port 0 unless given) that reads
 * each request whole, decodes its `Content-Encoding` (gzip, deflate), keeps it, and hands it to the
 * vendor's handler for an answer. Scripted faults come first: `fault(...)` answers the next requests
 * with the given answers (or drops their connection) before the vendor logic sees them. `down()`
 * closes the port and every connection (the vendor is unreachable), `up()` listens on the same port
 * again, with the requests and the vendor's state kept. With `tls`, it serves HTTPS with the test
 * CA's `localhost` certificate (../tls-certs.ts), for clients that speak nothing else.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import { listenOnLoopback } from '../loopback-listener.js';
import { tlsFiles } from '../tls-certs.js';

export interface VendorRequest {
  /** 0, 1, 2... in arrival order. */
  readonly index: number;
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The body as it came over the wire. */
  readonly rawBody: Buffer;
  /** The body after `Content-Encoding`, or undefined when it did not decode (see `decodeError`). */
  readonly body: Buffer | undefined;
  readonly decodeError?: string;
  /** The vendor's answer, once given. */
  answer?: VendorAnswer;
}

export type VendorAnswer =
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      /** A string or Buffer as is, anything else as JSON. Default: no body. */
      readonly body?: unknown;
    }
  /** Destroy the connection once the body was read: the receiver may have the data, the sender never learns. */
  | { readonly drop: true }
  /** In a script of faults: let the vendor's own logic answer this request. */
  | { readonly pass: true };

/** The vendor logic's answer: a status, or a dropped connection. */
export type VendorHandler = (request: VendorRequest) => VendorAnswer;

/** A script entry that lets the vendor's own logic answer. */
export const PASS: VendorAnswer = { pass: true };

export interface VendorServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly requests: VendorRequest[];
  /** Answers for the next requests, one each, in order, before the vendor's own logic. */
  fault(...answers: VendorAnswer[]): void;
  /** Forgets the requests and the scripted faults. */
  reset(): void;
  /** Stops listening and destroys every connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export interface VendorServerOptions {
  readonly port?: number;
  /** Headers on every answer (`X-Elastic-Product`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** HTTPS with the test CA's `localhost` certificate; `origin` is then `https://localhost:PORT`. */
  readonly tls?: boolean;
}

function decode(raw: Buffer, encoding: string | undefined): { body?: Buffer; error?: string } {
  const coding = (encoding ?? 'identity').trim().toLowerCase();
  try {
    if (coding === 'identity' || coding === '') return { body: raw };
    if (coding === 'gzip' || coding === 'x-gzip') return { body: gunzipSync(raw) };
    if (coding === 'deflate') return { body: inflateSync(raw) };
    return { error: `unsupported content-encoding ${coding}` };
  } catch (err) {
    return { error: `body is not ${coding}: ${(err as Error).message}` };
  }
}

export async function startVendorServer(handler: VendorHandler, options: VendorServerOptions = {}): Promise<VendorServer> {
  const requests: VendorRequest[] = [];
  let faults: VendorAnswer[] = [];
  const sockets = new Set<Socket>();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const decoded = decode(rawBody, req.headers['content-encoding']);
      const url = new URL(req.url ?? '/', 'http://receiver');
      const request: VendorRequest = {
        index: requests.length,
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        body: decoded.body,
        ...(decoded.error !== undefined ? { decodeError: decoded.error } : {}),
      };
      requests.push(request);
      const scripted = faults.shift();
      const answer = scripted === undefined || 'pass' in scripted ? handler(request) : scripted;
      request.answer = answer;
      if ('drop' in answer || 'pass' in answer) {
        req.socket.destroy();
        return;
      }
      const body = answer.body === undefined ? '' : typeof answer.body === 'string' || Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body);
      const json = answer.body !== undefined && typeof answer.body !== 'string' && !Buffer.isBuffer(answer.body);
      res.writeHead(answer.status, { ...(json ? { 'content-type': 'application/json' } : {}), ...options.headers, ...answer.headers }).end(body);
    });
  };

  const files = options.tls === true ? tlsFiles() : undefined;
  const server = files !== undefined ? createHttpsServer({ key: files.serverKey, cert: files.serverCert }, handle) : createServer(handle);
  server.keepAliveTimeout = 60_000;
  server.on(files !== undefined ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  const listener = await listenOnLoopback(server, sockets, options.port);
  const port = listener.port;
  let closed: Promise<void> | undefined;
  return {
    origin: files !== undefined ? `https://localhost:${port}` : `http://127.0.0.1:${port}`,
    port,
    requests,
    fault: (...answers) => {
      faults.push(...answers);
    },
    reset: () => {
      requests.length = 0;
      faults = [];
    },
    down: listener.down,
    up: listener.up,
    close: () => {
      closed ??= listener.down();
      return closed;
    },
  };
}
