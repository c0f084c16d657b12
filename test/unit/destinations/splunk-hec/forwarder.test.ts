/**
 * `splunk_hec` end to end: a configuration read by `parseConfig` (the token as `${env:...}`), the
 * real forwarder with its disk queue, batcher and retry sender, and the loopback HEC with
 * acknowledgement on. The set of `event_id`s Splunk received equals the set emitted, through a
 * busy HEC in the middle; an event over the request limit and one the HEC refuses are
 * dead-lettered alone, without the token in their reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { parseConfig } from '../../../../src/delivery/config/load.js';
import type { DeadLetterRecord } from '../../../../src/delivery/dead-letter.js';
import { DeadLetterFile, deadLetterPath } from '../../../../src/delivery/dead-letter.js';
import type { Forwarder } from '../../../../src/delivery/forwarder.js';
import { createForwarder } from '../../../../src/delivery/forwarder.js';
import type { SplunkHecReceiver } from '../../../helpers/receivers/splunk-hec.js';
import * as hec from '../../../helpers/receivers/splunk-hec.js';
import { events } from '../fixtures.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const MAX_BYTES = 20_000;

async function setup(receiver: hec.SplunkHecReceiverOptions = {}): Promise<{ r: SplunkHecReceiver; f: Forwarder; dataDir: string }> {
  const r = await hec.start({ ack: true, maxContentLength: MAX_BYTES, indexes: ['security'], ...receiver });
  cleanup.push(() => r.close());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'siemkit-hec-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig(
    {
      data_dir: dataDir,
      product: { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' },
      destinations: [
        {
          name: 'splunk',
          type: 'splunk_hec',
          format: 'ocsf',
          endpoint: r.url,
          token: '${env:HEC_TOKEN}',
          index: 'security',
          gzip: true,
          max_bytes: MAX_BYTES,
          indexed_fields: ['tenant_id'],
          ack: { enabled: true, timeout_ms: 1_000, poll_interval_ms: 10 },
          batch: { max_events: 40, flush_interval_ms: 10 },
          retry: { initial_delay_ms: 10, max_delay_ms: 100, max_elapsed_ms: 60_000 },
          timeout_ms: 3_000,
        },
      ],
    },
    'test',
    { env: { HEC_TOKEN: r.token }, baseDir: dataDir },
  );
  const f = await createForwarder(config, { log: () => undefined });
  cleanup.push(async () => {
    await f.close({ deadlineMs: 0 }).catch(() => undefined);
  });
  return { r, f, dataDir };
}

async function deadLetters(dataDir: string): Promise<DeadLetterRecord[]> {
  const out: DeadLetterRecord[] = [];
  for await (const line of new DeadLetterFile(deadLetterPath(dataDir, 'splunk'), (s) => s).read()) if ('record' in line) out.push(line.record);
  return out;
}

describe('splunk_hec through createForwarder', () => {
  it('delivers every emitted event, acknowledged, through a busy HEC in the middle', async () => {
    const { r, f } = await setup();
    const sent = events(240, 'fw');
    await f.emit(sent.slice(0, 120));
    await r.waitForEvents(120);
    r.busy(2, '0');
    await f.emit(sent.slice(120));
    expect((await f.flush({ timeoutMs: 30_000 })).drained).toBe(true);
    expect(new Set(r.eventIds())).toEqual(new Set(sent.map((e) => e.event_id)));
    expect(f.deadLettered).toBe(0);
    const batches = r.requests.filter((q) => q.path.startsWith('/services/collector/event'));
    // The busy answers happened, and the batcher never made a request over the HEC's limit.
    expect(batches.filter((q) => q.answer !== undefined && 'status' in q.answer && q.answer.status === 503)).toHaveLength(2);
    expect(batches.every((q) => q.rawBody.length <= MAX_BYTES)).toBe(true);
    expect(r.ackQueries()).toBeGreaterThan(0);
    expect(r.events.every((e) => e.index === 'security' && e.sourcetype === 'siemkit:ocsf' && e.fields?.tenant_id === 'tnt_acme_prod')).toBe(true);
    expect(f.health().destinations[0]?.totals.retried).toBeGreaterThanOrEqual(2);
  });

  it('dead-letters alone an event over the request limit and an event the HEC refuses; the rest arrive', async () => {
    const { r, f, dataDir } = await setup();
    const sent = events(30, 'dl');
    const huge = { ...(sent[7] as CanonicalEvent), message: 'x'.repeat(MAX_BYTES) };
    sent[7] = huge;
    // The first batch's event 0 is refused by the HEC as if malformed.
    r.fault({ code: 6, invalidEventNumber: 0 });
    await f.emit(sent);
    expect((await f.flush({ timeoutMs: 30_000 })).drained).toBe(true);
    expect(f.deadLettered).toBe(2);
    const letters = await deadLetters(dataDir);
    expect(letters.map((l) => l.event.event_id).sort()).toEqual(['evt_dl_0', 'evt_dl_7']);
    const byId = new Map(letters.map((l) => [l.event.event_id, l]));
    expect(byId.get('evt_dl_7')?.status).toBe('too_large');
    expect(byId.get('evt_dl_0')?.status).toBe(400);
    expect(byId.get('evt_dl_0')?.reason).toContain('HEC code 6 "Invalid data format"');
    for (const l of letters) expect(JSON.stringify(l)).not.toContain(r.token);
    expect(new Set(r.eventIds())).toEqual(new Set(sent.map((e) => e.event_id).filter((id) => id !== 'evt_dl_0' && id !== 'evt_dl_7')));
  });

  it('resends a batch whose acknowledgement was lost, so nothing is missing', async () => {
    const { r, f } = await setup();
    r.neverAck([0]);
    const sent = events(30, 'ack');
    await f.emit(sent);
    expect((await f.flush({ timeoutMs: 30_000 })).drained).toBe(true);
    expect(new Set(r.eventIds())).toEqual(new Set(sent.map((e) => e.event_id)));
    // The first batch (ackId 0) arrived twice: at-least-once, same event_ids.
    expect(r.eventIds().length).toBeGreaterThan(sent.length);
    expect(f.deadLettered).toBe(0);
  });
});
