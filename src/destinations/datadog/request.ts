/**
 * The intake request for a batch (wire-protocols.md §4):
 *
 *   POST https://http-intake.logs.<site>/api/v2/logs        (or <endpoint>/api/v2/logs)
 *   DD-API-KEY: <api key>
 *   Content-Type: application/json
 *   Content-Encoding: gzip
 *
 *   gzip([entry,entry,…])
 */
import { DestinationConfigError } from '../config-error.js';
import { parseEndpoint } from '../transport/endpoint.js';
import type { HttpRequest } from '../transport/http-client.js';
import { gzip } from '../transport/gzip.js';
import type { DatadogSettings } from './config.js';
import { DEFAULT_SITE, LOGS_PATH } from './config.js';
import { frameEntries } from './encode.js';

export interface DatadogPlan {
  /** Its origin for the client. */
  readonly url: URL;
  /** Path of every request. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The intake URL of the settings: `endpoint` + `/api/v2/logs`, or the site's intake. */
export function intakeUrl(destination: string, settings: Pick<DatadogSettings, 'site' | 'endpoint'>): URL {
  const base = settings.endpoint ?? `https://http-intake.logs.${settings.site ?? DEFAULT_SITE}`;
  const url = parseEndpoint(destination, 'endpoint', base, { query: false, credentialsHint: 'give the key in `api_key`' });
  if (url.pathname.replace(/\/+$/, '').endsWith(LOGS_PATH)) throw new DestinationConfigError(destination, 'endpoint', `give the base URL: ${LOGS_PATH} is appended`);
  return new URL(`${url.origin}${url.pathname.replace(/\/+$/, '')}${LOGS_PATH}`);
}

export function planDatadog(destination: string, settings: DatadogSettings): DatadogPlan {
  const url = intakeUrl(destination, settings);
  return {
    url,
    path: url.pathname,
    headers: { 'dd-api-key': settings.api_key, 'content-type': 'application/json', 'content-encoding': 'gzip', accept: 'application/json', 'user-agent': 'siemkit' },
  };
}

export async function buildDatadogRequest(plan: DatadogPlan, entries: readonly string[]): Promise<HttpRequest> {
  return { method: 'POST', path: plan.path, headers: plan.headers, body: await gzip(frameEntries(entries)) };
}
