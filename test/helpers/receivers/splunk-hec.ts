/**
 * A loopback Splunk HTTP Event Collector for tests: a real HTTP(S) server on 127.0.0.1 that speaks
 * HEC as Splunk documents it (wire-protocols.md §1), so a sender can be checked by the collector's
 * own rules rather than by a copy of the sender's. Usable in any project's tests:
 *
 *   import * as hec from 'test/helpers/receivers/splunk-hec.js';
 *   const splunk = await hec.start({ ack: true });           // { port?, token?, indexes?, maxContentLength?, tls? }
 *   // point the sender at splunk.url, with token splunk.token
 *   splunk.busy(2);                                            // the next 2 batches: 503 {"text":"Server is busy","code":9}
 *   splunk.fault({ code: 6, invalidEventNumber: 3 });          // or { status, body, headers }, or { drop: 'after_indexing' }
 *   splunk.neverAck();                                         // ack ids stay false forever (or neverAck([1]): that one)
 *   await splunk.waitForEvents(100);
 *   await splunk.down(); await splunk.up();                  // unreachable for a while, then back on the same port
 *   splunk.events; splunk.eventIds();
 *   await splunk.close();
 *
 * What it checks, and how it answers (the body is always `{"text": ..., "code": n}`, §1.5):
 *   - routes: POST /services/collector[/event[/1.0]], /services/collector/raw[/1.0],
 *     /services/collector/ack; GET /services/collector/health[/1.0]; anything else 404.
 *   - the token (§1.2): `Authorization: Splunk <token>` (or Basic with the token as password);
 *     missing -> 401 code 2, another scheme -> 401 code 3, unknown -> 403 code 4, disabled ->
 *     403 code 1; `?token=` -> 400 code 16 unless `queryStringAuth`.
 *   - the channel (§1.4, §1.6): with `ack`, and always on /raw, `X-Splunk-Request-Channel` or
 *     `?channel=` is required (400 code 10) and must be a GUID (400 code 11).
 *   - the body: over `maxContentLength` bytes as sent -> 413 (no HEC code, §1.7); gzip when
 *     `Content-Encoding: gzip` (not gzip -> 400 code 6); empty -> 400 code 5.
 *   - /event (§1.3): concatenated JSON objects, whitespace allowed between them. The first event
 *     at fault decides the answer, with `invalid-event-number` (zero-based): not a JSON object ->
 *     code 6, no `event` -> 12, a blank `event` -> 13, `fields` not flat strings -> 15, `time`
 *     not a number -> 6, `time` in exponent form -> 15 (reported, UNCONFIRMED by Splunk), an
 *     index outside `indexes` -> 7. Nothing of a refused request is kept.
 *   - /raw (§1.4): one event per non-empty line; metadata from the query string.
 *   - acknowledgement (§1.6): with `ack`, each accepted request gets `ackId` (0, 1, 2... per
 *     channel); `POST /services/collector/ack` with `{"acks":[...]}` answers `{"acks":{"0":true}}`,
 *     each id `true` once; without `ack` it answers 400 code 14.
 */
import type { ReceivedRequest, Answer, HttpReceiver } from '../http-receiver.js';
import { defaultEventId, startHttpReceiver } from '../http-receiver.js';

/** HEC status codes as Splunk answers them (§1.5): code -> HTTP status and text. */
export const HEC_CODES: Readonly<Record<number, readonly [number, string]>> = {
  0: [200, 'Success'],
  1: [403, 'Token disabled'],
  2: [401, 'Token is required'],
  3: [401, 'Invalid authorization'],
  4: [403, 'Invalid token'],
  5: [400, 'No data'],
  6: [400, 'Invalid data format'],
  7: [400, 'Incorrect index'],
  8: [500, 'Internal server error'],
  9: [503, 'Server is busy'],
  10: [400, 'Data channel is missing'],
  11: [400, 'Invalid data channel'],
  12: [400, 'Event field is required'],
  13: [400, 'Event field cannot be blank'],
  14: [400, 'ACK is disabled'],
  15: [400, 'Error in handling indexed fields'],
  16: [400, 'Query string authorization is not enabled'],
  17: [200, 'HEC is healthy'],
};

