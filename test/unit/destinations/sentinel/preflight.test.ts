/**
 * The Sentinel destination's pre-flight lint (issue 7, src/destinations/sentinel/preflight.ts),
 * against the loopback receiver: in `reject` mode a row the DCR would drop is refused alone (a
 * RetryItems rejection naming the field) and the others are delivered; in `warn` mode every row is
 * sent and the findings reported through the context's `warn`; `off` checks nothing; without a DCR
 * only what needs none is checked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { parseConfig } from '../../../../src/delivery/config/load.js';
import { DeadLetterFile, deadLetterPath } from '../../../../src/delivery/dead-letter.js';
import { createForwarder } from '../../../../src/delivery/forwarder.js';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import type { Destination } from '../../../../src/destinations/destination.js';
import { RetryItems } from '../../../../src/destinations/errors.js';
import type { SentinelSettings } from '../../../../src/destinations/sentinel/config.js';
import { createSentinelDestination } from '../../../../src/destinations/sentinel/destination.js';
import { withTimeGenerated } from '../../../../src/destinations/sentinel/encode.js';
import { createPreflight, LINT_STATUS } from '../../../../src/destinations/sentinel/preflight.js';
import { sampleEvents } from '../../../../src/samples/events.js';
import { sentinelFiles } from '../../../../src/samples/sentinel/index.js';
import type { SentinelReceiver } from '../../../helpers/receivers/sentinel.js';
import { startSentinelReceiver } from '../../../helpers/receivers/sentinel.js';
import { contextFor, never } from '../fixtures.js';

const open: Array<{ close(): Promise<unknown> }> = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const NOW = Date.now();
/** One sample event of every built-in type, times in the last hour. */
const list: CanonicalEvent[] = sampleEvents({ count: 1, now: new Date(NOW).toISOString() });
/** Events whose OCSF record has `session` (a column the crafted rule lacks). */
const withSession = (e: CanonicalEvent): boolean => e.session_id !== undefined;

/** The generated DCR for the receiver's stream, with `drop` removed from the declaration. */
function dcrFile(drop?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-dcr-'));
  dirs.push(dir);
  // The receiver's stream is Custom-SiemkitEvents: a table SiemkitEvents_CL.
  const dcr = JSON.parse(sentinelFiles({ format: 'ocsf', name: 'SiemkitEvents', count: 1 }).files['dcr.json'] as string) as { resources: { properties: { streamDeclarations: Record<string, { columns: { name: string }[] }> } }[] };
  const decl = dcr.resources[0]!.properties.streamDeclarations['Custom-SiemkitEvents']!;
  decl.columns = decl.columns.filter((c) => c.name !== drop);
  const file = path.join(dir, 'dcr.json');
  writeFileSync(file, JSON.stringify(dcr));
  return file;
}

async function setup(lint: SentinelSettings['lint'], now = NOW): Promise<{ az: SentinelReceiver; d: Destination; warnings: string[] }> {
  const az = await startSentinelReceiver();
  open.push(az);
  const warnings: string[] = [];
  const settings: SentinelSettings = { endpoint: az.url, authority_host: az.url, tenant_id: az.tenantId, client_id: az.clientId, client_secret: az.clientSecret, dcr_immutable_id: az.dcrImmutableId, stream: az.stream, ...(lint !== undefined ? { lint } : {}) };
  const d = createSentinelDestination(settings, contextFor('sentinel', { timeoutMs: 5_000, warn: (m) => warnings.push(m) }), { now: () => now });
  open.push(d);
  return { az, d, warnings };
}

const send = (d: Destination, events: readonly CanonicalEvent[]): Promise<unknown> =>
  d.send({ records: events.map((e) => d.encode(e)), events }, never()).then(
    () => 'delivered',
    (e: unknown) => e,
  );

