/**
 * A loopback stand-in for the Datadog Logs intake API v2 (wire-protocols.md §4), for our tests and
 * yours:
 *
 *   const dd = await startDatadogReceiver();                  // dd.apiKey is the key it accepts
 *   settings = { endpoint: dd.url, api_key: dd.apiKey };      // we append /api/v2/logs
 *   ...
 *   dd.logs; dd.eventIds(); dd.fail({ status: 429, retryAfter: '1' }); await dd.close();
 *
 * `POST /api/v2/logs` (and the legacy `/v1/input`): checks `DD-API-KEY` (401 when missing, 403 when
 * wrong), decodes `Content-Encoding: gzip` or `deflate` (400 otherwise), refuses a body over 5 MB
 * before compression or an array over 1,000 entries (413), parses a JSON array of log objects or
 * one object (400 on anything else), answers scripted faults (`fail`, e.g. 429 with
 * `Retry-After`), and otherwise 202 `{}`. As Datadog does, a log over 1 MB is accepted truncated:
 * it is listed in `truncated`, so a test can prove nothing was sent that would be. Error bodies
 * have Datadog's API shape `{"errors":["…"]}`; the exact texts are this receiver's (§4: bodies
 * UNCONFIRMED).
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import type { Answer, HttpReceiver, ReceivedRequest } from '../http-receiver.js';
import { defaultEventId, startHttpReceiver } from '../http-receiver.js';

/** An answer with a status (the receiver never drops a connection by itself). */
type Reply = Extract<Answer, { status: number }>;

export const DATADOG_MAX_BYTES = 5_000_000;
export const DATADOG_MAX_ENTRIES = 1_000;
export const DATADOG_MAX_LOG_BYTES = 1_000_000;

export interface DatadogReceiverOptions {
  readonly port?: number;
  readonly tls?: boolean;
  /** The API key accepted. Default: a fixed 32-hex-digit key. */
  readonly apiKey?: string;
}

export interface DatadogFault {
  readonly status: number;
  readonly retryAfter?: string;
  readonly errors?: readonly string[];
}

export interface IntakeRequest {
  readonly request: ReceivedRequest;
  /** The logs of the body, decoded (empty when it did not parse). */
  readonly logs: readonly Record<string, unknown>[];
  readonly status: number;
}

export interface DatadogReceiver {
  /** `http://127.0.0.1:PORT`: the `endpoint` (base URL). */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  /** Logs accepted (answered 202), in arrival order, duplicates included. */
  readonly logs: Record<string, unknown>[];
  /** Accepted logs over 1 MB, which Datadog would have truncated. */
  readonly truncated: Record<string, unknown>[];
  readonly requests: IntakeRequest[];
  /** Event ids of the accepted logs, read from the JSON record in `message`. */
  eventIds(): string[];
  fail(...faults: DatadogFault[]): void;
  waitForLogs(n: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  readonly http: HttpReceiver;
  close(): Promise<void>;
}

function errors(status: number, messages: readonly string[], headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { errors: messages } };
}

/** The event id of a log whose `message` is a JSON record. */
export function datadogEventId(log: Record<string, unknown>): string | undefined {
  if (typeof log.message !== 'string') return undefined;
  try {
    return defaultEventId(JSON.parse(log.message));
  } catch {
    return undefined;
  }
}

export async function startDatadogReceiver(options: DatadogReceiverOptions = {}): Promise<DatadogReceiver> {
  const apiKey = options.apiKey ?? '0123456789abcdef0123456789abcdef';
  const logs: Record<string, unknown>[] = [];
  const truncated: Record<string, unknown>[] = [];
  const requests: IntakeRequest[] = [];
  const faults: DatadogFault[] = [];
  const waiters = new Set<() => void>();

  function intake(req: ReceivedRequest): { answer: Reply; logs: Record<string, unknown>[] } {
    const none: Record<string, unknown>[] = [];
    const key = req.headers['dd-api-key'];
    if (key === undefined || key === '') return { answer: errors(401, ['Unauthorized']), logs: none };
    if (key !== apiKey) return { answer: errors(403, ['Forbidden']), logs: none };
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    let body: Buffer;
    try {
      body = encoding === 'gzip' ? gunzipSync(req.rawBody) : encoding === 'deflate' ? inflateSync(req.rawBody) : encoding === 'identity' ? req.rawBody : Buffer.alloc(0);
      if (!['gzip', 'deflate', 'identity'].includes(encoding)) return { answer: errors(415, [`Unsupported content encoding: ${encoding}`]), logs: none };
    } catch {
      return { answer: errors(400, ['Bad Request: the body could not be decompressed']), logs: none };
    }
    if (body.length > DATADOG_MAX_BYTES) return { answer: errors(413, ['Payload Too Large']), logs: none };
    let doc: unknown;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      return { answer: errors(400, ['Bad Request: malformed JSON']), logs: none };
    }
    const list = Array.isArray(doc) ? doc : [doc];
    if (list.some((l) => typeof l !== 'object' || l === null || Array.isArray(l))) return { answer: errors(400, ['Bad Request: a log must be a JSON object']), logs: none };
    if (list.length > DATADOG_MAX_ENTRIES) return { answer: errors(413, [`Payload Too Large: more than ${DATADOG_MAX_ENTRIES} logs`]), logs: none };
    const parsed = list as Record<string, unknown>[];
    const fault = faults.shift();
    if (fault !== undefined) return { answer: errors(fault.status, fault.errors ?? [`Scripted ${fault.status}`], fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}), logs: parsed };
    return { answer: { status: 202, body: {}, accepted: [] }, logs: parsed };
  }

  const http = await startHttpReceiver({ ...(options.tls === true ? { tls: true } : {}), ...(options.port !== undefined ? { port: options.port } : {}) });
  http.rule((req) => {
    const pathname = new URL(req.path, 'http://x').pathname;
    if (req.method !== 'POST' || (pathname !== '/api/v2/logs' && pathname !== '/v1/input')) return errors(404, ['Not Found']);
    const out = intake(req);
    requests.push({ request: req, logs: out.logs, status: out.answer.status });
    if (out.answer.status === 202) {
      for (const log of out.logs) {
        logs.push(log);
        if (Buffer.byteLength(JSON.stringify(log), 'utf8') > DATADOG_MAX_LOG_BYTES) truncated.push(log);
      }
      for (const w of [...waiters]) w();
    }
    return out.answer;
  });

  return {
    url: http.origin,
    port: http.port,
    apiKey,
    logs,
    truncated,
    requests,
    eventIds: () => logs.map(datadogEventId).filter((id): id is string => id !== undefined),
    fail: (...f) => {
      faults.push(...f);
    },
    waitForLogs: (n, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (logs.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(logs);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`datadog receiver: timed out after ${timeoutMs} ms waiting for ${n} logs (have ${logs.length})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    http,
    close: () => http.close(),
  };
}
