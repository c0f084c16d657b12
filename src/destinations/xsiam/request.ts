/**
 * The collector request (wire-protocols.md §6.2): `POST` to the collector's API URL with
 * `Authorization: <api key>` (the raw key, no scheme), the content type of its log format, and
 * gzip when the collector was created with it.
 */
import { parseEndpoint } from '../transport/endpoint.js';
import { frameLinesUtf8 } from '../transport/lines.js';
import { gzip } from '../transport/gzip.js';
import type { HttpRequest } from '../transport/http-client.js';
import type { XsiamSettings } from './config.js';
import { contentType } from './encode.js';

export interface XsiamPlan {
  readonly url: URL;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly gzip: boolean;
  readonly secrets: readonly string[];
}

export function planXsiam(destination: string, settings: XsiamSettings, format: string): XsiamPlan {
  const url = parseEndpoint(destination, 'url', settings.url, { credentialsHint: 'give the key in `api_key`' });
  const useGzip = settings.gzip === true;
  const headers: Record<string, string> = { 'content-type': contentType(format), authorization: settings.api_key, 'user-agent': 'siemkit' };
  if (useGzip) headers['content-encoding'] = 'gzip';
  return { url, path: `${url.pathname}${url.search}`, headers, gzip: useGzip, secrets: [settings.api_key] };
}

export async function buildXsiamRequest(plan: XsiamPlan, records: readonly string[]): Promise<HttpRequest> {
  const body = frameLinesUtf8(records);
  return { method: 'POST', path: plan.path, headers: plan.headers, body: plan.gzip ? await gzip(body) : body };
}
