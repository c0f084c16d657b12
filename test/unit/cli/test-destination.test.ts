/**
 * `siemkit test --config FILE --destination NAME` (the "Test" button): one synthetic event, sent
 * once straight to a loopback receiver through the real `http` destination, and the answer printed
 * as JSON. Exit 0 only when the destination took it; 2 when the name or the configuration is wrong.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../src/delivery/config/load.js';
import { createForwarder } from '../../../src/delivery/forwarder.js';
import { validateEvent } from '../../../src/validate/canonical.js';
import { cli } from '../../helpers/cli.js';
import { testScope } from '../../helpers/test-scope.js';

const TOKEN = 'hook_tok_3c5e7a9b1d-never-printed';

const { cleanup, receiver } = testScope('siemkit-test-');


/** Two destinations (`siem` to `url`, `archive` a file) in a fresh directory; `siem` sends with a bearer token. */
function config(url: string, extra = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-test-cmd-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  process.env.SIEMKIT_TEST_HOOK_TOKEN = TOKEN;
  cleanup.push(() => {
    delete process.env.SIEMKIT_TEST_HOOK_TOKEN;
  });
  const file = path.join(dir, 'siemkit.yaml');
  writeFileSync(
    file,
    `data_dir: ./data
destinations:
  - name: siem
    type: http
    format: canonical
    url: ${url}
    body: ndjson
    auth: { type: bearer, token: "\${env:SIEMKIT_TEST_HOOK_TOKEN}" }
    timeout_ms: 2000
${extra}  - name: archive
    type: file
    path: ./out.ndjson
`,
  );
  return file;
}

interface Printed {
  destination: string;
  ok: boolean;
  event_id: string;
  message: string;
  status?: number | string;
  answers: { request: string; status: number; body: string }[];
}

describe('siemkit test', () => {
  it('sends one valid event marked as a test, prints "delivered" and exits 0', async () => {
    const r = await receiver();
    const run = await cli(['test', '--config', config(r.url('/hook')), '--destination', 'siem']);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as Printed;
    expect(printed).toEqual({ destination: 'siem', ok: true, event_id: expect.any(String), message: 'delivered', answers: [{ request: 'POST /hook', status: expect.any(Number), body: expect.any(String) }] });
    // The receiver's own answer, as it gave it.
    expect(printed.answers[0]?.status).toBe((r.requests[0]?.answer as { status: number }).status);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.records).toHaveLength(1);
    const event = r.records[0] as { event_id: string; action: string; labels: Record<string, string>; tenant_id: string };
    expect(event.event_id).toBe(printed.event_id);
    expect(event).toMatchObject({ action: 'siem.destination.test', labels: { siemkit_test: 'true' }, tenant_id: 'siemkit-test', resource: { id: 'siem' } });
    expect(validateEvent(event).errors).toEqual([]);
  });

  it('stamps a per-tenant destination\'s test event with its first tenant', async () => {
    const r = await receiver();
    const run = await cli(['test', '--config', config(r.url('/hook'), '    tenants: [tnt_b, tnt_c]\n'), '--destination', 'siem']);
    expect(run.code).toBe(0);
    expect(r.records[0]).toMatchObject({ tenant_id: 'tnt_b' });
  });

  it.each([
    [400, { error: 'schema mismatch: field foo' }, /schema mismatch: field foo/],
    [503, 'ingest is overloaded', /ingest is overloaded/],
  ])('prints the answer of a receiver that says %i, sends once (no retry) and exits 1', async (status, body, text) => {
    const r = await receiver();
    r.rule(() => ({ status, body }));
    const run = await cli(['test', '--config', config(r.url('/hook')), '--destination', 'siem']);
    expect(run.code).toBe(1);
    const printed = JSON.parse(run.stdout) as Printed;
    expect(printed).toMatchObject({ destination: 'siem', ok: false, status });
    expect(printed.message).toMatch(text);
    expect(printed.message).toMatch(new RegExp(`\\b${status}\\b`));
    expect(printed.answers).toEqual([{ request: 'POST /hook', status, body: expect.stringMatching(text) }]);
    expect(r.requests).toHaveLength(1);
  });

  it('never prints the credential, even when the receiver echoes it back', async () => {
    const r = await receiver();
    r.rule((req) => ({ status: 401, body: { error: 'bad credentials', got: req.headers.authorization } }));
    const run = await cli(['test', '--config', config(r.url('/hook')), '--destination', 'siem']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, status: 401 });
    expect(run.stdout).toMatch(/bad credentials/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
  });

  it('reports a receiver that is not there with the error code and exits 1', async () => {
    const r = await receiver();
    const url = r.url('/hook');
    await r.close();
    const run = await cli(['test', '--config', config(url), '--destination', 'siem']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ destination: 'siem', ok: false, status: 'ECONNREFUSED' });
  });

  it('works beside a running forwarder on the same data directory (it takes no lock)', async () => {
    const r = await receiver();
    const file = config(r.url('/hook'));
    const forwarder = await createForwarder(loadConfigFile(file), { log: () => undefined });
    try {
      const run = await cli(['test', '--config', file, '--destination', 'siem']);
      expect(run.code).toBe(0);
      expect(r.records).toHaveLength(1);
    } finally {
      await forwarder.close({ deadlineMs: 0 });
    }
  });

  it('exits 2 naming the configured destinations when the name is unknown, and sends nothing', async () => {
    const r = await receiver();
    const run = await cli(['test', '--config', config(r.url('/hook')), '--destination', 'splunk']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('siemkit: no destination named "splunk" (siem, archive)\n');
    expect(r.requests).toHaveLength(0);
  });

  it('exits 2 for an unusable configuration or a missing --destination', async () => {
    const bad = await cli(['test', '--config', path.join(tmpdir(), 'siemkit-no-such-config.yaml'), '--destination', 'siem']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot be read: ENOENT/);
    const r = await receiver();
    const usage = await cli(['test', '--config', config(r.url('/hook'))]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/required option '--destination <name>'/);
  });
});
