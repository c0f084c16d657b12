/**
 * Entra ID access tokens by the OAuth 2.0 client-credentials grant (RFC 6749 §4.4;
 * wire-protocols.md §2.2):
 *
 *   POST {authority_host}/{tenant_id}/oauth2/v2.0/token
 *   Content-Type: application/x-www-form-urlencoded
 *
 *   grant_type=client_credentials&client_id=…&client_secret=…&scope=https%3A%2F%2Fmonitor.azure.com%2F%2F.default
 *
 *   200 {"token_type":"Bearer","expires_in":3599,"access_token":"eyJ…"}
 *
 * One token is cached and shared by every request; it is fetched again once `REFRESH_MARGIN`
 * before it expires (at most half its lifetime before, for short-lived tokens), so a request never
 * leaves with a token about to lapse. Concurrent callers share one fetch. `invalidate` drops a
 * token the API refused (a 401), so the next `token()` fetches a new one.
 *
 * Failures: 400/401 (`invalid_client`, `unauthorized_client`, `invalid_scope`: a wrong secret, id
 * or scope) are permanent; 429/503 throttle with `Retry-After`; 5xx, timeouts and network errors
 * are retried (../transport/classify.ts). Messages quote Entra ID's `error` and
 * `error_description`, redacted, never the request.
 */
import { PermanentError } from '../errors.js';
import { classifyHttpResponse } from '../transport/classify.js';
import { TransportError } from '../transport/errors.js';
import type { HttpClient } from '../transport/http-client.js';
import type { Redact } from '../transport/redact.js';
import { SNIPPET_SOURCE_BYTES } from '../transport/redact.js';

/** Fetch a token this long before it expires (Azure Identity refreshes 5 minutes ahead too). */
export const REFRESH_MARGIN_MS = 300_000;

export interface TokenSourceOptions {
  readonly destination: string;
  /** A client on the authority host's origin. */
  readonly client: HttpClient;
  /** `/{tenant_id}/oauth2/v2.0/token`, under the authority host's path. */
  readonly path: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
  readonly redact: Redact;
  /** The clock, in epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

export interface TokenSource {
  /** A valid access token: the cached one, or a new one. */
  token(signal?: AbortSignal): Promise<string>;
  /** Forgets `token` if it is the cached one (the API answered 401 to it). */
  invalidate(token: string): void;
  /** Every token handed out so far that is still cached or was just replaced: for the redactor. */
  known(): readonly string[];
}

interface Cached {
  readonly token: string;
  /** When to fetch a new one, epoch ms. */
  readonly refreshAtMs: number;
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const now = options.now ?? Date.now;
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret, scope: options.scope }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'siemkit' };
  const what = `${options.destination}: token request`;
  let cached: Cached | undefined;
  let pending: Promise<Cached> | undefined;
  /** The last two tokens: one in use, one just replaced (requests may still carry it). */
  const recent: string[] = [];

  async function fetchToken(signal?: AbortSignal): Promise<Cached> {
    const requestedAt = now();
    const response = await options.client.request({ method: 'POST', path: options.path, headers, body }, signal).catch((err: unknown) => {
      if (err instanceof TransportError) throw new TransportError(err.message.replace(options.destination, what), err.status);
      throw err;
    });
    const text = response.body.subarray(0, SNIPPET_SOURCE_BYTES).toString('utf8');
    if (response.status !== 200) {
      const failure = classifyHttpResponse(response.status, response.headers, text, { destination: what, records: 1, redact: options.redact });
      // A token request is never split: a 413 from it is as permanent as a 400.
      throw failure ?? new PermanentError(`${what}: HTTP ${response.status}: expected 200`, response.status);
    }
    let answer: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      answer = JSON.parse(response.body.toString('utf8')) as typeof answer;
    } catch {
      throw new TransportError(`${what}: the answer is not JSON`, 'bad_token_answer');
    }
    const token = answer.access_token;
    if (typeof token !== 'string' || token.length === 0 || /[\s\r\n]/.test(token)) throw new TransportError(`${what}: the answer holds no access_token`, 'bad_token_answer');
    if (typeof answer.token_type === 'string' && answer.token_type.toLowerCase() !== 'bearer') throw new PermanentError(`${what}: token_type ${JSON.stringify(answer.token_type.slice(0, 20))} is not Bearer`, 'bad_token_answer');
    // RFC 6749 §5.1: seconds, a number (Entra ID sends a number; some proxies a string).
    const seconds = Number(answer.expires_in);
    const lifetimeMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1_000 : 0;
    recent.unshift(token);
    recent.length = Math.min(recent.length, 2);
    return { token, refreshAtMs: requestedAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2) };
  }

  return {
    async token(signal) {
      if (cached !== undefined && now() < cached.refreshAtMs) return cached.token;
      pending ??= fetchToken(signal).finally(() => {
        pending = undefined;
      });
      cached = await pending;
      return cached.token;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
    known: () => recent,
  };
}