describe('sentinel pre-flight lint', () => {
  it('passes the samples against their own DCR: every row delivered, nothing reported', async () => {
    const { az, d, warnings } = await setup({ dcr_file: dcrFile() });
    expect(await send(d, list)).toBe('delivered');
    expect(az.eventIds()).toEqual(list.map((e) => e.event_id));
    expect(warnings).toEqual([]);
  });

  it('reject (the default with a DCR): a row with an undeclared member is refused alone, its reason naming the member; the others are delivered', async () => {
    const { az, d, warnings } = await setup({ dcr_file: dcrFile('session') });
    const out = await send(d, list);
    expect(out).toBeInstanceOf(RetryItems);
    const r = out as RetryItems;
    const bad = list.flatMap((e, i) => (withSession(e) ? [i] : []));
    expect(bad.length).toBeGreaterThan(0);
    expect(r.indices).toEqual([]);
    expect(r.rejected.map((x) => x.index)).toEqual(bad);
    for (const x of r.rejected) {
      expect(x.status).toBe(LINT_STATUS);
      expect(x.reason).toContain('session: undeclared_property');
    }
    expect(az.eventIds()).toEqual(list.filter((e) => !withSession(e)).map((e) => e.event_id));
    expect(warnings).toEqual([]);
  });

  it('reject: what the send leaves to retry is mapped back to the batch\'s indices', async () => {
    const { az, d } = await setup({ dcr_file: dcrFile('session') });
    az.fail({ status: 503 });
    const r = (await send(d, list)) as RetryItems;
    expect(r).toBeInstanceOf(RetryItems);
    expect(r.indices).toEqual(list.flatMap((e, i) => (withSession(e) ? [] : [i])));
    expect(r.rejected.map((x) => x.index)).toEqual(list.flatMap((e, i) => (withSession(e) ? [i] : [])));
  });

  it('reject: a batch of rows that all fail sends nothing', async () => {
    const { az, d } = await setup({ dcr_file: dcrFile('session') });
    const bad = list.filter(withSession);
    const r = (await send(d, bad)) as RetryItems;
    expect(r.rejected).toHaveLength(bad.length);
    expect(az.ingestRequests).toEqual([]);
    expect(az.tokenRequests).toEqual([]);
  });

  it('warn: every row is sent, and one line per batch reports the findings', async () => {
    const { az, d, warnings } = await setup({ dcr_file: dcrFile('session'), mode: 'warn' });
    expect(await send(d, list)).toBe('delivered');
    expect(az.eventIds()).toEqual(list.map((e) => e.event_id));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^DCR lint: ${list.filter(withSession).length} findings in a batch of ${list.length} rows, sent as they are: row \\d+: error session: undeclared_property`));
  });

  it('off: nothing is checked', async () => {
    const { az, d, warnings } = await setup({ dcr_file: dcrFile('session'), mode: 'off' });
    expect(await send(d, list)).toBe('delivered');
    expect(az.rows).toHaveLength(list.length);
    expect(warnings).toEqual([]);
  });

  it('without a DCR (the default): warns of what needs no declaration, a TimeGenerated Azure would replace, and sends', async () => {
    const { az, d, warnings } = await setup(undefined, NOW + 3 * 24 * 3_600_000);
    expect(await send(d, list.slice(0, 2))).toBe('delivered');
    expect(az.rows).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('warning TimeGenerated: time_generated_out_of_window');
    // An undeclared member is no finding without a declaration.
    const quiet = await setup(undefined);
    expect(await send(quiet.d, list)).toBe('delivered');
    expect(quiet.warnings).toEqual([]);
  });

  it('without a DCR, reads only TimeGenerated when the format\'s names hold no reserved one, and every name otherwise', () => {
    const time = new Date(NOW).toISOString();
    const rows = [withTimeGenerated('{"Type":"a","x":1}', time), withTimeGenerated('{"x":1}', new Date(NOW - 3 * 24 * 3_600_000).toISOString())];
    const codes = (names: ReadonlySet<string> | undefined): string | undefined => createPreflight('d', 's', {}, names)?.check(rows, NOW).report;
    // The format promises names without a reserved one: "Type" cannot be there, and is not looked for.
    expect(codes(new Set(['x']))).toMatch(/^DCR lint: 1 finding .*row 2: warning TimeGenerated: time_generated_out_of_window/);
    // No promise, or one that holds a reserved name (or TimeGenerated): every row's names are read.
    for (const names of [undefined, new Set(['x', 'Type']), new Set(['x', 'TimeGenerated'])]) {
      expect(codes(names)).toMatch(/^DCR lint: 2 findings .*row 1: error Type: reserved_name.*row 2: warning TimeGenerated: time_generated_out_of_window/);
    }
  });

  it('refuses a DCR it cannot read, or one without the destination\'s stream', async () => {
    const az = await startSentinelReceiver({ stream: 'Custom-Other' });
    open.push(az);
    const base = { endpoint: az.url, tenant_id: az.tenantId, client_id: az.clientId, client_secret: az.clientSecret, dcr_immutable_id: az.dcrImmutableId };
    expect(() => createSentinelDestination({ ...base, stream: 'Custom-Other', lint: { dcr_file: dcrFile() } }, contextFor('sentinel'))).toThrow(/lint\.dcr_file: .* declares no stream "Custom-Other" \(it declares Custom-SiemkitEvents\)/);
    expect(() => createSentinelDestination({ ...base, stream: 'Custom-Other', lint: { dcr_file: '/nonexistent/dcr.json' } }, contextFor('sentinel'))).toThrow(DestinationConfigError);
  });

  it('through the forwarder: a relative dcr_file is the configuration file\'s, refused rows are dead-lettered with the finding, warnings are logged', async () => {
    const az = await startSentinelReceiver();
    open.push(az);
    const file = dcrFile('session');
    const dataDir = path.dirname(file);
    const destination = (name: string, mode: string) => ({ name, type: 'sentinel', endpoint: az.url, authority_host: az.url, tenant_id: az.tenantId, client_id: az.clientId, client_secret: '${env:AZ_CLIENT_SECRET}', dcr_immutable_id: az.dcrImmutableId, stream: az.stream, lint: { dcr_file: './dcr.json', mode }, batch: { flush_interval_ms: 10 }, retry: { initial_delay_ms: 10, max_delay_ms: 50 } });
    const config = parseConfig({ data_dir: './data', destinations: [destination('strict', 'reject'), destination('lenient', 'warn')] }, 'test', { env: { AZ_CLIENT_SECRET: az.clientSecret }, baseDir: dataDir });
    expect((config.destinations[0]?.settings as SentinelSettings).lint?.dcr_file).toBe(file);
    const log: string[] = [];
    const f = await createForwarder(config, { log: (l) => log.push(l) });
    open.push({ close: () => f.close({ deadlineMs: 0 }) });
    await f.emit(list);
    expect((await f.flush({ timeoutMs: 10_000 })).drained).toBe(true);
    const dead: { id: string; reason: string }[] = [];
    for await (const line of new DeadLetterFile(deadLetterPath(config.data_dir, 'strict'), (s) => s).read()) if ('record' in line) dead.push({ id: line.record.event.event_id, reason: line.record.reason });
    expect(dead.map((x) => x.id)).toEqual(list.filter(withSession).map((e) => e.event_id));
    for (const x of dead) expect(x.reason).toContain('session: undeclared_property');
    // strict delivered the others, lenient everything.
    expect(az.eventIds().length).toBe(list.length - dead.length + list.length);
    expect(log.some((l) => l.startsWith('destination lenient: DCR lint: ') && l.includes('session: undeclared_property'))).toBe(true);
  });
});
