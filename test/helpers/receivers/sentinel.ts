/**
 * A loopback stand-in for Microsoft Sentinel's ingestion path (wire-protocols.md §2), for our tests
 * and yours: Entra ID's token endpoint and the Azure Monitor Logs Ingestion API on one port.
 *
 *   const az = await startSentinelReceiver();                 // or { tls: true } (MSAL wants https)
 *   settings = { endpoint: az.url, authority_host: az.url, tenant_id: az.tenantId, client_id: az.clientId,
 *                client_secret: az.clientSecret, dcr_immutable_id: az.dcrImmutableId, stream: az.stream };
 *   ...
 *   az.rows; az.eventIds(); az.fail({ status: 429, retryAfter: '1' }); az.expireTokens(); await az.close();
 *
 * Token endpoint, `POST /{tenant}/oauth2/v2.0/token` (form body, RFC 6749 §4.4): checks
 * `grant_type=client_credentials`, the client id and secret, and the scope; answers 200
 * `{token_type, expires_in, ext_expires_in, access_token}` with a short `expires_in`, or Entra ID's
 * error shape `{error, error_description: "AADSTS…", error_codes, timestamp, trace_id, correlation_id}`
 * (400 `invalid_request` / `unsupported_grant_type` / `invalid_scope` / `unauthorized_client`,
 * 401 `invalid_client` for a wrong secret). It also serves the OpenID discovery document
 * (`GET /{tenant}/v2.0/.well-known/openid-configuration`) that MSAL reads before a token request.
 *
 * Ingestion, `POST /dataCollectionRules/{dcr}/streams/{stream}?api-version=2023-01-01`: checks the
 * bearer token (401 when missing, unknown, expired or revoked), the api-version (400), the DCR and
 * stream (404), gunzips a `Content-Encoding: gzip` body, refuses one over 1 MB compressed or not
 * (413), parses a JSON array of objects (400 otherwise), answers scripted faults (`fail`), and
 * otherwise 204 with no body. Errors have Azure's shape `{"error":{"code","message"}}`. Rows
 * without `TimeGenerated` are accepted (Azure stamps them) and listed in `rowsMissingTimeGenerated`.
 * The error codes are this receiver's choice where Microsoft documents none (§2.5: UNCONFIRMED).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Answer, HttpReceiver, ReceivedRequest } from '../http-receiver.js';
import { defaultEventId, startHttpReceiver } from '../http-receiver.js';

/** An answer with a status (the receiver never drops a connection by itself). */
type Reply = Extract<Answer, { status: number }>;

export const SENTINEL_API_VERSION = '2023-01-01';
/** Both forms of the Azure Monitor scope Entra ID accepts (wire-protocols.md §2.2). */
export const MONITOR_SCOPES = ['https://monitor.azure.com//.default', 'https://monitor.azure.com/.default'] as const;
/** §2.4: one API call, compressed or not. */
export const SENTINEL_MAX_BYTES = 1_000_000;

export interface SentinelReceiverOptions {
  readonly port?: number;
  /** HTTPS with the test CA's `localhost` certificate (test/helpers/tls-certs.ts). */
  readonly tls?: boolean;
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly dcrImmutableId?: string;
  readonly stream?: string;
  /** Scopes a token may be asked for. Default `MONITOR_SCOPES`. */
  readonly scopes?: readonly string[];
  /** `expires_in` of issued tokens, in seconds. Default 300. */
  readonly expiresInSeconds?: number;
  /** Bytes a request may hold, before or after gzip. Default 1,000,000. */
  readonly maxBytes?: number;
}

/** An answer to the next ingestion request (token requests never consume one). */
export interface SentinelFault {
  readonly status: number;
  /** `Retry-After` header: delay-seconds or an HTTP-date. */
  readonly retryAfter?: string;
  readonly code?: string;
  readonly message?: string;
}

