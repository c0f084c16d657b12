/**
 * Our request against the one Sumo Logic's own JavaScript logging SDK (`sumo-logger`, from
 * github.com/SumoLogic/js-logging-sdk) sends for the same records: `raw: true` (each record sent as
 * it is), the same source metadata, to the same loopback HTTP Logs Source. The receiver files both;
 * the messages, their metadata, the path, the body and the metadata headers must agree. The SDK
 * sends no gzip, so our destination runs with `gzip: false` here (the receiver decodes either way).
 */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../../../src/destinations/destination.js';
import { createSumoDestination } from '../../../../src/destinations/sumo/destination.js';
import type { SumoReceiver } from '../../../helpers/receivers/sumo.js';
import { startSumoReceiver } from '../../../helpers/receivers/sumo.js';
import { contextFor, events, never } from '../fixtures.js';

/** The part of sumo-logger's API used here (it ships no types). */
interface SumoLoggerSdk {
  log(message: string | readonly string[]): Promise<unknown> | false | undefined;
}
const SumoLogger = createRequire(import.meta.url)('sumo-logger') as new (options: Record<string, unknown>) => SumoLoggerSdk;

const open: Array<SumoReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

describe('sumo against sumo-logger (Sumo Logic JavaScript logging SDK)', () => {
  it('files the same messages under the same metadata, from the same path and essential headers', async () => {
    const sumo = await startSumoReceiver();
    open.push(sumo);
    const metadata = { category: 'prod/scaidrive/audit', name: 'scaidrive', host: 'fw-1' };
    const d = createSumoDestination({ url: sumo.url, ...metadata, gzip: false }, contextFor('sumo', { format: 'ocsf' }));
    open.push(d);
    const list = events(5);
    const records = list.map((e) => d.encode(e));
    await d.send({ records, events: list }, never());
    const ours = sumo.requests[0];
    const ourMessages = [...sumo.messages];
    expect(ourMessages).toHaveLength(records.length);

    const sdk = new SumoLogger({ endpoint: sumo.url, sourceCategory: metadata.category, sourceName: metadata.name, hostName: metadata.host, raw: true, returnPromise: true, onError: () => undefined });
    await sdk.log(records);
    const theirs = sumo.requests[1];
    if (ours === undefined || theirs === undefined) throw new Error('both requests reached the receiver');

    expect(theirs.answer).toMatchObject({ status: 200 });
    expect(sumo.messages.slice(records.length)).toEqual(ourMessages);
    expect(ourMessages.map((m) => m.text)).toEqual(records);
    expect(theirs.path).toBe(ours.path);
    expect(theirs.body?.toString('utf8')).toBe(ours.body?.toString('utf8'));
    for (const h of ['x-sumo-category', 'x-sumo-name', 'x-sumo-host']) expect(ours.headers[h], h).toBe(theirs.headers[h]);
    // The SDK says application/json, we say text/plain (records may be CEF or LEEF lines): for a
    // source, the type only matters for metrics (wire-protocols.md §5), and neither is a metrics type.
    for (const r of [ours, theirs]) expect(r.headers['content-type']).not.toMatch(/^application\/vnd\.sumologic\./);
  });
});
