/**
 * The request to an HTTP Logs Source (wire-protocols.md §5): `POST` to the source's URL, the
 * metadata headers that override the source's defaults for every message of the request, and gzip.
 *
 * The URL is the credential: the redactor learns it whole, its path segments and its token, so
 * no message can repeat it. `describeSource` is what may be shown of it: the scheme and host.
 */
import { parseEndpoint } from '../transport/endpoint.js';
import { frameLinesUtf8 } from '../transport/lines.js';
import { gzip } from '../transport/gzip.js';
import type { HttpRequest } from '../transport/http-client.js';
import { REDACTED } from '../transport/redact.js';
import type { SumoSettings } from './config.js';

export interface SumoPlan {
  /** Only its origin goes to the client. */
  readonly url: URL;
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly gzip: boolean;
  readonly secrets: readonly string[];
}

/** `k1=v1,k2=v2` (the schema keeps `,` and `=` out of names and values). */
export function fieldsHeader(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The parts of a source URL's path that are not its token. */
const SOURCE_PATH = new Set(['receiver', 'v1', 'http']);

/** What may be shown of a source URL: `https://endpoint1.collection.sumologic.com/receiver/v1/http/***`. */
export function describeSource(url: URL): string {
  const path = url.pathname
    .split('/')
    .map((s) => (s === '' || SOURCE_PATH.has(s) ? s : REDACTED))
    .join('/');
  return `${url.origin}${path}`;
}

export function planSumo(destination: string, settings: SumoSettings): SumoPlan {
  const url = parseEndpoint(destination, 'url', settings.url, { credentialsHint: 'the source URL holds its own token' });
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'user-agent': 'siemkit' };
  if (settings.category !== undefined) headers['x-sumo-category'] = settings.category;
  if (settings.name !== undefined) headers['x-sumo-name'] = settings.name;
  if (settings.host !== undefined) headers['x-sumo-host'] = settings.host;
  const fields = fieldsHeader(settings.fields ?? {});
  if (fields !== '') headers['x-sumo-fields'] = fields;
  const useGzip = settings.gzip !== false;
  if (useGzip) headers['content-encoding'] = 'gzip';
  const segments = url.pathname.split('/').filter((s) => s.length > 0 && !SOURCE_PATH.has(s));
  const secrets = [settings.url, url.href, `${url.pathname}${url.search}`, ...segments, ...url.searchParams.values()];
  return { url, path: `${url.pathname}${url.search}`, headers, gzip: useGzip, secrets };
}

export async function buildSumoRequest(plan: SumoPlan, records: readonly string[]): Promise<HttpRequest> {
  const body = frameLinesUtf8(records);
  return { method: 'POST', path: plan.path, headers: plan.headers, body: plan.gzip ? await gzip(body) : body };
}