export interface TokenRequest {
  readonly form: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface IngestRequest {
  readonly request: ReceivedRequest;
  /** The rows of the body (empty when it did not parse). */
  readonly rows: readonly Record<string, unknown>[];
  readonly status: number;
  /** The `code` of the error answer. */
  readonly code?: string;
}

export interface SentinelReceiver {
  /** `http://127.0.0.1:PORT` (or `https://localhost:PORT`): the `endpoint` and the `authority_host`. */
  readonly url: string;
  readonly port: number;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly dcrImmutableId: string;
  readonly stream: string;
  /** Rows accepted (answered 204), in arrival order, duplicates included. */
  readonly rows: Record<string, unknown>[];
  /** Accepted rows that had no `TimeGenerated`. */
  readonly rowsMissingTimeGenerated: Record<string, unknown>[];
  readonly tokenRequests: TokenRequest[];
  readonly ingestRequests: IngestRequest[];
  /** Tokens issued, in order. */
  readonly tokens: string[];
  /** Event ids of the accepted rows (`event_id`, `metadata.uid` or `event.id`). */
  eventIds(): string[];
  /** Answers for the next ingestion requests, one each, in order. */
  fail(...faults: SentinelFault[]): void;
  /** Every token issued so far now answers 401 (as if expired); new ones work. */
  expireTokens(): void;
  /** From now on, every token answers 401, new ones too (a revoked application). */
  revokeAll(revoked?: boolean): void;
  /** Refuses the next token requests with this status and Entra ID error. */
  failTokens(...faults: Array<{ status: number; error: string; description?: string; retryAfter?: string }>): void;
  waitForRows(n: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  /** The underlying receiver: `script({ drop })`, `down()`, `up()`. */
  readonly http: HttpReceiver;
  close(): Promise<void>;
}

function azureError(status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { error: { code, message } } };
}

function entraError(status: number, error: string, description: string, headers: Record<string, string> = {}): Reply {
  const now = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return { status, headers, body: { error, error_description: `${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${now}`, error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)], timestamp: now, trace_id: randomUUID(), correlation_id: randomUUID() } };
}

