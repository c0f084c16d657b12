/**
 * A loopback HTTP(S) receiver for delivery tests: a real `node:http` server on 127.0.0.1, port 0,
 * that records every request (method, path, headers, body as sent and gunzipped, the records in
 * it) and answers as it is told, per request or by rule:
 *
 *   receiver.script({ status: 503 }, { status: 429, headers: { 'retry-after': '1' } }, { drop: 'after_body' });
 *   receiver.rule((req) => (req.records.length > 10 ? { status: 413 } : undefined));
 *
 * Answers are taken from the script first (one entry per request, in order), then from the rules
 * (the first that returns one), then `defaultAnswer` (200 `{}`). A body that does not parse in the
 * receiver's body mode is answered 400 unless the script or a rule says otherwise.
 *
 * A 2xx answer accepts every record of its request, or those at `accepted` (a partial success);
 * `records` and `eventIds()` hold the accepted records only, in arrival order, duplicates included.
 * `down()` closes the port and every connection (the receiver is "down"), `up()` listens on the same
 * port again. With `tls`, it serves HTTPS with the test CA's `localhost` certificate
 * (tls-certs.ts), and with `requestCert` it asks for and verifies a client certificate.
 */
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import { listenOnLoopback } from './loopback-listener.js';
import { tlsFiles } from './tls-certs.js';

/** How request bodies are read into records. `auto`: NDJSON when the content type says so, else JSON (an array is its items, anything else one record). */
export type ReceiverBodyMode = 'auto' | 'json_array' | 'ndjson' | 'single';

export type Answer =
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      /** A string as is, anything else as JSON. Default `{}`. */
      readonly body?: unknown;
      /** Wait this long before answering (a slow receiver), in ms. */
      readonly delayMs?: number;
      /** For a 2xx: the indices of the records accepted (a partial success). Default: all. */
      readonly accepted?: readonly number[];
    }
  | {
      /**
       * Destroy the connection without an answer: as soon as the request's head arrives
       * (`before_body`, script entries only; from a rule it acts as `after_body`), or once the whole
       * body was read (`after_body`: the receiver has the data, the sender never learns it).
       */
      readonly drop: 'before_body' | 'after_body';
      readonly delayMs?: number;
    };

export interface ReceivedRequest {
  /** 0, 1, 2... in arrival order. */
  readonly index: number;
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as it came over the wire. */
  readonly rawBody: Buffer;
  /** The body, gunzipped when `content-encoding: gzip`. */
  readonly body: Buffer;
  readonly text: string;
  /** The records of the body (empty when it did not parse). */
  readonly records: readonly unknown[];
  /** Why the body did not parse, when it did not. */
  readonly parseError?: string;
  /** The CN of the client certificate, with `requestCert`. */
  readonly clientCertSubject?: string;
  /** The client's port: requests on one kept-alive connection share it. */
  readonly remotePort: number | undefined;
  /** What the receiver answered (set once answered). */
  answer?: Answer;
}

export type AnswerRule = (request: ReceivedRequest) => Answer | undefined;

export interface HttpReceiverOptions {
  readonly body?: ReceiverBodyMode;
  readonly tls?: boolean | { readonly requestCert?: boolean };
  readonly defaultAnswer?: Answer;
  /** The event id of a record; default: `event_id` (canonical), `metadata.uid` (OCSF) or `event.id` (ECS). */
  readonly eventId?: (record: unknown) => string | undefined;
  /** The port to listen on; default 0 (any free port). */
  readonly port?: number;
}

export interface HttpReceiver {
  /** `http://127.0.0.1:PORT` or `https://localhost:PORT`. */
  readonly origin: string;
  readonly port: number;
  /** `origin` + `path`. */
  url(path?: string): string;
  /** Every request, in arrival order. */
  readonly requests: ReceivedRequest[];
  /** Accepted records, in arrival order. */
  readonly records: unknown[];
  /** Event ids of the accepted records, duplicates included. */
  eventIds(): string[];
  /** Answers for the next requests, one each, in order. */
  script(...answers: Answer[]): void;
  /** A rule consulted when the script is empty. */
  rule(rule: AnswerRule): void;
  /** Forgets requests, records, script and rules. */
  reset(): void;
  /** Resolves once at least `n` records were accepted. */
  waitForRecords(n: number, timeoutMs?: number): Promise<unknown[]>;
  /** Resolves once at least `n` requests were answered (or dropped). */
  waitForRequests(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** Stops listening and destroys every connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export function defaultEventId(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as { event_id?: unknown; metadata?: { uid?: unknown }; event?: { id?: unknown } };
  const id = r.event_id ?? r.metadata?.uid ?? r.event?.id;
  return typeof id === 'string' ? id : undefined;
}

function parseRecords(text: string, mode: ReceiverBodyMode, contentType: string): { records: unknown[]; error?: string } {
  const effective = mode === 'auto' ? (/ndjson|jsonl|jsonlines/i.test(contentType) ? 'ndjson' : 'json') : mode;
  try {
    if (effective === 'ndjson') {
      if (text.length > 0 && !text.endsWith('\n')) return { records: [], error: 'NDJSON body does not end with a newline' };
      return { records: text.split('\n').slice(0, -1).map((line) => JSON.parse(line) as unknown) };
    }
    const doc = JSON.parse(text) as unknown;
    if (effective === 'json_array') return Array.isArray(doc) ? { records: doc } : { records: [], error: 'body is not a JSON array' };
    if (effective === 'single') return Array.isArray(doc) ? { records: [], error: 'body is an array, not one record' } : { records: [doc] };
    return { records: Array.isArray(doc) ? doc : [doc] };
  } catch (err) {
    return { records: [], error: (err as Error).message };
  }
}

function waitUntil<T>(check: () => T | undefined, subscribe: (wake: () => void) => () => void, timeoutMs: number, what: () => string): Promise<T> {
  const now = check();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const unsubscribe = subscribe(() => {
      const v = check();
      if (v === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(v);
    });
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`http receiver: timed out after ${timeoutMs} ms waiting for ${what()}`));
    }, timeoutMs);
  });
}

