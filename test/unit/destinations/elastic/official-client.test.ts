/**
 * What we send, beside what the official client (`@elastic/elasticsearch` 9.4.3, the last major
 * that runs on Node 20) sends for the same documents to the same receiver: the bulk body is the
 * same NDJSON, byte for byte once decompressed; authentication, `Accept` and the NDJSON media
 * type agree in essence. Known differences, each accepted by the receiver as by Elasticsearch:
 *   - the client sends vendored media types (`application/vnd.elasticsearch+x-ndjson;
 *     compatible-with=9`), we send the plain ones, which OpenSearch also understands;
 *   - the client sends `x-elastic-client-meta` and its own user agent; we ask for `filter_path`.
 */
import { Client } from '@elastic/elasticsearch';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { createElasticDestination } from '../../../../src/destinations/elastic/destination.js';
import { startElasticReceiver } from '../../../helpers/receivers/elastic.js';
import type { VendorRequest } from '../../../helpers/receivers/vendor-server.js';
import { contextFor, encoderFor, events, never } from '../fixtures.js';

const API_KEY = Buffer.from('client-id:client-secret-value').toString('base64');

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

/** The media type without parameters, and without the vendor tree (`vnd.elasticsearch+`). */
const essence = (value: unknown): string =>
  String(value)
    .split(';')[0]
    ?.trim()
    .replace(/vnd\.elasticsearch\+/, '') ?? '';

/** The client's request (to one receiver) and ours (to another) for the same six events. */
async function both(gzip: boolean): Promise<{ ours: VendorRequest; theirs: VendorRequest }> {
  const es = await startElasticReceiver({ apiKey: API_KEY });
  open.push(es);
  const list = events(6);
  const encode = encoderFor('ecs');
  const client = new Client({ node: es.url, auth: { apiKey: API_KEY }, compression: gzip });
  open.push(client);
  const operations = list.flatMap((e) => [{ create: { _index: 'siem-audit', _id: e.event_id } }, JSON.parse(encode(e)) as object]);
  const answer = await client.bulk({ operations });
  expect(answer.errors).toBe(false);
  expect(es.eventIds()).toEqual(list.map((e) => e.event_id));
  return { ours: await ourRequest(list, gzip), theirs: es.requests[0] as VendorRequest };
}

/** Our request for the same events, to a fresh receiver. */
async function ourRequest(list: CanonicalEvent[], gzip: boolean): Promise<VendorRequest> {
  const es = await startElasticReceiver({ apiKey: API_KEY });
  open.push(es);
  const d = createElasticDestination({ endpoint: es.url, index: 'siem-audit', api_key: API_KEY, gzip }, contextFor('es', { format: 'ecs' }));
  open.push(d);
  await d.send({ records: list.map((e) => d.encode(e)), events: list }, never());
  expect(es.eventIds()).toEqual(list.map((e) => e.event_id));
  return es.requests[0] as VendorRequest;
}

describe('elastic destination beside @elastic/elasticsearch', () => {
  it('sends the same bulk body and the same essential headers', async () => {
    const { ours, theirs } = await both(false);
    expect(ours.body?.toString('utf8')).toBe(theirs.body?.toString('utf8'));
    expect(ours.method).toBe(theirs.method);
    expect(ours.path).toBe(theirs.path);
    expect(ours.headers.authorization).toBe(theirs.headers.authorization);
    expect(essence(ours.headers['content-type'])).toBe(essence(theirs.headers['content-type']));
    expect(essence(ours.headers['content-type'])).toBe('application/x-ndjson');
    expect(essence(ours.headers.accept)).toBe(essence(theirs.headers.accept));
    // The differences this file's comment names, as measured.
    expect(theirs.headers['content-type']).toBe('application/vnd.elasticsearch+x-ndjson; compatible-with=9');
    expect(ours.headers['content-type']).toBe('application/x-ndjson');
    expect(theirs.query.has('filter_path')).toBe(false);
  });

  it('with compression, both gzip the same body', async () => {
    const { ours, theirs } = await both(true);
    expect(ours.headers['content-encoding']).toBe('gzip');
    expect(theirs.headers['content-encoding']).toBe('gzip');
    expect(ours.body?.toString('utf8')).toBe(theirs.body?.toString('utf8'));
  });
});
