/**
 * `siemkit forward --config FILE --input FILE|-` with a finite input (DESIGN.md §5b): run in-process
 * with captured streams, the file destination writing into a temp directory. The command must end
 * once every accepted event is delivered or dead-lettered, with exit 0 only if nothing was refused
 * or dead-lettered, and 2 for a configuration it cannot use. On two cores or more it runs the
 * queues in a delivery thread, unless told not to.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const EVENTS_FILE = path.join(REPO_ROOT, 'examples', 'canonical', 'events.ndjson');
const lines = readFileSync(EVENTS_FILE, 'utf8').trim().split('\n');
const ids = lines.map((l) => (JSON.parse(l) as { event_id: string }).event_id);

const root = mkdtempSync(path.join(tmpdir(), 'siemkit-forward-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const envKeys: string[] = [];
afterEach(() => {
  for (const k of envKeys.splice(0)) delete process.env[k];
});

function setEnv(name: string, value: string): void {
  envKeys.push(name);
  process.env[name] = value;
}

let n = 0;
/** A fresh directory with `siemkit.yaml` holding `yaml`; `{dir}` in it becomes the directory. */
function configIn(yaml: string): { dir: string; config: string } {
  const dir = path.join(root, `case-${n++}`);
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'siemkit.yaml');
  writeFileSync(config, yaml.replaceAll('{dir}', dir));
  return { dir, config };
}

/** A file destination in canonical NDJSON, with a quick flush. */
function fileConfig(validation: 'reject' | 'dead_letter'): { dir: string; config: string; out: string } {
  const c = configIn(`data_dir: ./data
validation: ${validation}
destinations:
  - name: archive
    type: file
    format: canonical
    path: ./out/events.ndjson
    batch: { flush_interval_ms: 10 }
`);
  return { ...c, out: path.join(c.dir, 'out', 'events.ndjson') };
}