export async function startSentinelReceiver(options: SentinelReceiverOptions = {}): Promise<SentinelReceiver> {
  const tenantId = options.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const clientId = options.clientId ?? '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const clientSecret = options.clientSecret ?? 'Xy8Q~sentinel-test-secret.0123456789';
  const dcrImmutableId = options.dcrImmutableId ?? 'dcr-000a00a000a00000a000000aa000a0aa';
  const stream = options.stream ?? 'Custom-SiemkitEvents';
  const scopes = new Set(options.scopes ?? MONITOR_SCOPES);
  const expiresIn = options.expiresInSeconds ?? 300;
  const maxBytes = options.maxBytes ?? SENTINEL_MAX_BYTES;
  const rows: Record<string, unknown>[] = [];
  const missing: Record<string, unknown>[] = [];
  const tokenRequests: TokenRequest[] = [];
  const ingestRequests: IngestRequest[] = [];
  const tokens: string[] = [];
  /** Token -> expiry, epoch ms. */
  const valid = new Map<string, number>();
  const faults: SentinelFault[] = [];
  const tokenFaults: Array<{ status: number; error: string; description?: string; retryAfter?: string }> = [];
  let revoked = false;
  const waiters = new Set<() => void>();

  const ingestPath = `/dataCollectionRules/${dcrImmutableId}/streams/${stream}`;

  function token(req: ReceivedRequest): Reply {
    const form = Object.fromEntries(new URLSearchParams(req.text));
    const answer = ((): Reply => {
      if (!/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) return entraError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
      const fault = tokenFaults.shift();
      if (fault !== undefined) return entraError(fault.status, fault.error, fault.description ?? `AADSTS50000: ${fault.error}`, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
      if (form.grant_type !== 'client_credentials') return entraError(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
      if (form.client_id !== clientId) return entraError(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${form.client_id ?? ''}' was not found in the directory.`);
      if (form.client_secret !== clientSecret) return entraError(401, 'invalid_client', `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
      if (form.scope === undefined || !scopes.has(form.scope)) return entraError(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${form.scope ?? ''} is not valid.`);
      const access = `eyJ0eXAiOiJKV1QifQ.${randomBytes(24).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
      tokens.push(access);
      valid.set(access, Date.now() + expiresIn * 1_000);
      return { status: 200, body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: access } };
    })();
    tokenRequests.push({ form: { ...form, ...(form.client_secret !== undefined ? { client_secret: '***' } : {}) }, status: answer.status });
    return answer;
  }

  /** The endpoints at the origin the client asked for (its `Host`), as a server behind a relay or proxy names them. */
  function discovery(req: ReceivedRequest): Reply {
    const host = req.headers.host;
    const origin = host !== undefined && host !== '' ? `${new URL(http.origin).protocol}//${host}` : http.origin;
    const base = `${origin}/${tenantId}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      },
    };
  }

  function ingest(req: ReceivedRequest): { answer: Reply; rows: Record<string, unknown>[]; code?: string } {
    const url = new URL(req.path, 'http://x');
    const fail = (answer: Reply, code: string, parsed: Record<string, unknown>[] = []): { answer: Reply; rows: Record<string, unknown>[]; code: string } => ({ answer, rows: parsed, code });
    const auth = req.headers.authorization ?? '';
    const bearer = /^Bearer (\S+)$/.exec(auth)?.[1];
    const expiry = bearer === undefined ? undefined : valid.get(bearer);
    if (bearer === undefined || expiry === undefined || expiry <= Date.now() || revoked) {
      return fail(azureError(401, 'InvalidToken', bearer === undefined ? 'The request has no bearer token.' : 'The access token is invalid or has expired.', { 'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' }), 'InvalidToken');
    }
    const version = url.searchParams.get('api-version');
    if (version === null) return fail(azureError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests."), 'MissingApiVersionParameter');
    if (version !== SENTINEL_API_VERSION && version !== '2021-11-01-preview') return fail(azureError(400, 'UnsupportedApiVersion', `The HTTP resource does not support the API version '${version}'.`), 'UnsupportedApiVersion');
    if (url.pathname !== ingestPath) return fail(azureError(404, 'NotFound', 'The data collection rule or stream was not found.'), 'NotFound');
    if (req.rawBody.length > maxBytes || req.body.length > maxBytes) return fail(azureError(413, 'ContentLengthLimitExceeded', `Maximum allowed content length: ${maxBytes} bytes (1 MB).`), 'ContentLengthLimitExceeded');
    if (/gzip/i.test(req.headers['content-encoding'] ?? '') && req.parseError?.startsWith('not gzip')) return fail(azureError(400, 'InvalidContentEncoding', 'The body is not gzip.'), 'InvalidContentEncoding');
    let doc: unknown;
    try {
      doc = JSON.parse(req.body.toString('utf8'));
    } catch (err) {
      return fail(azureError(400, 'InvalidPayload', `Data is not valid JSON: ${(err as Error).message}`), 'InvalidPayload');
    }
    if (!Array.isArray(doc) || doc.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) return fail(azureError(400, 'InvalidPayload', 'The body must be a JSON array of objects.'), 'InvalidPayload');
    const parsed = doc as Record<string, unknown>[];
    const fault = faults.shift();
    if (fault !== undefined) {
      const code = fault.code ?? (fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'ServiceUnavailable' : 'Error');
      return fail(azureError(fault.status, code, fault.message ?? `Scripted ${fault.status}.`, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}), code, parsed);
    }
    return { answer: { status: 204, body: '', accepted: [] }, rows: parsed };
  }

  const http: HttpReceiver = await startHttpReceiver({ ...(options.tls === true ? { tls: true } : {}), ...(options.port !== undefined ? { port: options.port } : {}) });
  const route = (req: ReceivedRequest): Reply => {
    const pathname = new URL(req.path, 'http://x').pathname;
    if (req.method === 'POST' && pathname === `/${tenantId}/oauth2/v2.0/token`) return token(req);
    if (req.method === 'GET' && pathname === `/${tenantId}/v2.0/.well-known/openid-configuration`) return discovery(req);
    if (req.method === 'POST' && pathname.startsWith('/dataCollectionRules/')) {
      const out = ingest(req);
      ingestRequests.push({ request: req, rows: out.rows, status: out.answer.status, ...(out.code !== undefined ? { code: out.code } : {}) });
      if (out.answer.status === 204) {
        for (const row of out.rows) {
          rows.push(row);
          if (!('TimeGenerated' in row)) missing.push(row);
        }
        for (const w of [...waiters]) w();
      }
      return out.answer;
    }
    return azureError(404, 'NotFound', `No route for ${req.method} ${pathname}.`);
  };
  http.rule(route);

  return {
    url: http.origin,
    port: http.port,
    tenantId,
    clientId,
    clientSecret,
    dcrImmutableId,
    stream,
    rows,
    rowsMissingTimeGenerated: missing,
    tokenRequests,
    ingestRequests,
    tokens,
    eventIds: () => rows.map(defaultEventId).filter((id): id is string => id !== undefined),
    fail: (...f) => {
      faults.push(...f);
    },
    expireTokens: () => {
      for (const t of valid.keys()) valid.set(t, 0);
    },
    revokeAll: (on = true) => {
      revoked = on;
    },
    failTokens: (...f) => {
      tokenFaults.push(...f);
    },
    waitForRows: (n, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (rows.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(rows);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`sentinel receiver: timed out after ${timeoutMs} ms waiting for ${n} rows (have ${rows.length})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    http,
    close: () => http.close(),
  };
}
