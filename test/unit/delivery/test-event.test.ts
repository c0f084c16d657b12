/**
 * The "Test" button (src/delivery/test-event.ts, `forwarder.test(name)`): a valid canonical event
 * marked as a test three ways, sent once, straight to the destination (no queue, no retry), with
 * the vendor's answer reported, redacted, and never thrown. Against the real `http` destination and
 * a loopback receiver, and through a forwarder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/delivery/config/load.js';
import { createForwarder } from '../../../src/delivery/forwarder.js';
import { sendTestEvent, TEST_ACTION, TEST_TENANT, testEvent } from '../../../src/delivery/test-event.js';
import { PermanentError } from '../../../src/destinations/errors.js';
import { createHttpDestination } from '../../../src/destinations/http/destination.js';
import { validateEvent } from '../../../src/validate/canonical.js';
import { scriptedDestination } from '../../helpers/scripted-destination.js';
import { contextFor } from '../destinations/fixtures.js';
import { testScope } from '../../helpers/test-scope.js';

const { cleanup, receiver } = testScope('siemkit-test-');


const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const keep = (s: string): string => s;

describe('testEvent', () => {
  it('is a valid canonical event, marked as a test by its action, its message and a label', () => {
    const e = testEvent('splunk-prod', 'tnt_a', NOW);
    expect(validateEvent(e)).toMatchObject({ valid: true });
    expect(e).toMatchObject({ tenant_id: 'tnt_a', action: TEST_ACTION, category: 'CONFIGURATION', severity: 'info', timestamp: '2025-06-01T12:00:00.000Z', labels: { siemkit_test: 'true' }, resource: { type: 'destination', id: 'splunk-prod' } });
    expect(e.message).toMatch(/test event for destination splunk-prod: safe to ignore/);
    expect(testEvent('splunk-prod', 'tnt_a', NOW).event_id).not.toBe(e.event_id);
  });
});

describe('sendTestEvent', () => {
  it('sends one record, once, and reports it delivered', async () => {
    const r = await receiver();
    const http = createHttpDestination({ url: r.url('/in'), body: 'ndjson' }, contextFor('webhook', { format: 'canonical', encode: (e) => JSON.stringify(e) }));
    cleanup.push(() => http.close());
    const event = testEvent('webhook', TEST_TENANT, NOW);
    const result = await sendTestEvent(http, event, 5_000, keep);
    expect(result).toMatchObject({ destination: 'webhook', ok: true, event_id: event.event_id, message: 'delivered' });
    expect(result.status).toBeUndefined();
    expect(r.requests).toHaveLength(1);
    expect(r.eventIds()).toEqual([event.event_id]);
  });

  it('reports the vendor’s refusal with its status, redacted, without retrying or throwing', async () => {
    const r = await receiver();
    r.rule(() => ({ status: 503, body: { error: 'token tok-SECRET-42 is throttled' } }));
    const http = createHttpDestination({ url: r.url('/in'), body: 'ndjson' }, contextFor('webhook'));
    cleanup.push(() => http.close());
    const result = await sendTestEvent(http, testEvent('webhook', TEST_TENANT, NOW), 5_000, (s) => s.replaceAll('tok-SECRET-42', '[redacted]'));
    expect(result.ok).toBe(false);
    expect(result.status).toBe(503);
    expect(result.message).toContain('token [redacted] is throttled');
    expect(result.message).not.toContain('tok-SECRET-42');
    expect(r.requests).toHaveLength(1);
  });

  it('reports an event the destination cannot encode, and a destination that does not answer in time', async () => {
    const unencodable = scriptedDestination({
      encode: () => {
        throw new PermanentError('cannot carry it', 'mapping');
      },
    });
    expect(await sendTestEvent(unencodable, testEvent('x', TEST_TENANT, NOW), 5_000, keep)).toMatchObject({ ok: false, message: 'cannot carry it', status: 'mapping' });
    expect(unencodable.sent).toEqual([]);
    const silent = scriptedDestination();
    silent.script('hang');
    const result = await sendTestEvent(silent, testEvent('x', TEST_TENANT, NOW), 20, keep);
    expect(result.ok).toBe(false);
    expect(silent.sent.map((s) => s.outcome)).toEqual(['aborted']);
  });
});

describe('forwarder.test(name)', () => {
  it('sends to the named destination with its first tenant, records the answer in health, and names the destinations when the name is unknown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-test-event-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const r = await receiver();
    const config = parseConfig(
      {
        data_dir: dir,
        destinations: [
          { name: 'tenant-hook', type: 'http', format: 'canonical', url: r.url('/in'), body: 'ndjson', tenants: ['tnt_b', 'tnt_c'] },
          { name: 'dry', type: 'null' },
        ],
      },
      'test',
      { baseDir: dir },
    );
    const f = await createForwarder(config, { log: () => undefined });
    cleanup.push(() => f.close({ deadlineMs: 0 }).then(() => undefined));
    const result = await f.test('tenant-hook');
    expect(result.ok).toBe(true);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ tenant_id: 'tnt_b', action: TEST_ACTION, event_id: result.event_id });
    expect(f.health().destinations[0]).toMatchObject({ state: 'ok', totals: { sent: 1 } });
    // Straight to the destination: nothing queued, nothing counted as emitted.
    expect(f.health().totals.emitted).toBe(0);
    expect(f.health().destinations[0]?.queue.depth).toBe(0);

    r.rule(() => ({ status: 401, body: 'bad token' }));
    const refused = await f.test('tenant-hook');
    expect(refused).toMatchObject({ ok: false, status: 401 });
    expect(f.health().destinations[0]).toMatchObject({ state: 'error', last_error: { status: 401 } });

    await expect(f.test('nope')).rejects.toThrow('no destination named "nope" (tenant-hook, dry)');
  });
});
