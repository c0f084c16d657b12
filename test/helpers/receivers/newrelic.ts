/**
 * A loopback New Relic Log API for tests (wire-protocols.md §6.1), usable in your own:
 *
 *   const nr = await startNewRelicReceiver({ licenseKey: 'eu01xx…NRAL' });
 *   // point a `newrelic` destination's `endpoint` at nr.url, send, then:
 *   nr.logs;                         // every log: timestamp, message, attributes (common ones merged in)
 *   nr.eventIds();                   // from `siemkit.event_id`, or the JSON message's event id
 *   nr.rateLimit(30);                // the next request: 429 with Retry-After: 30
 *   nr.fault({ status: 503 });       // the next request answered as given
 *   await nr.close();
 *
 * As the Log API does: `POST /log/v1` only (404, 405); the key in `Api-Key`, `License-Key` or
 * `X-License-Key`, or as an `Api-Key` query parameter, else 403; `Content-Type` one of
 * `application/json`, `json`, `application/gzip`, `gzip` (else 415); `Content-Encoding` gzip or none
 * (else 415); a body over 1 MB (10^6 bytes, measured decompressed: the stricter reading) is 413;
 * the body must be a JSON object (one simple log) or an array of `{common, logs}` blocks, else 400;
 * success is 202 with a `requestId`.
 */
import { randomUUID } from 'node:crypto';
import { defaultEventId } from '../http-receiver.js';
import type { VendorAnswer, VendorRequest } from './vendor-server.js';
import { startVendorServer } from './vendor-server.js';

export const NEW_RELIC_MAX_PAYLOAD_BYTES = 1_000_000;

export interface NewRelicReceiverOptions {
  readonly port?: number;
  /** The license key accepted; default `NRAL-test-license-key-0000000000`. */
  readonly licenseKey?: string;
  /** HTTPS with the test CA's `localhost` certificate (for clients that speak only HTTPS, as New Relic's SDK). */
  readonly tls?: boolean;
}

export interface NewRelicLog {
  readonly timestamp?: number;
  readonly message?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface NewRelicReceiver {
  /** `http://127.0.0.1:PORT/log/v1` (`https://localhost:PORT/log/v1` with `tls`) */
  readonly url: string;
  readonly port: number;
  readonly licenseKey: string;
  readonly requests: VendorRequest[];
  readonly logs: NewRelicLog[];
  eventIds(): string[];
  /** The next `times` requests: 429 with `Retry-After: seconds`. */
  rateLimit(retryAfterSeconds: number, times?: number): void;
  fault(...answers: VendorAnswer[]): void;
  reset(): void;
  /** The vendor is unreachable: the port is closed and every connection destroyed. */
  down(): Promise<void>;
  /** Back on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const CONTENT_TYPES = new Set(['application/json', 'json', 'application/gzip', 'gzip']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The logs of a body, or why it is not a Log API body. */
export function parseNewRelicBody(text: string): NewRelicLog[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return `invalid JSON: ${(err as Error).message}`;
  }
  const toLog = (entry: Record<string, unknown>, common: Record<string, unknown>): NewRelicLog | string => {
    if (entry.timestamp !== undefined && typeof entry.timestamp !== 'number') return 'timestamp must be a number (epoch seconds or milliseconds)';
    if (entry.message !== undefined && typeof entry.message !== 'string') return 'message must be a string';
    if (entry.attributes !== undefined && !isObject(entry.attributes)) return 'attributes must be an object';
    const { timestamp, message, attributes, ...rest } = entry as { timestamp?: number; message?: string; attributes?: Record<string, unknown> };
    return { ...(timestamp !== undefined ? { timestamp } : {}), ...(message !== undefined ? { message } : {}), attributes: { ...common, ...rest, ...attributes } };
  };
  if (isObject(doc)) {
    const one = toLog(doc, {});
    return typeof one === 'string' ? one : [one];
  }
  if (!Array.isArray(doc)) return 'the body must be a log object or an array of {common, logs} blocks';
  const out: NewRelicLog[] = [];
  for (const block of doc) {
    if (!isObject(block) || !Array.isArray(block.logs)) return 'each block must be an object with a logs array';
    const common = block.common === undefined ? {} : block.common;
    if (!isObject(common) || (common.attributes !== undefined && !isObject(common.attributes))) return 'common must be an object with an attributes object';
    for (const entry of block.logs) {
      if (!isObject(entry)) return 'each log must be an object';
      const log = toLog(entry, (common.attributes as Record<string, unknown> | undefined) ?? {});
      if (typeof log === 'string') return log;
      out.push(log);
    }
  }
  return out;
}

export async function startNewRelicReceiver(options: NewRelicReceiverOptions = {}): Promise<NewRelicReceiver> {
  const licenseKey = options.licenseKey ?? 'NRAL-test-license-key-0000000000';
  const logs: NewRelicLog[] = [];
  const json = (status: number, body: unknown): VendorAnswer => ({ status, body });

  function handle(req: VendorRequest): VendorAnswer {
    if (req.path !== '/log/v1') return json(404, { error: 'Not Found' });
    if (req.method !== 'POST') return json(405, { error: 'Method Not Allowed' });
    const given = [req.headers['api-key'], req.headers['license-key'], req.headers['x-license-key'], req.query.get('Api-Key'), req.query.get('License-Key')].find((v) => typeof v === 'string');
    if (given !== licenseKey) return json(403, { error: 'Forbidden: invalid or missing license key' });
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CONTENT_TYPES.has(type)) return json(415, { error: `Unsupported Content-Type: ${type}` });
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'gzip' && encoding !== 'identity') return json(415, { error: `Unsupported Content-Encoding: ${encoding}` });
    if (req.body === undefined) return json(400, { error: req.decodeError ?? 'cannot decode the body' });
    if (req.body.length > NEW_RELIC_MAX_PAYLOAD_BYTES) return json(413, { error: 'Payload Too Large: the maximum payload is 1MB' });
    const parsed = parseNewRelicBody(req.body.toString('utf8'));
    if (typeof parsed === 'string') return json(400, { error: parsed });
    logs.push(...parsed);
    return json(202, { requestId: randomUUID() });
  }

  const server = await startVendorServer(handle, { ...(options.port !== undefined ? { port: options.port } : {}), ...(options.tls === true ? { tls: true } : {}) });
  return {
    url: `${server.origin}/log/v1`,
    port: server.port,
    licenseKey,
    requests: server.requests,
    logs,
    eventIds: () =>
      logs
        .map((l) => {
          const id = l.attributes['siemkit.event_id'];
          if (typeof id === 'string') return id;
          try {
            return defaultEventId(JSON.parse(l.message ?? ''));
          } catch {
            return undefined;
          }
        })
        .filter((id): id is string => id !== undefined),
    rateLimit: (retryAfterSeconds, times = 1) => {
      server.fault(...Array.from({ length: times }, (): VendorAnswer => ({ status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: { error: 'Too Many Requests' } })));
    },
    fault: (...answers) => server.fault(...answers),
    reset: () => {
      server.reset();
      logs.length = 0;
    },
    down: () => server.down(),
    up: () => server.up(),
    close: () => server.close(),
  };
}
