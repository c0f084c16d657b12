/**
 * Our request against the one Microsoft's own SDK sends for the same rows: `@azure/monitor-ingestion`
 * (`LogsIngestionClient.upload`) with `@azure/identity`'s `ClientSecretCredential`, both pointed at
 * the loopback receiver over HTTPS (MSAL refuses an http authority) with the test CA passed as
 * `tlsOptions.ca`, and instance discovery off (it would ask login.microsoftonline.com). The
 * receiver's parser reads both; the rows, the path and the essential headers must agree.
 */
import { ClientSecretCredential } from '@azure/identity';
import { LogsIngestionClient } from '@azure/monitor-ingestion';
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../../../src/destinations/destination.js';
import { createSentinelDestination } from '../../../../src/destinations/sentinel/destination.js';
import type { SentinelReceiver } from '../../../helpers/receivers/sentinel.js';
import { startSentinelReceiver } from '../../../helpers/receivers/sentinel.js';
import { tlsFiles } from '../../../helpers/tls-certs.js';
import { contextFor, events, never } from '../fixtures.js';

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

describe('sentinel against @azure/monitor-ingestion', () => {
  it('sends the same rows to the same path with the same essential headers', async () => {
    const az: SentinelReceiver = await startSentinelReceiver({ tls: true });
    open.push(az);
    const tls = tlsFiles();
    const d: Destination = createSentinelDestination(
      { endpoint: az.url, authority_host: az.url, tenant_id: az.tenantId, client_id: az.clientId, client_secret: az.clientSecret, dcr_immutable_id: az.dcrImmutableId, stream: az.stream },
      contextFor('sentinel', { tls: { ca_file: tls.caFile } }),
    );
    open.push(d);
    const list = events(5);
    const records = list.map((e) => d.encode(e));
    await d.send({ records, events: list }, never());
    const ours = az.ingestRequests[0]!;

    const credential = new ClientSecretCredential(az.tenantId, az.clientId, az.clientSecret, { authorityHost: az.url, disableInstanceDiscovery: true, tlsOptions: { ca: tls.ca } });
    const client = new LogsIngestionClient(az.url, credential, { tlsOptions: { ca: tls.ca } });
    await client.upload(
      az.dcrImmutableId,
      az.stream,
      records.map((r) => JSON.parse(r) as Record<string, unknown>),
    );
    const theirs = az.ingestRequests[1]!;

    expect(theirs.status).toBe(204);
    expect(theirs.rows).toEqual(ours.rows);
    // Same path and query once percent-decoded: SDK 1.2.0 writes the parameter as `api%2Dversion`.
    const decoded = (p: string): [string, string[][]] => {
      const u = new URL(p, 'https://x');
      return [u.pathname, [...u.searchParams]];
    };
    expect(decoded(theirs.request.path)).toEqual(decoded(ours.request.path));
    expect(ours.request.path).toMatch(/\?api-version=2023-01-01$/);
    // Byte for byte the same JSON array before gzip.
    expect(theirs.request.body.toString('utf8')).toBe(ours.request.body.toString('utf8'));
    for (const h of ['content-type', 'content-encoding', 'accept']) expect(ours.request.headers[h], h).toBe(theirs.request.headers[h]);
    for (const q of [ours, theirs]) expect(q.request.headers['x-ms-client-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ours.request.headers.authorization).toMatch(/^Bearer /);
    expect(theirs.request.headers.authorization).toMatch(/^Bearer /);
    // The SDK asks for the single-slash form of the scope; Entra ID (and the receiver) take both.
    expect(az.tokenRequests.map((t) => [t.form.grant_type, t.form.client_id, t.form.scope])).toEqual([
      ['client_credentials', az.clientId, 'https://monitor.azure.com//.default'],
      ['client_credentials', az.clientId, 'https://monitor.azure.com/.default'],
    ]);
  });
});
