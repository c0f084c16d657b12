/**
 * A loopback Sumo Logic HTTP Logs Source for tests (wire-protocols.md §5), usable in your own:
 *
 *   const sumo = await startSumoReceiver();
 *   // point a `sumo` destination at sumo.url (it holds the source's token), send, then:
 *   sumo.messages;                 // every message: its text and the metadata it was filed under
 *   sumo.eventIds();               // event ids of the JSON messages, duplicates included
 *   sumo.throttle();               // the next request: 429, the data dropped
 *   sumo.timeoutAfterIngest();     // the next request: ingested, then answered 408
 *   sumo.fault({ status: 503 });   // the next request answered as given
 *   await sumo.close();
 *
 * As the source does: `POST /receiver/v1/http/<token>` only (another token is 401, another
 * method 405); `Content-Encoding: gzip` or `deflate` decoded (a body that does not decode is 400);
 * each non-empty line of the UTF-8 body is one message, filed under `X-Sumo-Category`,
 * `X-Sumo-Name`, `X-Sumo-Host` and `X-Sumo-Fields` (`k=v,k=v`) when given, else the source's
 * defaults; a request over 1 MB before compression is accepted (Sumo Logic enforces no limit) but
 * counted in `oversizeRequests`, since Sumo Logic asks senders not to exceed it.
 */
import { randomBytes } from 'node:crypto';
import { defaultEventId } from '../http-receiver.js';
import type { VendorAnswer, VendorRequest } from './vendor-server.js';
import { startVendorServer } from './vendor-server.js';

export const SUMO_RECOMMENDED_MAX_BYTES = 1_000_000;

export interface SumoReceiverOptions {
  readonly port?: number;
  /** The source's token (the URL's last segment); default: random. */
  readonly token?: string;
  /** The source's own metadata, used when a request's headers give none. */
  readonly sourceCategory?: string;
  readonly sourceName?: string;
  readonly sourceHost?: string;
}

export interface SumoMessage {
  readonly text: string;
  readonly category: string;
  readonly name: string;
  readonly host: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface SumoReceiver {
  /** The source's URL, token included: a secret in real life. */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly requests: VendorRequest[];
  /** Messages ingested, in order. */
  readonly messages: SumoMessage[];
  /** The event ids of JSON messages (canonical `event_id`, OCSF `metadata.uid`, ECS `event.id`). */
  eventIds(): string[];
  /** Requests whose body was over 1 MB before compression. */
  oversizeRequests(): VendorRequest[];
  /** The next `times` requests are answered 429 without ingesting ("data is dropped, resend"). */
  throttle(times?: number, retryAfterSeconds?: number): void;
  /** The next `times` requests are ingested, then answered 408 (the sender cannot know what was kept). */
  timeoutAfterIngest(times?: number): void;
  fault(...answers: VendorAnswer[]): void;
  reset(): void;
  /** The vendor is unreachable: the port is closed and every connection destroyed. */
  down(): Promise<void>;
  /** Back on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** `k1=v1,k2=v2`; pairs without `=` are ignored, as the source ignores what it cannot read. */
export function parseSumoFields(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

export async function startSumoReceiver(options: SumoReceiverOptions = {}): Promise<SumoReceiver> {
  const token = options.token ?? `ZaVnC4dhaV${randomBytes(24).toString('base64url')}`;
  const messages: SumoMessage[] = [];
  let ingestThen408 = 0;

  const header = (req: VendorRequest, name: string): string | undefined => {
    const v = req.headers[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };

  function handle(req: VendorRequest): VendorAnswer {
    if (req.path !== `/receiver/v1/http/${token}`) return { status: 401, body: 'Unauthorized: the HTTP source URL is invalid or was regenerated', headers: { 'content-type': 'text/plain' } };
    if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST', 'content-type': 'text/plain' }, body: 'Method Not Allowed' };
    if (req.body === undefined) return { status: 400, headers: { 'content-type': 'text/plain' }, body: `Bad Request: ${req.decodeError ?? 'cannot decode the body'}` };
    const meta = {
      category: header(req, 'x-sumo-category') ?? options.sourceCategory ?? 'http_source',
      name: header(req, 'x-sumo-name') ?? options.sourceName ?? 'Http Input',
      host: header(req, 'x-sumo-host') ?? options.sourceHost ?? '127.0.0.1',
      fields: parseSumoFields(header(req, 'x-sumo-fields')),
    };
    for (const line of req.body.toString('utf8').split(/\r?\n/)) if (line.trim() !== '') messages.push({ text: line, ...meta });
    if (ingestThen408 > 0) {
      ingestThen408--;
      return { status: 408, headers: { 'content-type': 'text/plain' }, body: 'Request Timeout' };
    }
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: '' };
  }

  const server = await startVendorServer(handle, options.port !== undefined ? { port: options.port } : {});
  return {
    url: `${server.origin}/receiver/v1/http/${token}`,
    token,
    port: server.port,
    requests: server.requests,
    messages,
    eventIds: () =>
      messages
        .map((m) => {
          try {
            return defaultEventId(JSON.parse(m.text));
          } catch {
            return undefined;
          }
        })
        .filter((id): id is string => id !== undefined),
    oversizeRequests: () => server.requests.filter((r) => (r.body?.length ?? 0) > SUMO_RECOMMENDED_MAX_BYTES),
    throttle: (times = 1, retryAfterSeconds) => {
      const answer: VendorAnswer = {
        status: 429,
        headers: { 'content-type': 'text/plain', ...(retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {}) },
        body: 'You have temporarily exceeded your Sumo Logic quota. Please try again later.',
      };
      server.fault(...Array.from({ length: times }, () => answer));
    },
    timeoutAfterIngest: (times = 1) => {
      ingestThen408 += times;
    },
    fault: (...answers) => server.fault(...answers),
    reset: () => {
      server.reset();
      messages.length = 0;
      ingestThen408 = 0;
    },
    down: () => server.down(),
    up: () => server.up(),
    close: () => server.close(),
  };
}
