/**
 * The Log API request (wire-protocols.md §6.1): `POST {region endpoint}` with
 * `Content-Type: application/json`, the license key in `Api-Key` (or the header chosen), and gzip.
 */
import { parseEndpoint } from '../transport/endpoint.js';
import { gzip } from '../transport/gzip.js';
import type { HttpRequest } from '../transport/http-client.js';
import type { NewRelicSettings } from './config.js';
import { NEW_RELIC_ENDPOINTS } from './config.js';
import type { LogsEnvelope } from './encode.js';
import { frameLogs, logsEnvelope } from './encode.js';

export interface NewRelicPlan {
  readonly url: URL;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly gzip: boolean;
  readonly envelope: LogsEnvelope;
  readonly secrets: readonly string[];
}

export function planNewRelic(destination: string, settings: NewRelicSettings, format: string): NewRelicPlan {
  const url = parseEndpoint(destination, settings.endpoint !== undefined ? 'endpoint' : 'region', settings.endpoint ?? NEW_RELIC_ENDPOINTS[settings.region ?? 'us'], { credentialsHint: 'give the key in `api_key`' });
  const useGzip = settings.gzip !== false;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'siemkit', [(settings.key_header ?? 'Api-Key').toLowerCase()]: settings.api_key };
  if (useGzip) headers['content-encoding'] = 'gzip';
  const envelope = logsEnvelope({ 'siemkit.format': format, ...settings.attributes });
  return { url, path: `${url.pathname}${url.search}`, headers, gzip: useGzip, envelope, secrets: [settings.api_key] };
}

export async function buildNewRelicRequest(plan: NewRelicPlan, entries: readonly string[]): Promise<HttpRequest> {
  const body = frameLogs(plan.envelope, entries);
  return { method: 'POST', path: plan.path, headers: plan.headers, body: plan.gzip ? await gzip(body) : body };
}
