/**
 * The bulk request (wire-protocols.md §3.1, §3.2): `POST {endpoint}/_bulk` with the NDJSON body,
 * `Content-Type: application/x-ndjson`, `ApiKey` or `Basic` authentication and optional gzip.
 *
 * The plain media types are sent, not the `application/vnd.elasticsearch+x-ndjson;
 * compatible-with=N` that the official client sends: Elasticsearch 7, 8 and 9 and OpenSearch all
 * take the plain ones, and OpenSearch does not know the vendored ones.
 *
 * `filter_path` keeps the answer to what classification reads (`errors`, and each item's status
 * and error), so a large batch's answer stays small.
 */
import { DestinationConfigError } from '../config-error.js';
import { parseEndpoint } from '../transport/endpoint.js';
import { gzip } from '../transport/gzip.js';
import type { HttpRequest } from '../transport/http-client.js';
import type { ElasticSettings } from './config.js';
import type { BulkTarget } from './encode.js';
import { BULK_CONTENT_TYPE, frameBulk } from './encode.js';

export const BULK_FILTER_PATH = 'errors,items.*.status,items.*.error.type,items.*.error.reason';

export interface BulkPlan {
  /** Only its origin goes to the client. */
  readonly url: URL;
  /** `{prefix}/_bulk?filter_path=…` */
  readonly path: string;
  readonly target: BulkTarget;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly gzip: boolean;
  /** Secret values in the forms they travel in, for the redactor. */
  readonly secrets: readonly string[];
}

/** `ApiKey` takes base64 of `id:key`; a key given as `id:key` is encoded here. */
function apiKeyCredentials(apiKey: string): string {
  return apiKey.includes(':') ? Buffer.from(apiKey, 'utf8').toString('base64') : apiKey;
}

export function planBulk(destination: string, settings: ElasticSettings): BulkPlan {
  const url = parseEndpoint(destination, 'endpoint', settings.endpoint, { query: false, credentialsHint: 'give them in `api_key` or `username`/`password`' });
  if ((settings.index === undefined) === (settings.data_stream === undefined)) {
    throw new DestinationConfigError(destination, settings.index === undefined ? 'index' : 'data_stream', 'give one of `index` or `data_stream`');
  }
  const target: BulkTarget = settings.data_stream !== undefined ? { name: settings.data_stream, dataStream: true } : { name: settings.index as string, dataStream: false };
  const headers: Record<string, string> = { 'content-type': BULK_CONTENT_TYPE, accept: 'application/json', 'user-agent': 'siemkit' };
  const secrets: string[] = [];
  if (settings.api_key !== undefined && (settings.username !== undefined || settings.password !== undefined)) {
    throw new DestinationConfigError(destination, 'api_key', 'give `api_key` or `username`/`password`, not both');
  }
  if ((settings.username === undefined) !== (settings.password === undefined)) {
    throw new DestinationConfigError(destination, settings.username === undefined ? 'username' : 'password', 'basic authentication needs both `username` and `password`');
  }
  if (settings.api_key !== undefined) {
    const credentials = apiKeyCredentials(settings.api_key);
    headers.authorization = `ApiKey ${credentials}`;
    secrets.push(settings.api_key, credentials);
  } else if (settings.username !== undefined && settings.password !== undefined) {
    const credentials = Buffer.from(`${settings.username}:${settings.password}`, 'utf8').toString('base64');
    headers.authorization = `Basic ${credentials}`;
    secrets.push(settings.password, credentials);
  }
  if (settings.gzip === true) headers['content-encoding'] = 'gzip';
  const prefix = url.pathname.replace(/\/+$/, '');
  return { url, path: `${prefix}/_bulk?filter_path=${BULK_FILTER_PATH}`, target, headers, gzip: settings.gzip === true, secrets };
}

/** The request for these bulk items. */
export async function buildBulkRequest(plan: BulkPlan, items: readonly string[]): Promise<HttpRequest> {
  const body = frameBulk(items);
  return { method: 'POST', path: plan.path, headers: plan.headers, body: plan.gzip ? await gzip(body) : body };
}
