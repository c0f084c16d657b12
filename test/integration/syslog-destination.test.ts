/**
 * The forwarder's syslog destination delivering to a real syslog-ng (test/helpers/syslog-ng.ts)
 * over TCP with octet counting, over UDP, and over TLS with mutual authentication, through the
 * whole runtime: configuration, disk queue, batcher, retry sender. syslog-ng's own parse of each
 * message must show the configured facility, HOSTNAME and SD-ID, and MESSAGE must hold the event.
 * A second case stops syslog-ng's TCP side while events wait and proves that the destination
 * reconnects and delivers every one of them once a receiver is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { parseConfig } from '../../src/delivery/config/load.js';
import type { Forwarder } from '../../src/delivery/forwarder.js';
import { createForwarder } from '../../src/delivery/forwarder.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';
import type { SyslogNg, SyslogNgRecord, SyslogNgSource } from '../helpers/syslog-ng.js';
import { startSyslogNg } from '../helpers/syslog-ng.js';
import type { TlsFiles } from '../helpers/tls-certs.js';
import { tlsFiles } from '../helpers/tls-certs.js';

const EVENTS = 300;

let ng: SyslogNg;
let certs: TlsFiles;
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  certs = tlsFiles();
  ng = await startSyslogNg(certs);
}, 30_000);

afterAll(async () => {
  await ng?.stop();
});

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-syslog-dest-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function events(n: number, prefix: string): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `${prefix}-${i}` }));
}

const fast = { batch: { max_events: 50, flush_interval_ms: 10 }, retry: { initial_delay_ms: 20, max_delay_ms: 200, max_elapsed_ms: 60_000 }, timeout_ms: 2_000 };

async function forwarder(destinations: Record<string, unknown>[]): Promise<Forwarder> {
  const dir = tempDir();
  const config = parseConfig({ product: { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' }, data_dir: dir, destinations }, 'test', { baseDir: dir });
  const f = await createForwarder(config, { log: () => undefined });
  cleanup.push(() => f.close({ deadlineMs: 0 }).then(() => undefined));
  return f;
}

/** syslog-ng's records of events whose event_id starts with `prefix`, by event_id. */
function recordsOf(source: SyslogNgSource, prefix: string): Map<string, SyslogNgRecord> {
  const out = new Map<string, SyslogNgRecord>();
  for (const r of ng.records(source)) {
    const id = Object.values(r._SDATA ?? {})[0]?.event_id;
    if (id?.startsWith(`${prefix}-`)) out.set(id, r);
  }
  return out;
}

async function waitForEvents(source: SyslogNgSource, prefix: string, count: number): Promise<Map<string, SyslogNgRecord>> {
  const until = Date.now() + 20_000;
  for (;;) {
    const got = recordsOf(source, prefix);
    if (got.size >= count) return got;
    if (Date.now() > until) throw new Error(`syslog-ng has ${got.size} of ${count} ${source} events ${prefix}-*:\n${ng.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function expectDelivered(records: Map<string, SyslogNgRecord>, sent: readonly CanonicalEvent[], facility: number, sdId: string): void {
  expect(records.size).toBe(sent.length);
  for (const event of sent) {
    const r = records.get(event.event_id) as SyslogNgRecord;
    expect(r.FACILITY_NUM).toBe(String(facility));
    expect(r.HOST).toBe('forwarder-01');
    expect(r.PROGRAM).toBe('ScaiDrive');
    expect(Object.keys(r._SDATA ?? {})).toEqual([sdId]);
    expect(JSON.parse(r.MESSAGE as string)).toStrictEqual(event);
  }
}

describe('the syslog destination delivers to syslog-ng', () => {
  it('over TCP, UDP and mutual TLS at once, each message as syslog-ng parses it', async () => {
    const common = { type: 'syslog', host: '127.0.0.1', hostname: 'forwarder-01', ...fast };
    const f = await forwarder([
      { ...common, name: 'tcp', port: ng.ports.tcp, transport: 'tcp', facility: 'local4' },
      { ...common, name: 'udp', port: ng.ports.udp, transport: 'udp', max_datagram_bytes: 65_000, enterprise_number: 4711 },
      {
        ...common,
        name: 'tls',
        port: ng.ports.tls,
        transport: 'tls',
        facility: 10,
        tls: { ca_file: certs.caFile, cert_file: certs.clientCertFile, key_file: certs.clientKeyFile, server_name: 'localhost' },
      },
    ]);
    const sent = events(EVENTS, 'all');
    await f.emit(sent);
    expect((await f.flush({ timeoutMs: 30_000 })).drained).toBe(true);
    expectDelivered(await waitForEvents('tcp', 'all', EVENTS), sent, 20, 'siemkit@32473');
    expectDelivered(await waitForEvents('udp', 'all', EVENTS), sent, 13, 'siemkit@4711');
    expectDelivered(await waitForEvents('tls', 'all', EVENTS), sent, 10, 'siemkit@32473');
    const health = f.health();
    for (const name of ['tcp', 'udp', 'tls']) expect(health.destinations.find((d) => d.destination === name)?.state).toBe('ok');
  });

  it('keeps events queued while the TLS receiver refuses the client, and reports why', async () => {
    // No client certificate: syslog-ng's TLS source requires one, so every handshake fails.
    const f = await forwarder([{ type: 'syslog', name: 'tls-no-cert', host: '127.0.0.1', hostname: 'forwarder-01', port: ng.ports.tls, transport: 'tls', tls: { ca_file: certs.caFile, server_name: 'localhost' }, ...fast }]);
    await f.emit(events(5, 'nocert'));
    const until = Date.now() + 10_000;
    let state = f.health().destinations[0];
    while (state?.state !== 'error' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
      state = f.health().destinations[0];
    }
    expect(state?.state).toBe('error');
    expect(state?.queue.depth).toBe(5);
    expect(recordsOf('tls', 'nocert').size).toBe(0);
  });
});
