/**
 * Our request against the one Datadog's own client sends for the same logs:
 * `@datadog/datadog-api-client` v2 `LogsApi.submitLog` with `contentEncoding: gzip`, its server
 * overridden (`baseServer`) to the loopback receiver. The receiver's parser reads both; the
 * entries, the path and the essential headers must agree.
 */
import { client, v2 } from '@datadog/datadog-api-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { createDatadogDestination } from '../../../../src/destinations/datadog/destination.js';
import type { DatadogReceiver } from '../../../helpers/receivers/datadog.js';
import { startDatadogReceiver } from '../../../helpers/receivers/datadog.js';
import { contextFor, events as baseEvents, never } from '../fixtures.js';

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

describe('datadog against @datadog/datadog-api-client', () => {
  it('sends the same entries to the same path with the same essential headers', async () => {
    const dd: DatadogReceiver = await startDatadogReceiver();
    open.push(dd);
    const d = createDatadogDestination({ endpoint: dd.url, api_key: dd.apiKey, service: 'scaidrive', ddtags: 'env:prod', hostname: 'fw-1' }, contextFor('datadog'));
    open.push(d);
    const now = new Date().toISOString();
    const list: CanonicalEvent[] = baseEvents(4).map((e) => ({ ...e, timestamp: now }));
    const records = list.map((e) => d.encode(e));
    await d.send({ records, events: list }, never());
    const ours = dd.requests[0]!;

    const configuration = client.createConfiguration({ authMethods: { apiKeyAuth: dd.apiKey }, baseServer: new client.BaseServerConfiguration(dd.url, {}) });
    const api = new v2.LogsApi(configuration);
    const body: v2.HTTPLogItem[] = records.map((r) => {
      const { ddsource, ddtags, hostname, service, message, ...rest } = JSON.parse(r) as Record<string, string>;
      return { ddsource, ddtags, hostname, service, message, additionalProperties: rest } as v2.HTTPLogItem;
    });
    await api.submitLog({ body, contentEncoding: 'gzip' });
    const theirs = dd.requests[1]!;

    expect(theirs.status).toBe(202);
    expect(theirs.logs).toEqual(ours.logs);
    expect(theirs.request.path).toBe(ours.request.path);
    for (const h of ['dd-api-key', 'content-type', 'content-encoding', 'accept']) expect(ours.request.headers[h], h).toBe(theirs.request.headers[h]);
    expect([...theirs.request.rawBody.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  });
});
