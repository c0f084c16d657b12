/**
 * `siemkit preview --config FILE --destination NAME [FILE|-]`: the requests or bytes a destination
 * would send, in the batches the runtime would make, printed without sending anything (a receiver
 * is listening and must get nothing), secrets hidden, and the body exactly what `send` writes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { OctetCountingDeframer } from '../../../src/formats/framing/octet-counting.js';
import { parseRfc5424 } from '../../../src/formats/syslog/index.js';
import { GOLDEN_EVENTS } from '../../golden/canonical-events.js';
import { cli } from '../../helpers/cli.js';
import { testScope } from '../../helpers/test-scope.js';

const TOKEN = 'preview_tok_5f1e9d2c7b-never-printed';

const { cleanup, tempDir: dir, receiver } = testScope('siemkit-preview-');


function events(n: number): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `evt_preview_${i}` }));
}

function configFile(d: string, destinations: string): string {
  process.env.SIEMKIT_PREVIEW_TOKEN = TOKEN;
  cleanup.push(() => {
    delete process.env.SIEMKIT_PREVIEW_TOKEN;
  });
  const file = path.join(d, 'siemkit.yaml');
  writeFileSync(file, `data_dir: ./data\ndestinations:\n${destinations}`);
  return file;
}


describe('siemkit preview', () => {
  it('prints each HTTP request the batches would make, with the credential hidden, and sends nothing', async () => {
    const r = await receiver();
    const d = dir();
    const file = configFile(
      d,
      `  - name: siem
    type: http
    format: canonical
    url: ${r.url('/ingest?tenant=acme')}
    body: ndjson
    gzip: true
    auth: { type: bearer, token: "\${env:SIEMKIT_PREVIEW_TOKEN}" }
    batch: { max_events: 2 }
`,
    );
    const input = path.join(d, 'events.ndjson');
    const sent = events(3);
    writeFileSync(input, sent.map((e) => JSON.stringify(e)).join('\n'));
    const run = await cli(['preview', '--config', file, '--destination', 'siem', input]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(TOKEN);
    // Two requests: max_events 2 cuts three events into 2 + 1.
    const requests = run.stdout.split(/^# \d of 2: HTTP request\n/m).slice(1);
    expect(requests).toHaveLength(2);
    const [head, body] = (requests[0] as string).split('\n\n');
    expect(head).toContain(`POST ${r.url('/ingest?tenant=acme')}`);
    expect(head).toMatch(/^authorization: \*\*\*$/m);
    expect(head).toMatch(/^content-encoding: gzip$/m);
    expect(head).toMatch(/^content-type: application\/x-ndjson$/m);
    expect(head).toMatch(/sent gzip-compressed/);
    expect(body?.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown)).toEqual(sent.slice(0, 2));
    expect((requests[1] as string).split('\n\n')[1]?.trim()).toBe(JSON.stringify(sent[2]));
    expect(r.requests).toHaveLength(0);
  });

  it('prints the octet-counted bytes a syslog destination would write, which parse back to the events', async () => {
    const d = dir();
    const file = configFile(
      d,
      `  - name: qradar
    type: syslog
    host: 127.0.0.1
    port: 1
    hostname: fwd-01
`,
    );
    const sent = events(4);
    const run = await cli(['preview', '--config', file, '--destination', 'qradar', '-'], sent.map((e) => JSON.stringify(e)).join('\n'));
    expect(run.code).toBe(0);
    const [head, ...rest] = run.stdout.split('\n');
    expect(head).toMatch(/^# 1 of 1: \d+ bytes to tcp:\/\/127\.0\.0\.1:1 \(stream\)$/);
    const bytes = Buffer.from(rest.join('\n').replace(/\n$/, ''), 'utf8');
    const messages = new OctetCountingDeframer().push(bytes);
    expect(messages.map((m) => {
      const back = parseRfc5424(m);
      return back.ok ? back.value : back.error.message;
    })).toEqual(sent);
  });

  it('previews one synthetic test event when no input is given', async () => {
    const d = dir();
    const file = configFile(d, `  - name: archive\n    type: file\n    format: canonical\n    path: ./out.ndjson\n`);
    const run = await cli(['preview', '--config', file, '--destination', 'archive']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`to ${path.join(d, 'out.ndjson')} (file)`);
    expect(JSON.parse(run.stdout.split('\n')[1] as string)).toMatchObject({ action: 'siem.destination.test', labels: { siemkit_test: 'true' } });
  });

  it('reports invalid events by number and field, previews the rest, and exits 1', async () => {
    const d = dir();
    const file = configFile(d, `  - name: archive\n    type: file\n    format: canonical\n    path: ./out.ndjson\n`);
    const good = events(2);
    const run = await cli(['preview', '--config', file, '--destination', 'archive', '-'], [JSON.stringify(good[0]), JSON.stringify({ ...good[1], severity: 'loud' })].join('\n'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^event 2: \/severity: /m);
    expect(run.stdout.split('\n')[1]).toBe(JSON.stringify(good[0]));
  });

  it('exits 2 for an unknown destination, naming the configured ones', async () => {
    const d = dir();
    const file = configFile(d, `  - name: archive\n    type: file\n    path: ./out.ndjson\n`);
    const run = await cli(['preview', '--config', file, '--destination', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no destination named "nope" (archive)');
  });
});