/** A token the receiver takes by default (HEC tokens are GUIDs). */
export const DEFAULT_TOKEN = '5c3e1a2b-7d4f-4e8a-9b6c-0d1e2f3a4b5c';
/** Splunk Enterprise ≥ 6.5's `max_content_length` (§1.7). */
export const DEFAULT_MAX_CONTENT_LENGTH = 838_860_800;

export interface SplunkHecReceiverOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** The token it accepts. Default `DEFAULT_TOKEN`. */
  readonly token?: string;
  /** Tokens it knows but that are disabled (code 1). */
  readonly disabledTokens?: readonly string[];
  /** Indexer acknowledgement on the token (`useACK`). */
  readonly ack?: boolean;
  /** The indexes the token may write to; default any. */
  readonly indexes?: readonly string[];
  /** Bytes of a request body as sent; default `DEFAULT_MAX_CONTENT_LENGTH`. */
  readonly maxContentLength?: number;
  /** Whether `?token=` is accepted. */
  readonly queryStringAuth?: boolean;
  /** HTTPS with the test CA's `localhost` certificate. */
  readonly tls?: boolean;
  /** The event id of an accepted event; default: `fields.event_id`, else the event's (or the JSON line's) `event_id`, `metadata.uid` or `event.id`. */
  readonly eventId?: (event: HecEvent) => string | undefined;
}

/** One event Splunk accepted. */
export interface HecEvent {
  readonly endpoint: 'event' | 'raw';
  /** The envelope's `event` (an object or a string), or the raw line. */
  readonly event: unknown;
  /** The envelope as sent (`event` endpoint). */
  readonly envelope?: Readonly<Record<string, unknown>>;
  /** Epoch seconds (`event` endpoint, when given). */
  readonly time?: number;
  readonly host?: string;
  readonly source?: string;
  readonly sourcetype?: string;
  readonly index?: string;
  readonly fields?: Readonly<Record<string, string | readonly string[]>>;
  readonly channel?: string;
  /** The request it came in (index into `requests`). */
  readonly request: number;
}

/** How the receiver answers the next batch (event or raw request) instead of taking it. */
export type HecFault =
  /** A HEC answer: the code's own status and text, with `invalid-event-number` when given. */
  | { readonly code: number; readonly invalidEventNumber?: number; readonly headers?: Readonly<Record<string, string>> }
  /** Any HTTP answer (a proxy's). */
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  /** Close the connection without an answer: `after_body` keeps nothing, `after_indexing` keeps the events. */
  | { readonly drop: 'after_body' | 'after_indexing' };