function readNdjson(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('siemkit forward with a finite input', () => {
  it('delivers every example event through the shipped examples/forward/file.yaml and exits 0', async () => {
    // The example's paths are relative to its file (../../.siemkit): keep that layout in a temp dir.
    const base = path.join(root, 'example');
    mkdirSync(path.join(base, 'examples', 'forward'), { recursive: true });
    const config = path.join(base, 'examples', 'forward', 'file.yaml');
    cpSync(path.join(REPO_ROOT, 'examples', 'forward', 'file.yaml'), config);
    const r = await cli(['forward', '--config', config, '--input', EVENTS_FILE]);
    expect(r.stderr).toMatch(new RegExp(`^siemkit forward: ${lines.length} events accepted, all delivered or dead-lettered$`, 'm'));
    expect(r.code).toBe(0);
    const outDir = path.join(base, '.siemkit', 'out');
    const files = readdirSync(outDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^ocsf-\d{4}-\d{2}-\d{2}\.ndjson$/);
    const records = readNdjson(path.join(outDir, files[0] as string)) as { metadata: { uid: string; product: { vendor_name: string; name: string } } }[];
    expect(records.map((o) => o.metadata.uid).sort()).toEqual([...ids].sort());
    expect(records[0]?.metadata.product).toMatchObject({ vendor_name: 'Acme', name: 'ScaiDrive' });
    // Nothing left queued, nothing dead-lettered.
    expect(existsSync(path.join(base, '.siemkit', 'archive', 'dead-letters.ndjson'))).toBe(false);
  });

  it('runs the queues and destinations in a delivery thread on two cores or more, and in the main thread with --no-delivery-thread', async () => {
    const said = /^siemkit forward: queues and destinations run in a delivery thread$/m;
    const threaded = fileConfig('reject');
    const byDefault = await cli(['forward', '--config', threaded.config, '--input', EVENTS_FILE]);
    expect(byDefault.code).toBe(0);
    expect(said.test(byDefault.stderr)).toBe(availableParallelism() >= 2);
    const one = fileConfig('reject');
    const inThread = await cli(['forward', '--config', one.config, '--input', EVENTS_FILE, '--no-delivery-thread']);
    expect(inThread.code).toBe(0);
    expect(inThread.stderr).not.toMatch(said);
    // The same events, the same bytes, either way.
    expect(readFileSync(one.out, 'utf8')).toBe(readFileSync(threaded.out, 'utf8'));
    expect(readNdjson(one.out).map((e) => e.event_id)).toEqual(ids);
  });

  it('reads the events from stdin with --input -, as NDJSON or as one JSON array', async () => {
    const { out, config } = fileConfig('reject');
    const ndjson = await cli(['forward', '--config', config, '--input', '-'], `${lines.slice(0, 5).join('\n')}\n`);
    expect(ndjson.code).toBe(0);
    const array = await cli(['forward', '--config', config, '--input', '-'], `[\n${lines.slice(5, 9).join(',\n')}\n]\n`);
    expect(array.stderr).toMatch(/^siemkit forward: 4 events accepted, all delivered or dead-lettered$/m);
    expect(array.code).toBe(0);
    expect(readNdjson(out)).toEqual(lines.slice(0, 9).map((l) => JSON.parse(l)));
  });

  it('without --input reads stdin', async () => {
    const { out, config } = fileConfig('reject');
    const r = await cli(['forward', '--config', config], `${lines[0]}\n`);
    expect(r.code).toBe(0);
    expect(readNdjson(out)).toEqual([JSON.parse(lines[0] as string)]);
  });

  it('under validation: reject, reports an invalid event by number and pointer, delivers the others and exits 1', async () => {
    const { dir, out, config } = fileConfig('reject');
    const broken = JSON.stringify({ ...JSON.parse(lines[1] as string), severity: 'extreme' });
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, `${lines[0]}\n${broken}\nnot json\n${lines[2]}\n`);
    const r = await cli(['forward', '--config', config, '--input', input]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^event 2: \/severity: \S+: /m);
    expect(r.stderr).toMatch(/^event 3: \/: /m);
    expect(r.stderr).toMatch(/^siemkit forward: 2 events accepted, 2 rejected, all delivered or dead-lettered$/m);
    expect(readNdjson(out).map((e) => e.event_id)).toEqual([ids[0], ids[2]]);
    // Rejected is not dead-lettered: no `_invalid` file under `reject`.
    expect(existsSync(path.join(dir, 'data', '_invalid', 'dead-letters.ndjson'))).toBe(false);
  });

  it('under validation: dead_letter, keeps the invalid event in _invalid with its reason and exits 1', async () => {
    const { dir, out, config } = fileConfig('dead_letter');
    const brokenEvent = { ...JSON.parse(lines[1] as string), severity: 'extreme' };
    const r = await cli(['forward', '--config', config, '--input', '-'], `${lines[0]}\n${JSON.stringify(brokenEvent)}\n${lines[2]}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^event 2: \/severity: /m);
    expect(r.stderr).toMatch(/1 dead-lettered \(see siemkit dlq inspect\)/);
    expect(readNdjson(out).map((e) => e.event_id)).toEqual([ids[0], ids[2]]);
    const letters = readNdjson(path.join(dir, 'data', '_invalid', 'dead-letters.ndjson'));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ destination: '_invalid', status: 'invalid', attempts: 0, event: brokenEvent });
    expect(letters[0]?.reason).toMatch(/^\/severity: /);
    // The dlq command sees it.
    const inspect = await cli(['dlq', 'inspect', '--config', config, '--destination', '_invalid']);
    expect(inspect.code).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ destination: '_invalid', count: 1, by_status: { invalid: 1 } });
  });

  it('exits 1 and says so when the drain timeout passes before delivery; the events stay queued for the next start', async () => {
    // No receiver: nothing listens on the loopback discard port, so every send is refused.
    const { dir, config } = configIn(`data_dir: ./data
destinations:
  - name: siem
    type: http
    format: canonical
    url: http://127.0.0.1:9/ingest
    body: ndjson
    batch: { flush_interval_ms: 10 }
    retry: { initial_delay_ms: 10, max_delay_ms: 50, max_elapsed_ms: 600000 }
    timeout_ms: 500
`);
    const r = await cli(['forward', '--config', config, '--input', EVENTS_FILE, '--drain-timeout-ms', '300']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not all delivered before the drain timeout: the rest stays queued on disk/);
    const queueDir = path.join(dir, 'data', 'siem', 'queue');
    expect(readdirSync(queueDir).length).toBeGreaterThan(0);
    const queued = readdirSync(queueDir)
      .map((f) => readFileSync(path.join(queueDir, f)).toString('latin1'))
      .join('');
    for (const id of ids) expect(queued).toContain(id);
  });
});

describe('siemkit forward with a configuration it cannot use', () => {
  const TOKEN = 'tok_9f8e7d6c5b4a-never-print-me';

  it('exits 2 naming the JSON pointer of an unknown key, and never prints a resolved secret', async () => {
    setEnv('SIEMKIT_TEST_TOKEN', TOKEN);
    const { config } = configIn(`inputs:
  http: { listen: "127.0.0.1:0", token: "\${env:SIEMKIT_TEST_TOKEN}" }
destinations:
  - name: siem
    type: http
    url: http://127.0.0.1:1/ingest
    auth: { type: bearer, token: "\${env:SIEMKIT_TEST_TOKEN}" }
    batch: { max_events: 0 }
    endpont: http://example.invalid
`);
    const r = await cli(['forward', '--config', config, '--input', EVENTS_FILE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('siemkit.yaml: invalid configuration');
    expect(r.stderr).toMatch(/\/destinations\/0: unknown key "endpont"/);
    expect(r.stderr).toMatch(/\/destinations\/0\/batch\/max_events: must be >= 1/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
  });

  it('exits 2 for a secret written in clear, naming its place but not echoing it', async () => {
    const { config } = configIn(`destinations:
  - name: siem
    type: http
    url: http://127.0.0.1:1/ingest
    auth: { type: bearer, token: "${TOKEN}" }
`);
    const r = await cli(['forward', '--config', config, '--input', EVENTS_FILE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/destinations\/0\/auth\/token: is given in clear/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
  });

  it('exits 2 for a missing environment variable, naming the key and the variable', async () => {
    const { config } = configIn(`inputs:
  http: { listen: "127.0.0.1:0", token: "\${env:SIEMKIT_TEST_UNSET_TOKEN}" }
destinations:
  - { name: devnull, type: "null" }
`);
    const r = await cli(['forward', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/inputs\/http\/token: \$\{env:SIEMKIT_TEST_UNSET_TOKEN\}: environment variable SIEMKIT_TEST_UNSET_TOKEN is not set/);
  });

  it('exits 2 for a configuration file that does not exist or is not YAML', async () => {
    const missing = await cli(['forward', '--config', path.join(root, 'nope.yaml'), '--input', EVENTS_FILE]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: invalid configuration:\n {2}cannot be read: ENOENT/);
    const { config } = configIn('destinations: [ {\n');
    const garbled = await cli(['forward', '--config', config, '--input', EVENTS_FILE]);
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toMatch(/is not YAML or JSON/);
  });

  it('exits 2 for options that cannot work together: --follow on stdin', async () => {
    const { config } = fileConfig('reject');
    const follow = await cli(['forward', '--config', config, '--follow', '--input', '-']);
    expect(follow.code).toBe(2);
    expect(follow.stderr).toMatch(/--follow needs --input FILE/);
  });

  it('exits 1 naming the failure when the JetStream input has no server to reach', async () => {
    const js = configIn(`inputs:
  jetstream: { servers: ["nats://127.0.0.1:1"], stream: SIEMKIT }
destinations:
  - { name: devnull, type: "null" }
`);
    const jetstream = await cli(['forward', '--config', js.config, '--input', EVENTS_FILE]);
    expect(jetstream.code).toBe(1);
    expect(jetstream.stderr).toMatch(/^siemkit: .+/);
  });

  it('exits 2 without --config (a usage error)', async () => {
    const r = await cli(['forward', '--input', EVENTS_FILE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required option '--config <file>'/);
  });
});
