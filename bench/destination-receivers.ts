/**
 * The loopback receivers of bench/destinations.bench.ts, in a process of their own (as a SIEM
 * would be): every vendor receiver of test/helpers/receivers/, started once, driven over IPC.
 *
 *   { op: 'count', vendor }     -> records the receiver accepted since the last reset
 *   { op: 'requests', vendor }  -> the ingestion requests it got (path, headers, body as sent), for the bare loop
 *   { op: 'reset', vendor }     -> forgets both
 *   { op: 'cpu' }               -> the CPU time this process has used so far (user + system, µs), all receivers together
 *
 * Its first message is the receivers' addresses and credentials. With `BENCH_RTT_MS` set, the
 * HTTP receivers' addresses are relays that add that round trip to each answer (network-delay.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { startDatadogReceiver } from '../test/helpers/receivers/datadog.js';
import { startElasticReceiver } from '../test/helpers/receivers/elastic.js';
import { startNewRelicReceiver } from '../test/helpers/receivers/newrelic.js';
import { startSentinelReceiver } from '../test/helpers/receivers/sentinel.js';
import * as hec from '../test/helpers/receivers/splunk-hec.js';
import { startSumoReceiver } from '../test/helpers/receivers/sumo.js';
import { startSyslogTcpReceiver } from '../test/helpers/receivers/syslog-tcp.js';
import { startXsiamReceiver } from '../test/helpers/receivers/xsiam.js';
import { tlsFiles } from '../test/helpers/tls-certs.js';
import { delayed } from './network-delay.js';

export interface CapturedRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as sent, base64. */
  readonly body: string;
}

export type ReceiverRequest = { readonly id: number; readonly op: 'count' | 'requests' | 'reset'; readonly vendor: string } | { readonly id: number; readonly op: 'cpu' };

export interface Addresses {
  readonly hec: { readonly url: string; readonly token: string };
  readonly sentinel: { readonly url: string; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string; readonly dcrImmutableId: string; readonly stream: string; readonly caFile: string };
  readonly elastic: { readonly url: string; readonly apiKey: string };
  readonly datadog: { readonly url: string; readonly apiKey: string };
  readonly sumo: { readonly url: string };
  readonly newrelic: { readonly url: string; readonly licenseKey: string };
  readonly xsiam: { readonly url: string; readonly apiKey: string };
  readonly syslog: { readonly port: number };
}

interface Driven {
  count(): number;
  requests(): CapturedRequest[];
  reset(): void;
}

const capture = (r: { method: string; path: string; headers: IncomingHttpHeaders; rawBody: Buffer }): CapturedRequest => ({ method: r.method, path: r.path, headers: r.headers, body: r.rawBody.toString('base64') });

const apiKey = Buffer.from('bench-id:bench-key-0123456789').toString('base64');
const splunk = await hec.start();
// TLS: @azure/identity and @azure/monitor-ingestion speak only HTTPS. Tokens outlive the run.
// 1 MiB rather than 1,000,000 bytes: @azure/monitor-ingestion 1.2.0 cuts its chunks at 1,000,000
// bytes of rows without counting the array's commas and brackets, so its requests of ~1 KB rows
// come to ~1,000,900 bytes, which the receiver's strict 1 MB check refuses (413). Our destination
// stays under 1,000,000 either way.
const az = await startSentinelReceiver({ tls: true, expiresInSeconds: 86_400, maxBytes: 1_048_576 });
const es = await startElasticReceiver({ apiKey });
const dd = await startDatadogReceiver();
const sumo = await startSumoReceiver();
const nr = await startNewRelicReceiver();
const xsiam = await startXsiamReceiver({ logFormat: 'CEF' });
const syslog = await startSyslogTcpReceiver();

const query = (r: { path: string; query: URLSearchParams }): string => `${r.path}${r.query.size > 0 ? `?${r.query.toString()}` : ''}`;

const driven: Record<string, Driven> = {
  splunk_hec: { count: () => splunk.events.length, requests: () => splunk.requests.map(capture), reset: () => splunk.reset() },
  sentinel: {
    count: () => az.rows.length,
    requests: () => az.ingestRequests.map((q) => capture(q.request)),
    reset: () => {
      az.rows.length = 0;
      (az.ingestRequests as unknown[]).length = 0;
      az.http.requests.length = 0;
    },
  },
  elastic: { count: () => es.documents().length, requests: () => es.requests.map((r) => capture({ ...r, path: query(r) })), reset: () => es.reset() },
  datadog: {
    count: () => dd.logs.length,
    requests: () => dd.requests.map((q) => capture(q.request)),
    reset: () => {
      dd.logs.length = 0;
      dd.requests.length = 0;
      dd.http.requests.length = 0;
    },
  },
  sumo: { count: () => sumo.messages.length, requests: () => sumo.requests.map((r) => capture({ ...r, path: query(r) })), reset: () => sumo.reset() },
  newrelic: { count: () => nr.logs.length, requests: () => nr.requests.map((r) => capture({ ...r, path: query(r) })), reset: () => nr.reset() },
  xsiam: { count: () => xsiam.events.length, requests: () => xsiam.requests.map((r) => capture({ ...r, path: query(r) })), reset: () => xsiam.reset() },
  syslog: { count: () => syslog.messages.length, requests: () => [], reset: () => void (syslog.messages.length = 0) },
};

// With BENCH_RTT_MS, each HTTP receiver is reached through a relay that adds that round trip (network-delay.ts).
const rttMs = Number(process.env.BENCH_RTT_MS ?? 0);
const via = (url: string): Promise<string> => (rttMs > 0 ? delayed(url, rttMs) : Promise.resolve(url));

const addresses: Addresses = {
  hec: { url: await via(splunk.url), token: splunk.token },
  sentinel: { url: await via(az.url), tenantId: az.tenantId, clientId: az.clientId, clientSecret: az.clientSecret, dcrImmutableId: az.dcrImmutableId, stream: az.stream, caFile: tlsFiles().caFile },
  elastic: { url: await via(es.url), apiKey },
  datadog: { url: await via(dd.url), apiKey: dd.apiKey },
  sumo: { url: await via(sumo.url) },
  newrelic: { url: await via(nr.url), licenseKey: nr.licenseKey },
  xsiam: { url: await via(xsiam.url), apiKey: xsiam.apiKey },
  syslog: { port: syslog.port },
};

process.on('message', (m: ReceiverRequest) => {
  if (m.op === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ id: m.id, value: user + system });
    return;
  }
  const d = driven[m.vendor];
  if (d === undefined) throw new Error(`no receiver ${m.vendor}`);
  const value = m.op === 'count' ? d.count() : m.op === 'requests' ? d.requests() : d.reset();
  process.send?.({ id: m.id, value });
});
process.on('disconnect', () => process.exit(0));
process.send?.(addresses);
