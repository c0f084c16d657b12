/**
 * The requests of a HEC destination (wire-protocols.md §1.1, §1.2, §1.6): the batch POST to
 * `/services/collector/event` or `/services/collector/raw`, and the acknowledgement query to
 * `/services/collector/ack`, with what they share worked out once in `planRequests`.
 *
 *   Authorization: Splunk <token>
 *   X-Splunk-Request-Channel: <uuid>     with acknowledgement, and always on /raw (§1.4)
 *   Content-Encoding: gzip               with `gzip`
 *
 * On /raw the metadata goes in the query string (`channel`, `sourcetype`, `source`, `host`,
 * `index`, percent-encoded), as Vector sends it.
 */
import { randomUUID } from 'node:crypto';
import { DestinationConfigError } from '../config-error.js';
import { parseEndpoint } from '../transport/endpoint.js';
import type { HttpRequest } from '../transport/http-client.js';
import { gzip } from '../transport/gzip.js';
import type { HecEndpointTarget } from './config.js';
import type { HecFraming } from './encode.js';
import { HEC_FRAMINGS } from './encode.js';

export const EVENT_PATH = '/services/collector/event';
export const RAW_PATH = '/services/collector/raw';
export const ACK_PATH = '/services/collector/ack';

/** A path the endpoint must not already hold: the destination appends it. */
const COLLECTOR_PATH = /\/services\/collector(\/|$)/;

export interface HecRequestSettings {
  readonly endpoint: string;
  readonly token: string;
  readonly target: HecEndpointTarget;
  readonly sourcetype: string;
  readonly source?: string;
  readonly host?: string;
  readonly index?: string;
  readonly gzip: boolean;
  readonly ack: boolean;
}

export interface HecRequestPlan {
  /** Only its origin goes to the client. */
  readonly url: URL;
  readonly framing: HecFraming;
  /** Path and query of a batch. */
  readonly batchPath: string;
  /** Path and query of an acknowledgement query. */
  readonly ackPath: string;
  readonly batchHeaders: Readonly<Record<string, string>>;
  readonly ackHeaders: Readonly<Record<string, string>>;
  /** This destination instance's channel (§1.6): a random UUID, new at each start. */
  readonly channel: string;
  readonly gzip: boolean;
  /** The secrets of these settings, for the redactor. */
  readonly secrets: readonly string[];
}

export function planRequests(destination: string, settings: HecRequestSettings): HecRequestPlan {
  // The query is ours to build (/raw's metadata), and the token goes in a header.
  const url = parseEndpoint(destination, 'endpoint', settings.endpoint, { query: false, credentialsHint: 'give the HEC token in `token`' });
  if (COLLECTOR_PATH.test(url.pathname)) throw new DestinationConfigError(destination, 'endpoint', 'give the HEC base URL (`https://splunk.example.com:8088`): the path /services/collector/... follows from `endpoint_target`');
  const prefix = url.pathname.replace(/\/+$/, '');
  const channel = randomUUID();
  const framing = HEC_FRAMINGS[settings.target];
  const auth = `Splunk ${settings.token}`;
  // The channel identifies this sender's acknowledgements; /raw takes one in any case (§1.4).
  const sendChannel = settings.ack || settings.target === 'raw';
  const batchHeaders: Record<string, string> = { authorization: auth, 'content-type': framing.contentType, 'user-agent': 'siemkit' };
  if (sendChannel) batchHeaders['x-splunk-request-channel'] = channel;
  if (settings.gzip) batchHeaders['content-encoding'] = 'gzip';
  let batchPath = `${prefix}${EVENT_PATH}`;
  if (settings.target === 'raw') {
    const query = new URLSearchParams({ channel, sourcetype: settings.sourcetype });
    if (settings.source !== undefined) query.set('source', settings.source);
    if (settings.host !== undefined) query.set('host', settings.host);
    if (settings.index !== undefined) query.set('index', settings.index);
    batchPath = `${prefix}${RAW_PATH}?${query.toString()}`;
  }
  return {
    url,
    framing,
    batchPath,
    ackPath: `${prefix}${ACK_PATH}?channel=${channel}`,
    batchHeaders,
    ackHeaders: { authorization: auth, 'content-type': 'application/json', 'user-agent': 'siemkit', 'x-splunk-request-channel': channel },
    channel,
    gzip: settings.gzip,
    secrets: [settings.token, auth],
  };
}

/** The POST of these records. */
export async function buildBatchRequest(plan: HecRequestPlan, records: readonly string[]): Promise<HttpRequest> {
  const body = plan.framing.frame(records);
  return { method: 'POST', path: plan.batchPath, headers: plan.batchHeaders, body: plan.gzip ? await gzip(body) : body };
}

/** The query of these acknowledgement ids (§1.6: `{"acks":[0,1,2]}`). */
export function buildAckRequest(plan: HecRequestPlan, ackIds: readonly number[], timeoutMs?: number): HttpRequest {
  return { method: 'POST', path: plan.ackPath, headers: plan.ackHeaders, body: JSON.stringify({ acks: ackIds }), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
}