export interface SplunkHecReceiver {
  /** `http://127.0.0.1:PORT` (or `https://localhost:PORT`): the HEC base URL. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Accepted events, in arrival order, duplicates included. */
  readonly events: HecEvent[];
  /** Every request (batches, ack queries, health), in arrival order. */
  readonly requests: ReceivedRequest[];
  /** The ids of accepted events (see `eventId`), duplicates included. */
  eventIds(): string[];
  /** Acknowledgement queries answered. */
  ackQueries(): number;
  /** The next `n` batches are answered 503 code 9 "Server is busy" (with `Retry-After` when given). */
  busy(n?: number, retryAfter?: string): void;
  /** Answers for the next batches, one each, in order. */
  fault(...faults: HecFault[]): void;
  /** While on, acknowledgement ids (every one, or those listed) are never reported indexed (a lost ack, §1.6). */
  neverAck(on?: boolean | readonly number[]): void;
  /** Resolves once at least `n` events were accepted. */
  waitForEvents(n: number, timeoutMs?: number): Promise<HecEvent[]>;
  /** Forgets events, requests, faults and acknowledgement state. */
  reset(): void;
  /** The collector is unreachable: the port is closed and every connection destroyed. */
  down(): Promise<void>;
  /** Back on the same port, with its events and state. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const EVENT_PATHS = new Set(['/services/collector', '/services/collector/event', '/services/collector/event/1.0']);
const RAW_PATHS = new Set(['/services/collector/raw', '/services/collector/raw/1.0']);
const ACK_PATHS = new Set(['/services/collector/ack']);
const HEALTH_PATHS = new Set(['/services/collector/health', '/services/collector/health/1.0']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A JSON number in exponent form, as the value of `time`. */
const EXPONENT_TIME = /"time"\s*:\s*-?\d+(?:\.\d+)?[eE]/;

function hec(code: number, extra: Record<string, unknown> = {}, headers?: Readonly<Record<string, string>>): Answer {
  const [status, text] = HEC_CODES[code] ?? [400, `code ${code}`];
  return { status, body: { text, code, ...extra }, ...(headers !== undefined ? { headers } : {}) };
}

/** The objects of a concatenated-JSON body, or where it went wrong (the index of the event at fault). */
export function splitConcatenatedJson(text: string): { objects: string[]; errorAt?: number } {
  const objects: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i] as string)) i++;
    if (i >= n) break;
    if (text[i] !== '{') return { objects, errorAt: objects.length };
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0 || i >= n) return { objects, errorAt: objects.length };
    objects.push(text.slice(start, i + 1));
    i++;
  }
  return { objects };
}

const isStringMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The HEC code an envelope is refused with, or undefined when it is a good one. */
function envelopeProblem(text: string, indexes: ReadonlySet<string> | undefined): { code: number } | { envelope: Record<string, unknown> } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { code: 6 };
  }
  if (!isStringMap(doc)) return { code: 6 };
  if (!('event' in doc)) return { code: 12 };
  const event = doc.event;
  if (event === null || (typeof event === 'string' && event.trim() === '')) return { code: 13 };
  if (doc.time !== undefined) {
    if (EXPONENT_TIME.test(text)) return { code: 15 };
    const ok = typeof doc.time === 'number' ? Number.isFinite(doc.time) : typeof doc.time === 'string' && /^\d+(\.\d+)?$/.test(doc.time);
    if (!ok) return { code: 6 };
  }
  for (const key of ['host', 'source', 'sourcetype', 'index'] as const) if (doc[key] !== undefined && typeof doc[key] !== 'string') return { code: 6 };
  if (doc.fields !== undefined) {
    if (!isStringMap(doc.fields)) return { code: 15 };
    for (const v of Object.values(doc.fields)) if (typeof v !== 'string' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) return { code: 15 };
  }
  if (indexes !== undefined && doc.index !== undefined && !indexes.has(doc.index as string)) return { code: 7 };
  return { envelope: doc };
}

function defaultHecEventId(e: HecEvent): string | undefined {
  const fromFields = e.fields?.event_id;
  if (typeof fromFields === 'string') return fromFields;
  if (typeof e.event === 'string') {
    try {
      return defaultEventId(JSON.parse(e.event));
    } catch {
      return undefined;
    }
  }
  return defaultEventId(e.event);
}

