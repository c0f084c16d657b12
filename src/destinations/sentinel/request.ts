/**
 * The Logs Ingestion request for a batch (wire-protocols.md §2.1, §2.3):
 *
 *   POST {endpoint}/dataCollectionRules/{dcr_immutable_id}/streams/{stream}?api-version=2023-01-01
 *   Authorization: Bearer <Entra ID token>
 *   Content-Type: application/json
 *   Content-Encoding: gzip
 *   x-ms-client-request-id: <uuid>            one per request, for Azure support to trace it
 *
 *   gzip([row,row,…])
 *
 * What does not change between requests (the URL, the token endpoint) is worked out once, in
 * `planSentinel`, which also refuses settings that cannot work.
 */
import { randomUUID } from 'node:crypto';
import { parseEndpoint } from '../transport/endpoint.js';
import type { HttpRequest } from '../transport/http-client.js';
import { gzip } from '../transport/gzip.js';
import type { SentinelSettings } from './config.js';
import { API_VERSION, DEFAULT_AUTHORITY_HOST, DEFAULT_SCOPE } from './config.js';
import { frameRows } from './encode.js';

export interface SentinelPlan {
  /** The endpoint: its origin for the client. */
  readonly endpoint: URL;
  /** Path and query of every ingestion request. */
  readonly path: string;
  /** The authority host: its origin for the token client. */
  readonly authority: URL;
  /** Path of the token request. */
  readonly tokenPath: string;
  readonly scope: string;
}

export function planSentinel(destination: string, settings: SentinelSettings): SentinelPlan {
  const endpoint = parseEndpoint(destination, 'endpoint', settings.endpoint, { query: false });
  const authority = parseEndpoint(destination, 'authority_host', settings.authority_host ?? DEFAULT_AUTHORITY_HOST, { query: false });
  const base = endpoint.pathname.replace(/\/+$/, '');
  const path = `${base}/dataCollectionRules/${encodeURIComponent(settings.dcr_immutable_id)}/streams/${encodeURIComponent(settings.stream)}?api-version=${API_VERSION}`;
  const tokenPath = `${authority.pathname.replace(/\/+$/, '')}/${encodeURIComponent(settings.tenant_id)}/oauth2/v2.0/token`;
  return { endpoint, path, authority, tokenPath, scope: settings.scope ?? DEFAULT_SCOPE };
}

/** The headers of one ingestion request, with this bearer token (a new client request id each time). */
export function ingestionHeaders(token: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'content-encoding': 'gzip',
    accept: 'application/json',
    'x-ms-client-request-id': randomUUID(),
    'user-agent': 'siemkit',
  };
}

/** The ingestion request for these rows, with this bearer token; `body` is theirs when it was made ahead (the destination's `prepare`). */
export async function buildIngestionRequest(plan: SentinelPlan, rows: readonly string[], token: string, body?: Buffer): Promise<HttpRequest> {
  return { method: 'POST', path: plan.path, headers: ingestionHeaders(token), body: body ?? (await ingestionBody(rows)) };
}

/** The body of these rows, compressed: what `buildIngestionRequest` sends. */
export const ingestionBody = (rows: readonly string[]): Promise<Buffer> => gzip(frameRows(rows));
