/**
 * Our request against the one New Relic's own client sends for the same logs: the Telemetry SDK
 * (`@newrelic/telemetry-sdk`, its `LogClient` and `LogBatch`), given each record as a log's message
 * with the same timestamp and attributes, and the same common attributes. The SDK speaks HTTPS only
 * and takes no CA, so it runs in a child process that trusts the test CA (`NODE_EXTRA_CA_CERTS`),
 * against the loopback Log API over TLS. The receiver reads both bodies; the logs (common
 * attributes merged in), the path and the essential headers must agree.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../../../src/destinations/destination.js';
import { createNewRelicDestination } from '../../../../src/destinations/newrelic/destination.js';
import type { NewRelicReceiver } from '../../../helpers/receivers/newrelic.js';
import { startNewRelicReceiver } from '../../../helpers/receivers/newrelic.js';
import { tlsFiles } from '../../../helpers/tls-certs.js';
import { contextFor, events, never } from '../fixtures.js';

const run = promisify(execFile);
/** Where the SDK is installed (the child resolves it from there). */
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** Sends `logs` with the SDK to `port` on localhost; prints the status New Relic's client saw. */
const SDK_SCRIPT = `
const { LogClient, LogBatch, Log } = require('@newrelic/telemetry-sdk').telemetry.logs;
const { port, apiKey, common, logs } = JSON.parse(process.argv[1]);
const client = new LogClient({ apiKey, host: 'localhost', port });
const batch = new LogBatch(logs.map((l) => new Log(l.message, l.timestamp, l.attributes)), common);
client.send(batch, (err, res) => {
  if (err) { console.error(err.message); process.exit(1); }
  console.log(res.statusCode);
  process.exit(0);
});
`;

const open: Array<NewRelicReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

describe('newrelic against @newrelic/telemetry-sdk', () => {
  it('sends the same logs to the same path with the same essential headers', async () => {
    const nr = await startNewRelicReceiver({ tls: true });
    open.push(nr);
    const tls = tlsFiles();
    const d = createNewRelicDestination({ endpoint: nr.url, api_key: nr.licenseKey, attributes: { service: 'scaidrive' } }, contextFor('newrelic', { format: 'ocsf', tls: { ca_file: tls.caFile } }));
    open.push(d);
    const list = events(4);
    await d.send({ records: list.map((e) => d.encode(e)), events: list }, never());
    const ours = nr.requests[0];
    const ourLogs = [...nr.logs];
    expect(ourLogs).toHaveLength(list.length);

    // The same logs as the SDK's model: what our entries hold, unpacked.
    const body = JSON.parse((ours?.body ?? Buffer.alloc(0)).toString('utf8')) as [{ common: { attributes: Record<string, string> }; logs: { message: string; timestamp: number; attributes: Record<string, string> }[] }];
    const input = { port: nr.port, apiKey: nr.licenseKey, common: body[0].common.attributes, logs: body[0].logs };
    const { stdout } = await run(process.execPath, ['-e', SDK_SCRIPT, JSON.stringify(input)], { cwd: REPO, env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caFile }, timeout: 20_000 });
    const theirs = nr.requests[1];
    if (ours === undefined || theirs === undefined) throw new Error('both requests reached the receiver');

    expect(stdout.trim()).toBe('202');
    expect(nr.logs.slice(list.length)).toEqual(ourLogs);
    expect(ourLogs.map((l) => l.attributes['siemkit.event_id'])).toEqual(list.map((e) => e.event_id));
    expect(theirs.path).toBe(ours.path);
    for (const h of ['api-key', 'content-type', 'content-encoding']) expect(ours.headers[h], h).toBe(theirs.headers[h]);
    for (const r of [ours, theirs]) expect([...r.rawBody.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  });
});