export async function start(options: SplunkHecReceiverOptions = {}): Promise<SplunkHecReceiver> {
  const token = options.token ?? DEFAULT_TOKEN;
  const disabled = new Set(options.disabledTokens ?? []);
  const indexes = options.indexes !== undefined ? new Set(options.indexes) : undefined;
  const maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
  const eventIdOf = options.eventId ?? defaultHecEventId;
  const events: HecEvent[] = [];
  let faults: HecFault[] = [];
  let never: boolean | ReadonlySet<number> = false;
  let ackQueries = 0;
  /** Per channel: the next ackId, and the ids not yet reported. */
  let channels = new Map<string, { next: number; pending: Set<number> }>();
  const listeners = new Set<() => void>();

  function authenticate(req: ReceivedRequest, query: URLSearchParams): Answer | undefined {
    const header = req.headers.authorization;
    let given: string | undefined;
    if (header !== undefined) {
      const splunk = /^Splunk (\S+)$/.exec(header);
      const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
      if (splunk !== null) given = splunk[1];
      else if (basic !== null) given = Buffer.from(basic[1] as string, 'base64').toString('utf8').split(':').slice(1).join(':');
      else return hec(3);
    } else if (query.has('token')) {
      if (options.queryStringAuth !== true) return hec(16);
      given = query.get('token') ?? '';
    } else {
      return hec(2);
    }
    if (given === token) return undefined;
    return disabled.has(given ?? '') ? hec(1) : hec(4);
  }

  function channelOf(req: ReceivedRequest, query: URLSearchParams): { channel?: string; problem?: Answer } {
    const raw = req.headers['x-splunk-request-channel'];
    const channel = (Array.isArray(raw) ? raw[0] : raw) ?? query.get('channel') ?? undefined;
    if (channel === undefined || channel === '') return { problem: hec(10) };
    if (!GUID.test(channel)) return { problem: hec(11) };
    return { channel };
  }

  function accept(req: ReceivedRequest, accepted: HecEvent[], channel: string | undefined): Answer {
    events.push(...accepted);
    for (const l of [...listeners]) l();
    if (options.ack !== true || channel === undefined) return hec(0);
    const state = channels.get(channel) ?? { next: 0, pending: new Set<number>() };
    channels.set(channel, state);
    const ackId = state.next++;
    state.pending.add(ackId);
    return hec(0, { ackId });
  }

  function batch(req: ReceivedRequest, raw: boolean, query: URLSearchParams): Answer {
    let channel: string | undefined;
    if (options.ack === true || raw) {
      const c = channelOf(req, query);
      if (c.problem !== undefined) return c.problem;
      channel = c.channel;
    }
    if (req.rawBody.length > maxContentLength) return { status: 413, headers: { 'content-type': 'text/plain' }, body: `Content-Length of ${req.rawBody.length} too large (maximum is ${maxContentLength})` };
    if (req.parseError?.startsWith('not gzip') === true) return hec(6);
    if (req.text.trim() === '') return hec(5);
    const fault = faults.shift();
    if (fault !== undefined && !('drop' in fault && fault.drop === 'after_indexing')) {
      if ('drop' in fault) return { drop: 'after_body' };
      if ('code' in fault) return hec(fault.code, fault.invalidEventNumber !== undefined ? { 'invalid-event-number': fault.invalidEventNumber } : {}, fault.headers);
      return { status: fault.status, ...(fault.body !== undefined ? { body: fault.body } : {}), ...(fault.headers !== undefined ? { headers: fault.headers } : {}) };
    }
    const accepted: HecEvent[] = [];
    const common = { request: req.index, ...(channel !== undefined ? { channel } : {}) };
    if (raw) {
      const meta = Object.fromEntries(['host', 'source', 'sourcetype', 'index'].flatMap((k) => (query.has(k) ? [[k, query.get(k) as string]] : [])));
      if (indexes !== undefined && meta.index !== undefined && !indexes.has(meta.index)) return hec(7);
      for (const line of req.text.split(/\r\n|\r|\n/)) if (line.trim() !== '') accepted.push({ endpoint: 'raw', event: line, ...meta, ...common });
    } else {
      const split = splitConcatenatedJson(req.text);
      for (const [i, text] of split.objects.entries()) {
        const checked = envelopeProblem(text, indexes);
        if ('code' in checked) return hec(checked.code, { 'invalid-event-number': i });
        const e = checked.envelope;
        accepted.push({
          endpoint: 'event',
          event: e.event,
          envelope: e,
          ...(e.time !== undefined ? { time: Number(e.time) } : {}),
          ...(typeof e.host === 'string' ? { host: e.host } : {}),
          ...(typeof e.source === 'string' ? { source: e.source } : {}),
          ...(typeof e.sourcetype === 'string' ? { sourcetype: e.sourcetype } : {}),
          ...(typeof e.index === 'string' ? { index: e.index } : {}),
          ...(e.fields !== undefined ? { fields: e.fields as Record<string, string> } : {}),
          ...common,
        });
      }
      if (split.errorAt !== undefined) return hec(6, { 'invalid-event-number': split.errorAt });
    }
    const answer = accept(req, accepted, channel);
    return fault !== undefined ? { drop: 'after_body' } : answer;
  }

  function ackQuery(req: ReceivedRequest, query: URLSearchParams): Answer {
    if (options.ack !== true) return hec(14);
    const c = channelOf(req, query);
    if (c.problem !== undefined) return c.problem;
    let ids: unknown;
    try {
      ids = (JSON.parse(req.text) as { acks?: unknown }).acks;
    } catch {
      return hec(6);
    }
    if (!Array.isArray(ids) || !ids.every((x) => Number.isSafeInteger(x) && x >= 0)) return hec(6);
    ackQueries++;
    const state = channels.get(c.channel as string);
    const acks: Record<string, boolean> = {};
    for (const id of ids as number[]) {
      const lost = never === true || (never !== false && never.has(id));
      const ok = !lost && state?.pending.has(id) === true;
      if (ok) state?.pending.delete(id);
      acks[String(id)] = ok;
    }
    return { status: 200, body: { acks } };
  }

  function route(req: ReceivedRequest): Answer {
    const url = new URL(req.path, 'http://hec.invalid');
    const query = url.searchParams;
    const path = url.pathname.replace(/\/+$/, '');
    const known = EVENT_PATHS.has(path) || RAW_PATHS.has(path) || ACK_PATHS.has(path) || HEALTH_PATHS.has(path);
    if (!known) return { status: 404, body: { text: 'The requested URL was not found on this server.', code: 404 } };
    if (HEALTH_PATHS.has(path)) return hec(17);
    const denied = authenticate(req, query);
    if (denied !== undefined) return denied;
    if (ACK_PATHS.has(path)) return ackQuery(req, query);
    return batch(req, RAW_PATHS.has(path), query);
  }

  let http: HttpReceiver;
  try {
    http = await startHttpReceiver({ body: 'single', ...(options.port !== undefined ? { port: options.port } : {}), ...(options.tls === true ? { tls: true } : {}) });
  } catch (err) {
    throw new Error(`splunk-hec receiver: cannot listen: ${(err as Error).message}`);
  }
  http.rule(route);

  return {
    url: http.origin,
    port: http.port,
    token,
    events,
    requests: http.requests,
    eventIds: () => events.map(eventIdOf).filter((id): id is string => id !== undefined),
    ackQueries: () => ackQueries,
    busy: (n = 1, retryAfter) => {
      for (let i = 0; i < n; i++) faults.push({ code: 9, ...(retryAfter !== undefined ? { headers: { 'retry-after': retryAfter } } : {}) });
    },
    fault: (...f) => {
      faults.push(...f);
    },
    neverAck: (on = true) => {
      never = typeof on === 'boolean' ? on : new Set(on);
    },
    waitForEvents: (n, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (events.length < n) return false;
          clearTimeout(timer);
          listeners.delete(wake);
          resolve(events);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          listeners.delete(wake);
          reject(new Error(`splunk-hec receiver: timed out after ${timeoutMs} ms waiting for ${n} events (have ${events.length})`));
        }, timeoutMs);
        if (!check()) listeners.add(wake);
      }),
    reset: () => {
      events.length = 0;
      http.requests.length = 0;
      faults = [];
      never = false;
      ackQueries = 0;
      channels = new Map();
    },
    down: () => http.down(),
    up: () => http.up(),
    close: () => http.close(),
  };
}
