/**
 * The HTTP ingest endpoint of `siemkit forward` (DESIGN.md §5b `inputs.http`), on node:http:
 *
 *   POST /v1/events   NDJSON (`application/x-ndjson`) or JSON (`application/json`: an array of
 *                     events, or one event), optionally `Content-Encoding: gzip`
 *   GET  /healthz     200 `ok` while accepting, 503 while shutting down (for load balancers)
 *   GET  /status      the forwarder's health as JSON
 *   GET  /metrics     Prometheus text exposition
 *
 * When a token is configured, every path but `/healthz` requires `Authorization: Bearer <token>`
 * (RFC 6750 §2.1), compared in constant time; a 401 says nothing about what was wrong.
 *
 * Answers to POST /v1/events (body `{ accepted, rejected: [{ index, event_id, errors }] }`):
 *   202  at least one event was queued durably; `rejected` lists the others (partial success is
 *        a 202, like the bulk APIs of Elasticsearch and Datadog, not a 207: only the refused
 *        events are worth sending again, after fixing them)
 *   400  no event was queued: every record was refused, the body held none, or gzip was corrupt
 *   401  no or wrong token · 413 body over `maxBodyBytes` (as sent, or after gunzip) ·
 *   415  another content type, charset or content coding (RFC 7694 §3) · 404, 405 as usual ·
 *   503  shutting down, too many requests in progress, or the events could not be queued
 *        (with `Retry-After`; events of the request queued before the failure are kept, so a
 *        retry may duplicate them under the same `event_id`: at-least-once, DESIGN.md §5)
 * `index` is the record's 1-based number in the body (a line of NDJSON or an element of the
 * array), as the CLI's `event N`.
 *
 * The body is read whole before any event is emitted, so a 413 or a broken gzip stream queues
 * nothing. The token is never logged, echoed or put in an error.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGunzip } from 'node:zlib';
import type { RecordRejection } from './emit-records.js';
import { DEFAULT_BATCH_MAX_RECORDS, emitRecords } from './emit-records.js';
import type { IngestSink } from './ingest-sink.js';
import type { InputFormat, InputRecord } from './ndjson-stream.js';
import { DEFAULT_MAX_RECORD_BYTES, NdjsonDecoder } from './ndjson-stream.js';

export interface HttpIngestOptions {
  /** `host:port` (`[::1]:8787` for IPv6); port 0 picks a free port. */
  readonly listen: string;
  /** The bearer token clients must send; omit for no authentication (loopback only, please). */
  readonly token?: string;
  /** The largest request body in bytes, as sent and after gunzip. */
  readonly maxBodyBytes?: number;
  /** The largest record (a line or an array element) in bytes. */
  readonly maxRecordBytes?: number;
  /** POST requests handled at once; more get a 503. Bounds memory: each may hold `maxBodyBytes` twice. */
  readonly maxConcurrentRequests?: number;
  readonly sink: IngestSink;
  /** Told of failures of the sink (emit, status, metrics); the caller redacts and logs them. */
  readonly onError?: (err: unknown) => void;
}

