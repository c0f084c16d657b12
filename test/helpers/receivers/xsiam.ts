/**
 * A loopback Cortex XSIAM HTTP log collector for tests (wire-protocols.md §6.2), usable in your own:
 *
 *   const xsiam = await startXsiamReceiver({ logFormat: 'CEF', compression: 'gzip' });
 *   // point an `xsiam` destination at xsiam.url with xsiam.apiKey, send, then:
 *   xsiam.events;                 // every event line received, in order
 *   xsiam.eventIds();             // CEF `externalId=`, LEEF `eventId=`, or the JSON event's id
 *   xsiam.fault({ status: 429 }); // the next request answered as given
 *   await xsiam.close();
 *
 * As the collector does: `POST /logs/v1/event` only; `Authorization: <key>` or 401
 * `{"error":"Failed to validate authentication detail"}`; the collector's compression (gzip or
 * uncompressed) and log format are fixed at creation, so a body not compressed as configured, a
 * `Content-Type` other than `application/json` (JSON) or `text/plain` (Raw, CEF, LEEF), or a line
 * not in the log format (JSON object, `CEF:` with its 7 header fields, `LEEF:` with its 5 or 6) is
 * 400 (the fact sheet lists 400 "malformed or invalid request" without sub-reasons: the bodies here
 * are this receiver's); over 25 MB is 413 "Request entity too large as the size is more than 25 MB
 * limit"; success is 200 `{"ok":true}` (the exact success body is unconfirmed).
 */
import { randomBytes } from 'node:crypto';
import { defaultEventId } from '../http-receiver.js';
import type { VendorAnswer, VendorRequest } from './vendor-server.js';
import { startVendorServer } from './vendor-server.js';

export const XSIAM_MAX_REQUEST_BYTES = 25_000_000;

export type XsiamLogFormat = 'Raw' | 'JSON' | 'CEF' | 'LEEF';

export interface XsiamReceiverOptions {
  readonly port?: number;
  readonly apiKey?: string;
  readonly logFormat?: XsiamLogFormat;
  readonly compression?: 'gzip' | 'uncompressed';
  /** The request cap in bytes, as received (default 25 MB). */
  readonly maxBytes?: number;
}

export interface XsiamReceiver {
  /** `http://127.0.0.1:PORT/logs/v1/event` */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  readonly requests: VendorRequest[];
  readonly events: string[];
  eventIds(): string[];
  fault(...answers: VendorAnswer[]): void;
  reset(): void;
  /** The vendor is unreachable: the port is closed and every connection destroyed. */
  down(): Promise<void>;
  /** Back on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Unescaped `|` count of a CEF/LEEF header: CEF needs 7 before the extension, LEEF 1.0 5, LEEF 2.0 5 or 6. */
function pipes(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') n++;
  }
  return n;
}

function lineError(line: string, format: XsiamLogFormat): string | undefined {
  switch (format) {
    case 'JSON':
      try {
        const v = JSON.parse(line) as unknown;
        return typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'not a JSON object';
      } catch {
        return 'not JSON';
      }
    case 'CEF':
      return /^CEF:\d+\|/.test(line) && pipes(line) >= 7 ? undefined : 'not a CEF event';
    case 'LEEF':
      return /^LEEF:[12]\.0\|/.test(line) && pipes(line) >= 5 ? undefined : 'not a LEEF event';
    case 'Raw':
      return undefined;
  }
}

export async function startXsiamReceiver(options: XsiamReceiverOptions = {}): Promise<XsiamReceiver> {
  const apiKey = options.apiKey ?? randomBytes(32).toString('hex');
  const logFormat = options.logFormat ?? 'CEF';
  const compression = options.compression ?? 'uncompressed';
  const maxBytes = options.maxBytes ?? XSIAM_MAX_REQUEST_BYTES;
  const events: string[] = [];
  const bad = (error: string): VendorAnswer => ({ status: 400, body: { error } });

  function handle(req: VendorRequest): VendorAnswer {
    if (req.path !== '/logs/v1/event') return { status: 404, body: { error: 'Not Found' } };
    if (req.method !== 'POST') return { status: 405, body: { error: 'Method Not Allowed' } };
    if (req.headers.authorization !== apiKey) return { status: 401, body: { error: 'Failed to validate authentication detail' } };
    if (req.rawBody.length > maxBytes) return { status: 413, body: { error: 'Request entity too large as the size is more than 25 MB limit' } };
    const gzipped = req.rawBody[0] === 0x1f && req.rawBody[1] === 0x8b;
    if ((compression === 'gzip') !== gzipped || req.body === undefined) return bad(`the collector expects ${compression} bodies`);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const expected = logFormat === 'JSON' ? 'application/json' : 'text/plain';
    if (type !== expected) return bad(`the ${logFormat} collector expects Content-Type ${expected}`);
    const lines = req.body
      .toString('utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '');
    for (const [i, line] of lines.entries()) {
      const error = lineError(line, logFormat);
      if (error !== undefined) return bad(`event ${i + 1}: ${error} (collector log format ${logFormat})`);
    }
    events.push(...lines);
    return { status: 200, body: { ok: true } };
  }

  const server = await startVendorServer(handle, options.port !== undefined ? { port: options.port } : {});
  return {
    url: `${server.origin}/logs/v1/event`,
    port: server.port,
    apiKey,
    requests: server.requests,
    events,
    eventIds: () =>
      events
        .map((line) => {
          const ext = /(?:^|[\s|])(?:externalId|eventId)=([A-Za-z0-9_.:-]+)/.exec(line);
          if (ext !== null) return ext[1];
          try {
            return defaultEventId(JSON.parse(line));
          } catch {
            return undefined;
          }
        })
        .filter((id): id is string => id !== undefined),
    fault: (...answers) => server.fault(...answers),
    reset: () => {
      server.reset();
      events.length = 0;
    },
    down: () => server.down(),
    up: () => server.up(),
    close: () => server.close(),
  };
}
