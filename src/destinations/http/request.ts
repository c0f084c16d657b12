/**
 * The request for a batch: the URL's path, the headers (custom ones, content type, authentication,
 * signature, encoding) and the body. What does not change between requests is worked out once, in
 * `planRequests`, which also refuses settings HTTP cannot carry.
 */
import { DestinationConfigError } from '../config-error.js';
import { parseEndpoint } from '../transport/endpoint.js';
import type { RecordBytes } from '../destination.js';
import type { HttpRequest } from '../transport/http-client.js';
import { gzip } from '../transport/gzip.js';
import type { HttpAuth, HttpBody } from './config.js';
import type { BodyFraming } from './encode.js';
import { BODY_FRAMINGS } from './encode.js';
import { signatureHeaders, signingKey, webhookId } from './signature.js';

export interface RequestPlan {
  /** The URL: only its origin goes to the client, only its path and query into requests. */
  readonly url: URL;
  readonly path: string;
  readonly framing: BodyFraming;
  /** Headers of every request (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  readonly gzip: boolean;
  readonly signingKey?: Buffer;
  /** The secret values of these settings, in the forms they travel in, for the redactor. */
  readonly secrets: readonly string[];
}

export interface RequestSettings {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly auth?: HttpAuth;
  readonly body?: HttpBody;
  readonly signing_secret?: string;
  readonly gzip?: boolean;
}

/** Headers the transport or this destination sets: a custom header cannot replace them. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'content-encoding', 'webhook-id', 'webhook-timestamp', 'webhook-signature']);

/** Names whose value is a credential whatever it is: learned by the redactor. */
const CREDENTIAL_HEADER = /authorization|auth|key|token|secret|signature|cookie|session|password/i;

/** Parts of a URL long enough to be a token (a collector URL carries its secret in the path or query). */
const MIN_URL_SECRET_LENGTH = 16;

function authHeader(auth: HttpAuth): [string, string] {
  switch (auth.type) {
    case 'basic':
      return ['authorization', `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`];
    case 'bearer':
      return ['authorization', `Bearer ${auth.token}`];
    case 'header':
      return [auth.name.toLowerCase(), auth.value];
  }
}

function decoded(part: string): string[] {
  try {
    return [part, decodeURIComponent(part)];
  } catch {
    return [part];
  }
}

function urlSecrets(url: URL): string[] {
  const parts = [...url.pathname.split('/').flatMap(decoded), ...url.searchParams.values()];
  return parts.filter((p) => p.length >= MIN_URL_SECRET_LENGTH);
}

export function planRequests(destination: string, settings: RequestSettings): RequestPlan {
  // Never echo the URL: it may hold the very credentials we refuse.
  const url = parseEndpoint(destination, 'url', settings.url, { credentialsHint: 'give them in `auth`' });

  const framing = BODY_FRAMINGS[settings.body ?? 'json_array'];
  const headers: Record<string, string> = { 'content-type': framing.contentType, 'user-agent': 'siemkit' };
  const secrets: string[] = urlSecrets(url);
  const custom = new Set<string>();
  for (const [rawName, value] of Object.entries(settings.headers ?? {})) {
    const name = rawName.toLowerCase();
    if (RESERVED_HEADERS.has(name)) throw new DestinationConfigError(destination, `headers.${rawName}`, 'this header is set by the transport');
    if (custom.has(name)) throw new DestinationConfigError(destination, `headers.${rawName}`, 'given twice (header names are case-insensitive)');
    custom.add(name);
    headers[name] = value;
    if (CREDENTIAL_HEADER.test(name)) secrets.push(value);
  }
  if (settings.auth !== undefined) {
    const [name, value] = authHeader(settings.auth);
    if (RESERVED_HEADERS.has(name)) throw new DestinationConfigError(destination, 'auth.name', 'this header is set by the transport');
    if (custom.has(name)) throw new DestinationConfigError(destination, `headers.${name}`, 'also set by `auth`: give it in one place');
    headers[name] = value;
    secrets.push(value);
    if (settings.auth.type === 'basic') secrets.push(settings.auth.password);
    if (settings.auth.type === 'bearer') secrets.push(settings.auth.token);
  }
  if (settings.gzip === true) headers['content-encoding'] = 'gzip';
  let key: Buffer | undefined;
  if (settings.signing_secret !== undefined) {
    key = signingKey(settings.signing_secret);
    secrets.push(settings.signing_secret, key.toString('base64'));
  }
  return { url, path: `${url.pathname}${url.search}`, framing, headers, gzip: settings.gzip === true, ...(key !== undefined ? { signingKey: key } : {}), secrets };
}

/** The records of one request: their text, or their UTF-8 bytes when the runtime holds them (`Batch.recordBytes`). */
export type RequestRecords = { readonly text: readonly string[] } | { readonly bytes: readonly RecordBytes[] };

/** The request for these records (and the `event_id`s of their events, asked only for the signature's id). */
export async function buildRequest(plan: RequestPlan, records: RequestRecords, eventIds: () => readonly string[], nowMs: number): Promise<HttpRequest> {
  const body = 'bytes' in records ? plan.framing.frameBytes(records.bytes) : plan.framing.frame(records.text);
  const headers = plan.signingKey === undefined ? plan.headers : { ...plan.headers, ...signatureHeaders(plan.signingKey, webhookId(eventIds()), Math.floor(nowMs / 1_000), body) };
  return { method: 'POST', path: plan.path, headers, body: plan.gzip ? await gzip(body) : body };
}