export interface HttpIngest {
  /** `http://host:port/` as bound (the real port when `listen` asked for 0). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * Stops accepting (new requests get 503 and `Connection: close`), lets requests in progress
   * finish, then closes; connections still open after `deadlineMs` are cut.
   */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1_048_576;
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
export const DEFAULT_CLOSE_DEADLINE_MS = 10_000;
/** Prometheus text exposition format 0.0.4, as prom-client's registry declares it. */
const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Seconds a client is asked to wait before retrying a 503 (RFC 9110 §10.2.3). */
const RETRY_AFTER_SECONDS = '1';

/** `host:port` as host and port; throws for anything else. */
export function parseListenAddress(listen: string): { host: string; port: number } {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(listen);
  const port = Number(match?.[3]);
  if (match === null || port > 65_535) throw new Error(`listen address "${listen}" is not host:port (IPv6 as [::1]:8787), port 0-65535`);
  return { host: (match[1] ?? match[2]) as string, port };
}

const ROUTES: ReadonlyMap<string, readonly string[]> = new Map([
  ['/v1/events', ['POST']],
  ['/healthz', ['GET', 'HEAD']],
  ['/status', ['GET', 'HEAD']],
  ['/metrics', ['GET', 'HEAD']],
]);

/** Media types (RFC 9110 §8.3.1, case-insensitive) and how their body is read. */
const BODY_FORMATS: ReadonlyMap<string, InputFormat> = new Map([
  ['application/x-ndjson', 'auto'],
  ['application/json', 'json'],
]);

export async function startHttpIngest(options: HttpIngestOptions): Promise<HttpIngest> {
  const { host, port } = parseListenAddress(options.listen);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const maxConcurrent = options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
  const tokenDigest = options.token === undefined ? undefined : digest(options.token);
  const reportError = (err: unknown): void => {
    try {
      options.onError?.(err);
    } catch {
      // A failing logger must not take a request down with it.
    }
  };
  let closing = false;
  let posts = 0;

  const authorized = (req: IncomingMessage): boolean => {
    if (tokenDigest === undefined) return true;
    const match = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i.exec(req.headers.authorization ?? '');
    // Digests have one length whatever was sent, so the comparison takes the same time.
    return match !== null && timingSafeEqual(digest(match[1] as string), tokenDigest);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?', 1)[0] as string;
    const methods = ROUTES.get(path);
    if (methods === undefined) return reply(res, 404, { error: 'not found' });
    if (!methods.includes(req.method ?? '')) return reply(res, 405, { error: 'method not allowed' }, { Allow: methods.join(', ') });
    if (path === '/healthz') return closing ? reply(res, 503, 'shutting down\n') : reply(res, 200, 'ok\n');
    if (closing) return reply(res, 503, { error: 'shutting down' }, { 'Retry-After': RETRY_AFTER_SECONDS });
    if (!authorized(req)) {
      const error = req.headers.authorization === undefined ? '' : ', error="invalid_token"';
      return reply(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': `Bearer realm="siemkit"${error}` });
    }
    if (path === '/status') return reply(res, 200, `${JSON.stringify(options.sink.status())}\n`, { 'Content-Type': 'application/json' });
    if (path === '/metrics') return reply(res, 200, await options.sink.metrics(), { 'Content-Type': PROMETHEUS_CONTENT_TYPE });
    if (posts >= maxConcurrent) return reply(res, 503, { error: 'too many requests in progress' }, { 'Retry-After': RETRY_AFTER_SECONDS });
    posts++;
    try {
      await ingest(req, res);
    } finally {
      posts--;
    }
  };

  const ingest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const [mediaType = '', ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
    const format = BODY_FORMATS.get(mediaType);
    const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
    if (format === undefined || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
      return reply(res, 415, { error: 'Content-Type must be application/x-ndjson or application/json (UTF-8)' });
    }
    const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (coding !== 'identity' && coding !== 'gzip' && coding !== 'x-gzip') {
      return reply(res, 415, { error: 'Content-Encoding must be gzip or none' }, { 'Accept-Encoding': 'gzip' });
    }
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) return reply(res, 413, { error: `the body is larger than ${maxBodyBytes} bytes` });
    const body = await readBody(req, coding !== 'identity', maxBodyBytes);
    if (body === 'too-large') return reply(res, 413, { error: `the body is larger than ${maxBodyBytes} bytes` });
    if (body === 'bad-gzip') return reply(res, 400, { error: 'the body is not valid gzip' });
    if (body === 'aborted') return;

    const decoder = new NdjsonDecoder({ format, maxRecordBytes });
    const records = [...decoder.write(body), ...decoder.end()];
    if (records.length === 0) return reply(res, 400, { accepted: 0, rejected: [], error: 'the body holds no events' });
    const rejected: RecordRejection[] = [];
    let accepted: number;
    try {
      ({ accepted } = await emitRecords(fromArray(records), options.sink, { maxRecords: DEFAULT_BATCH_MAX_RECORDS, onRejected: (r) => rejected.push(r) }));
    } catch (err) {
      reportError(err);
      return reply(res, 503, { error: 'the events could not be queued; retry later' }, { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    const answer = { accepted, rejected: rejected.map((r) => ({ index: r.index, event_id: r.eventId ?? null, errors: r.errors })) };
    return reply(res, accepted > 0 ? 202 : 400, answer);
  };

  const reply = (res: ServerResponse, status: number, body: string | object, headers: Record<string, string> = {}): void => {
    if (res.headersSent) return;
    const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
    res.writeHead(status, {
      'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'Cache-Control': 'no-store',
      ...headers,
      'Content-Length': Buffer.byteLength(text),
      // A body left unread (a refusal before reading it) or a shutdown: do not keep the connection.
      ...(closing || (res.req.method === 'POST' && !res.req.complete) ? { Connection: 'close' } : {}),
    });
    res.end(text);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      reportError(err);
      reply(res, 500, { error: 'internal error' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}/`,
    host: address.address,
    port: address.port,
    close({ deadlineMs = DEFAULT_CLOSE_DEADLINE_MS } = {}) {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
        // Stops listening and closes idle keep-alive connections; resolves once every connection
        // has ended, i.e. every request in progress was answered.
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

async function* fromArray(records: readonly InputRecord[]): AsyncGenerator<InputRecord> {
  yield* records;
}

/**
 * The request body, gunzipped when asked, or why it could not be had (`aborted`: the client went
 * away mid-body). Both sizes are bounded.
 */
async function readBody(req: IncomingMessage, gzip: boolean, maxBytes: number): Promise<Buffer | 'too-large' | 'bad-gzip' | 'aborted'> {
  const parts: Buffer[] = [];
  let size = 0;
  let sent = 0;
  let tooLarge = false;
  const gunzip = gzip ? createGunzip() : undefined;
  if (gunzip !== undefined) {
    // Count what is sent as well: empty gzip members decompress to nothing, forever.
    req.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > maxBytes && !tooLarge) {
        tooLarge = true;
        req.unpipe(gunzip);
        gunzip.end();
      }
    });
    req.pipe(gunzip);
  }
  try {
    for await (const chunk of (gunzip ?? req) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        break;
      }
      parts.push(chunk);
    }
  } catch (err) {
    if (tooLarge) return 'too-large';
    if (gunzip !== undefined && (err as NodeJS.ErrnoException).code?.startsWith('Z_') === true) return 'bad-gzip';
    return 'aborted';
  } finally {
    if (gunzip !== undefined) req.unpipe(gunzip);
  }
  return tooLarge ? 'too-large' : Buffer.concat(parts);
}