export async function startHttpReceiver(options: HttpReceiverOptions = {}): Promise<HttpReceiver> {
  const mode = options.body ?? 'auto';
  const eventIdOf = options.eventId ?? defaultEventId;
  const defaultAnswer: Answer = options.defaultAnswer ?? { status: 200, body: {} };
  const requests: ReceivedRequest[] = [];
  const records: unknown[] = [];
  let script: Answer[] = [];
  let rules: AnswerRule[] = [];
  const listeners = new Set<() => void>();
  const sockets = new Set<Socket>();
  const notify = (): void => {
    for (const l of [...listeners]) l();
  };

  function answer(req: IncomingMessage, res: ServerResponse, received: ReceivedRequest, chosen: Answer): void {
    received.answer = chosen;
    const finish = (): void => {
      if ('drop' in chosen) {
        req.socket.destroy();
      } else {
        if (chosen.status >= 200 && chosen.status <= 299) {
          const accepted = chosen.accepted ?? received.records.map((_, i) => i);
          for (const i of accepted) if (i < received.records.length) records.push(received.records[i]);
        }
        const body = chosen.body === undefined ? '{}' : typeof chosen.body === 'string' ? chosen.body : JSON.stringify(chosen.body);
        const headers = { 'content-type': 'application/json', ...chosen.headers };
        if (!res.destroyed) res.writeHead(chosen.status, headers).end(body);
      }
      notify();
    };
    if (chosen.delayMs !== undefined && chosen.delayMs > 0) setTimeout(finish, chosen.delayMs);
    else finish();
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const index = requests.length;
    const scripted = script.shift();
    if (scripted !== undefined && 'drop' in scripted && scripted.drop === 'before_body') {
      requests.push({ index, method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody: Buffer.alloc(0), body: Buffer.alloc(0), text: '', records: [], parseError: 'dropped before the body', remotePort: req.socket.remotePort, answer: scripted });
      req.socket.destroy();
      notify();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      let body = rawBody;
      let gzipError: string | undefined;
      if (/gzip/i.test(req.headers['content-encoding'] ?? '')) {
        try {
          body = gunzipSync(rawBody);
        } catch (err) {
          gzipError = `not gzip: ${(err as Error).message}`;
        }
      }
      const text = body.toString('utf8');
      const parsed = gzipError !== undefined ? { records: [], error: gzipError } : parseRecords(text, mode, req.headers['content-type'] ?? '');
      const peer = (req.socket as TLSSocket).getPeerCertificate?.();
      const cn = peer?.subject?.CN;
      const received: ReceivedRequest = {
        index,
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        body,
        text,
        records: parsed.records,
        ...(parsed.error !== undefined ? { parseError: parsed.error } : {}),
        ...(typeof cn === 'string' ? { clientCertSubject: cn } : {}),
        remotePort: req.socket.remotePort,
      };
      requests.push(received);
      let chosen = scripted;
      for (const rule of rules) {
        if (chosen !== undefined) break;
        chosen = rule(received);
      }
      chosen ??= parsed.error !== undefined ? { status: 400, body: { error: parsed.error } } : defaultAnswer;
      answer(req, res, received, chosen);
    });
  }

  const tls = options.tls === undefined || options.tls === false ? undefined : options.tls === true ? {} : options.tls;
  let server: Server;
  if (tls !== undefined) {
    const files = tlsFiles();
    server = createHttpsServer({ key: files.serverKey, cert: files.serverCert, ...(tls.requestCert === true ? { ca: files.ca, requestCert: true, rejectUnauthorized: true } : {}) }, handle);
  } else {
    server = createHttpServer(handle);
  }
  server.keepAliveTimeout = 60_000;
  server.on(tls !== undefined ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that gives up mid-request is normal here; errors on its socket are not the test's.
  server.on('clientError', (_err, socket) => socket.destroy());

  const listener = await listenOnLoopback(server, sockets, options.port);
  const port = listener.port;
  const origin = tls !== undefined ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: (path = '/') => `${origin}${path}`,
    requests,
    records,
    eventIds: () => records.map(eventIdOf).filter((id): id is string => id !== undefined),
    script: (...answers) => {
      script.push(...answers);
    },
    rule: (r) => {
      rules.push(r);
    },
    reset: () => {
      requests.length = 0;
      records.length = 0;
      script = [];
      rules = [];
    },
    waitForRecords: (n, timeoutMs = 10_000) =>
      waitUntil(
        () => (records.length >= n ? records : undefined),
        (wake) => (listeners.add(wake), () => listeners.delete(wake)),
        timeoutMs,
        () => `${n} records (have ${records.length})`,
      ),
    waitForRequests: (n, timeoutMs = 10_000) =>
      waitUntil(
        () => (requests.filter((r) => r.answer !== undefined).length >= n ? requests : undefined),
        (wake) => (listeners.add(wake), () => listeners.delete(wake)),
        timeoutMs,
        () => `${n} answered requests (have ${requests.filter((r) => r.answer !== undefined).length})`,
      ),
    down: listener.down,
    up: listener.up,
    close: listener.down,
  };
}
