/**
 * Configuration contract v1 (DESIGN.md §5b; src/delivery/config/{load,schema,settings}.ts): the
 * example configurations load from YAML, the same from JSON; every default is filled; every problem
 * of a file is listed at once by its JSON pointer; secrets are accepted only as `${env:NAME}` or
 * `${file:/path}` and never appear in an error; relative paths are taken from the configuration's
 * directory; destinations are global or per tenant.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForwarderConfig } from '../../../src/delivery/config/load.js';
import { ConfigError, loadConfigFile, parseConfig } from '../../../src/delivery/config/load.js';
import { DESTINATION_TYPES } from '../../../src/destinations/registry.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples', 'forward');
const EXAMPLE_ENV = { SIEMKIT_INGEST_TOKEN: 'ingest-tok-5f2a', WEBHOOK_TOKEN: 'hook-tok-9c1e', WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5' };

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-config-'));
  made.push(dir);
  return dir;
}

/** The ConfigError `fn` throws. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('no ConfigError');
}

const DEFAULTS = {
  batch: { max_events: 500, max_bytes: 1_000_000, flush_interval_ms: 1_000 },
  retry: { initial_delay_ms: 1_000, max_delay_ms: 300_000, multiplier: 2, max_elapsed_ms: 1_800_000 },
  buffer: { max_age_ms: 1_800_000, max_bytes: 1_073_741_824 },
  queue: { type: 'disk', fsync: 'interval', fsync_interval_ms: 1_000, segment_bytes: 16_777_216 },
  timeout_ms: 30_000,
  concurrency: 1,
};

describe('loading the examples (examples/forward/)', () => {
  it('file.yaml: paths from the file’s directory, defaults filled around what it sets', () => {
    const c = loadConfigFile(path.join(EXAMPLES, 'file.yaml'), { env: {} });
    expect(c.product).toEqual({ vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' });
    expect(c.data_dir).toBe(path.join(REPO_ROOT, '.siemkit'));
    expect(c.validation).toBe('reject');
    expect(c.inputs).toEqual({});
    expect(c.secrets).toEqual([]);
    expect(c.destinations).toHaveLength(1);
    const d = c.destinations[0];
    expect(d).toMatchObject({ name: 'archive', type: 'file', format: 'ocsf', timeout_ms: 30_000 });
    expect(d?.batch).toEqual({ max_events: 1_000, max_bytes: 1_000_000, flush_interval_ms: 200 });
    expect(d?.retry).toEqual(DEFAULTS.retry);
    expect(d?.buffer).toEqual(DEFAULTS.buffer);
    expect(d?.queue).toEqual(DEFAULTS.queue);
    expect(d?.settings).toEqual({ path: path.join(REPO_ROOT, '.siemkit', 'out', 'ocsf-{date}.ndjson'), rotate_bytes: 104_857_600, rotate_interval_ms: 0, gzip: false, fsync: false });
    expect(d?.tenants).toBeUndefined();
  });

  it('http.yaml: secrets resolved from the environment and kept for the redactor; global and per-tenant destinations', () => {
    const c = loadConfigFile(path.join(EXAMPLES, 'http.yaml'), { env: EXAMPLE_ENV });
    expect(c.validation).toBe('dead_letter');
    expect(c.inputs.http).toEqual({ listen: '127.0.0.1:8787', token: 'ingest-tok-5f2a', max_body_bytes: 10_485_760 });
    expect(c.destinations.map((d) => [d.name, d.type, d.format, d.tenants])).toEqual([
      ['webhook', 'http', 'ocsf', undefined],
      ['acme-archive', 'file', 'ecs', ['tnt_acme']],
      ['dry-run', 'null', 'ocsf', undefined],
    ]);
    const webhook = c.destinations[0];
    expect(webhook?.settings).toMatchObject({ auth: { type: 'bearer', token: 'hook-tok-9c1e' }, signing_secret: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5', body: 'ndjson', gzip: true, headers: {} });
    expect(webhook?.filter).toEqual({ categories: ['SECURITY', 'AUTHENTICATION'], min_severity: 'medium', exclude_users: ['svc_noisy'], exclude_paths: ['/tmp/**'] });
    expect(webhook?.batch).toEqual({ max_events: 500, max_bytes: 1_000_000, flush_interval_ms: 5_000 });
    expect([...c.secrets].sort()).toEqual(Object.values(EXAMPLE_ENV).sort());
    expect(c.destinations[2]?.settings).toEqual({});
    expect(c.destinations[2]).toMatchObject(DEFAULTS);
  });

  it('http.yaml without its environment: one problem per missing secret, each at its place', () => {
    const e = configError(() => loadConfigFile(path.join(EXAMPLES, 'http.yaml'), { env: {} }));
    expect(e.source).toBe(path.join(EXAMPLES, 'http.yaml'));
    expect(e.problems).toEqual([
      '/destinations/0/auth/token: ${env:WEBHOOK_TOKEN}: environment variable WEBHOOK_TOKEN is not set',
      '/destinations/0/signing_secret: ${env:WEBHOOK_SECRET}: environment variable WEBHOOK_SECRET is not set',
      '/inputs/http/token: ${env:SIEMKIT_INGEST_TOKEN}: environment variable SIEMKIT_INGEST_TOKEN is not set',
    ]);
    for (const p of e.problems) expect(e.message).toContain(p);
  });

  it('reads the same configuration from JSON', () => {
    const dir = tempDir();
    const doc = { product: { vendor: 'Acme', name: 'ScaiDrive' }, data_dir: 'state', destinations: [{ name: 'archive', type: 'file', format: 'ocsf', path: 'out/events.ndjson' }] };
    writeFileSync(path.join(dir, 'siemkit.json'), JSON.stringify(doc, null, 2));
    const c = loadConfigFile(path.join(dir, 'siemkit.json'), { env: {} });
    expect(c.data_dir).toBe(path.join(dir, 'state'));
    expect(c.destinations[0]?.settings.path).toBe(path.join(dir, 'out', 'events.ndjson'));
    expect(c.destinations[0]).toMatchObject(DEFAULTS);
  });
});

describe('defaults', () => {
  it('fills every default of a minimal configuration', () => {
    const c = parseConfig({ destinations: [{ name: 'n', type: 'null' }] }, 'inline', { baseDir: '/srv/app' });
    expect(c.product).toEqual({ vendor: 'siemkit', name: 'siemkit' });
    expect(c.data_dir).toBe(path.resolve('/srv/app', '.siemkit'));
    expect(c.validation).toBe('reject');
    // The type's default format.
    expect(c.destinations[0]).toEqual({ name: 'n', type: 'null', format: 'canonical', settings: {}, ...DEFAULTS });
  });

  it('fills the defaults of a part given partly, and keeps what was given', () => {
    const c = parseConfig({ destinations: [{ name: 'n', type: 'null', batch: { max_events: 7 }, retry: { schedule: [{ every_ms: 60_000, for_ms: 300_000 }, { every_ms: 900_000 }] }, queue: { type: 'memory' } }] }, 'inline');
    const d = c.destinations[0];
    expect(d?.batch).toEqual({ ...DEFAULTS.batch, max_events: 7 });
    expect(d?.retry).toEqual({ ...DEFAULTS.retry, schedule: [{ every_ms: 60_000, for_ms: 300_000 }, { every_ms: 900_000 }] });
    expect(d?.queue).toEqual({ ...DEFAULTS.queue, type: 'memory' });
  });

  it('does not change the document it was given', () => {
    const doc = { destinations: [{ name: 'n', type: 'null' }] };
    const before = structuredClone(doc);
    parseConfig(doc, 'inline');
    expect(doc).toEqual(before);
  });
});

describe('problems, all at once, by JSON pointer', () => {
  it('lists every problem of a file in one ConfigError', () => {
    const e = configError(() =>
      parseConfig(
        {
          data_dri: './x',
          validation: 'drop',
          product: { vendor: '' },
          destinations: [
            { name: 'a', type: 'http', url: 'https://siem.example/in', endpont: 'x', batch: { max_events: 0 } },
            { name: 'b', type: 'splunk', format: 'ocsf' },
            { name: 'a', type: 'null', queue: { type: 'tape' } },
            { name: 'c', type: 'http', format: 'cef', url: 'ftp://nope' },
            'not an object',
          ],
        },
        'siemkit.yaml',
      ),
    );
    expect(e.name).toBe('ConfigError');
    expect(e.problems).toEqual(
      expect.arrayContaining([
        '/: unknown key "data_dri"',
        '/validation: must be one of "reject", "dead_letter"',
        '/product/vendor: must NOT have fewer than 1 characters',
        "/product: must have required property 'name'",
        '/destinations/0/batch/max_events: must be >= 1',
        '/destinations/0: unknown key "endpont"',
        expect.stringMatching(/^\/destinations\/1\/type: "splunk" is not a destination type of this version \(.*http.*\)$/),
        '/destinations/2/queue/type: must be one of "disk", "memory"',
        '/destinations/2/name: "a" is already the name of another destination',
        expect.stringMatching(/^\/destinations\/3\/format: http destinations take .*, not "cef"$/),
        expect.stringMatching(/^\/destinations\/3\/url: /),
        '/destinations/4: a destination is an object',
      ]),
    );
    // Also `/destinations/4: must be object`, from the top-level schema: the same problem twice.
    expect(e.problems).toHaveLength(13);
    expect(e.message.split('\n')[0]).toBe('siemkit.yaml: invalid configuration:');
  });

  it('requires at least one destination, and a configuration that is an object', () => {
    expect(configError(() => parseConfig({}, 'x')).problems).toEqual(["/: must have required property 'destinations'"]);
    expect(configError(() => parseConfig({ destinations: [] }, 'x')).problems).toEqual(['/destinations: must NOT have fewer than 1 items']);
    expect(configError(() => parseConfig(['a'], 'x')).problems).toEqual(['/: a configuration is a YAML or JSON object']);
    expect(configError(() => parseConfig(null, 'x')).problems).toEqual(['/: a configuration is a YAML or JSON object']);
  });

  it('rejects names that cannot name a directory or a metric label', () => {
    const e = configError(() => parseConfig({ destinations: [{ name: '_invalid', type: 'null' }, { name: '../up', type: 'null' }] }, 'x'));
    expect(e.problems).toEqual(['/destinations/0/name: must match pattern "^[A-Za-z0-9][A-Za-z0-9_.-]*$"', '/destinations/1/name: must match pattern "^[A-Za-z0-9][A-Za-z0-9_.-]*$"']);
  });

  it('names a file it cannot read, and one that is not YAML', () => {
    const dir = tempDir();
    expect(configError(() => loadConfigFile(path.join(dir, 'absent.yaml'))).problems).toEqual(['cannot be read: ENOENT']);
    writeFileSync(path.join(dir, 'bad.yaml'), 'destinations: [\n  - {name: a\n');
    const e = configError(() => loadConfigFile(path.join(dir, 'bad.yaml')));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatch(/^is not YAML or JSON: /);
  });
});

describe('secrets', () => {
  const webhook = (extra: Record<string, unknown>): unknown => ({ destinations: [{ name: 'w', type: 'http', url: 'https://siem.example/in', ...extra }] });

  it('refuses a secret written in clear, naming its place and never its value', () => {
    const e = configError(() => parseConfig(webhook({ auth: { type: 'bearer', token: 'sk_live_TOPSECRET_1234' }, signing_secret: 'whsec_ALSOSECRET' }), 'x'));
    expect(e.problems).toEqual([
      '/destinations/0/auth/token: is given in clear; a secret is given only as ${env:NAME} or ${file:/path}',
      '/destinations/0/signing_secret: is given in clear; a secret is given only as ${env:NAME} or ${file:/path}',
    ]);
    expect(e.message).not.toMatch(/TOPSECRET|ALSOSECRET/);
  });

  it('refuses a reference with text around it (a secret half in clear)', () => {
    const e = configError(() => parseConfig(webhook({ auth: { type: 'bearer', token: 'Bearer ${env:T}' } }), 'x', { env: { T: 'x' } }));
    expect(e.problems).toEqual(['/destinations/0/auth/token: is not one well-formed reference; a secret is given only as ${env:NAME} or ${file:/path}']);
  });

  it('never echoes a resolved secret when something else is wrong', () => {
    const e = configError(() => parseConfig(webhook({ auth: { type: 'bearer', token: '${env:HOOK}' }, batch: { max_events: -1 } }), 'x', { env: { HOOK: 'resolved-HOOK-value-77' } }));
    expect(e.problems).toEqual(['/destinations/0/batch/max_events: must be >= 1']);
    expect(e.message).not.toContain('resolved-HOOK-value-77');
  });

  const archive = (extra: Record<string, unknown>): unknown => ({ destinations: [{ name: 'a', type: 'file', path: '/tmp/siemkit-archive.ndjson', ...extra }] });
  const DEFAULT_ADAPTIVE = { adaptive: { initial_concurrency: 1, max_concurrency: 32, decrease_ratio: 0.9, ewma_alpha: 0.4, rtt_deviation_scale: 2.5 } };

  it('takes concurrency as an integer from 1 to 1000, or adaptive, in one line when it is neither', () => {
    expect(parseConfig(webhook({ concurrency: 4 }), 'x').destinations[0]?.concurrency).toBe(4);
    expect(parseConfig(webhook({ concurrency: 1 }), 'x').destinations[0]?.concurrency).toBe(1);
    const neither = '/destinations/0/concurrency: must be an integer from 1 to 1000, or "adaptive"';
    for (const bad of [0, 1.5, 1_001, 'fast', null]) expect(configError(() => parseConfig(webhook({ concurrency: bad }), 'x')).problems).toEqual([neither]);
  });

  it('defaults concurrency to the type’s: adaptive for HTTP destinations, 1 for a file or a syslog stream', () => {
    expect(parseConfig(webhook({}), 'x').destinations[0]?.concurrency).toEqual(DEFAULT_ADAPTIVE);
    for (const type of DESTINATION_TYPES) expect([type.type, type.defaultConcurrency]).toEqual([type.type, ['file', 'syslog', 'null'].includes(type.type) ? undefined : 'adaptive']);
    expect(parseConfig(archive({}), 'x').destinations[0]?.concurrency).toBe(1);
    expect(parseConfig(archive({ concurrency: 'adaptive' }), 'x').destinations[0]?.concurrency).toEqual(DEFAULT_ADAPTIVE);
  });

  it('takes concurrency: adaptive with adaptive_concurrency, its defaults filled', () => {
    expect(parseConfig(webhook({ concurrency: 'adaptive' }), 'x').destinations[0]?.concurrency).toEqual(DEFAULT_ADAPTIVE);
    expect(parseConfig(webhook({ adaptive_concurrency: { max_concurrency: 4 } }), 'x').destinations[0]?.concurrency).toEqual({ adaptive: { ...DEFAULT_ADAPTIVE.adaptive, max_concurrency: 4 } });
    expect(parseConfig(webhook({ concurrency: 'adaptive', adaptive_concurrency: { initial_concurrency: 4, max_concurrency: 8 } }), 'x').destinations[0]?.concurrency).toEqual({
      adaptive: { initial_concurrency: 4, max_concurrency: 8, decrease_ratio: 0.9, ewma_alpha: 0.4, rtt_deviation_scale: 2.5 },
    });
  });

  it('refuses adaptive_concurrency without concurrency: adaptive, and values out of range, naming the key', () => {
    expect(configError(() => parseConfig(archive({ adaptive_concurrency: { max_concurrency: 8 } }), 'x')).problems).toEqual(['/destinations/0/adaptive_concurrency: applies only with concurrency: adaptive, and concurrency is 1']);
    expect(configError(() => parseConfig(webhook({ concurrency: 4, adaptive_concurrency: {} }), 'x')).problems).toEqual(['/destinations/0/adaptive_concurrency: applies only with concurrency: adaptive, and concurrency is 4']);
    const adaptive = (a: unknown): string[] => configError(() => parseConfig(webhook({ concurrency: 'adaptive', adaptive_concurrency: a }), 'x')).problems as string[];
    expect(adaptive({ initial_concurrency: 40 })).toEqual(['/destinations/0/adaptive_concurrency/initial_concurrency: 40 is above max_concurrency (32)']);
    expect(adaptive({ decrease_ratio: 1 })).toEqual(['/destinations/0/adaptive_concurrency/decrease_ratio: must be < 1']);
    expect(adaptive({ ewma_alpha: 0 })).toEqual(['/destinations/0/adaptive_concurrency/ewma_alpha: must be > 0']);
    expect(adaptive({ max_concurrency: 0 })).toEqual(['/destinations/0/adaptive_concurrency/max_concurrency: must be >= 1']);
    expect(adaptive({ rtt_deviation_scale: -1 })).toEqual(['/destinations/0/adaptive_concurrency/rtt_deviation_scale: must be >= 0']);
    expect(adaptive({ max_concurency: 8 })).toEqual(['/destinations/0/adaptive_concurrency: unknown key "max_concurency"']);
  });

  it('refuses an empty variable or file', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'empty'), '\n');
    const e = configError(() => parseConfig(webhook({ auth: { type: 'bearer', token: '${env:EMPTY}' }, signing_secret: '${file:./empty}' }), 'x', { env: { EMPTY: '' }, baseDir: dir }));
    expect(e.problems).toEqual(['/destinations/0/auth/token: ${env:EMPTY}: environment variable EMPTY is empty', `/destinations/0/signing_secret: \${file:./empty}: file ${path.join(dir, 'empty')} is empty`]);
  });

  it('reads ${file:...} relative to the configuration’s directory, less one trailing newline', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'secrets'));
    writeFileSync(path.join(dir, 'secrets', 'hook'), 'file-token-abc\n');
    writeFileSync(path.join(dir, 'siemkit.yaml'), ['destinations:', '  - name: w', '    type: http', '    url: https://siem.example/in', '    auth: { type: bearer, token: "${file:./secrets/hook}" }', ''].join('\n'));
    const c = loadConfigFile(path.join(dir, 'siemkit.yaml'), { env: {} });
    expect(c.destinations[0]?.settings.auth).toEqual({ type: 'bearer', token: 'file-token-abc' });
    expect(c.secrets).toEqual(['file-token-abc']);
  });
});

describe('paths', () => {
  it('resolves data_dir, file paths and TLS files against the configuration’s directory, whatever the working directory', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'siemkit.yaml'),
      [
        'data_dir: ./state',
        'destinations:',
        '  - name: w',
        '    type: http',
        '    url: https://siem.example/in',
        '    tls: { ca_file: ./tls/ca.pem, cert_file: tls/client.pem, key_file: /etc/abs.key }',
        '  - name: f',
        '    type: file',
        '    path: ../archive/{date}.ndjson',
        '',
      ].join('\n'),
    );
    const c: ForwarderConfig = loadConfigFile(path.join(dir, 'siemkit.yaml'), { env: {} });
    expect(c.data_dir).toBe(path.join(dir, 'state'));
    expect(c.destinations[0]?.tls).toEqual({ ca_file: path.join(dir, 'tls', 'ca.pem'), cert_file: path.join(dir, 'tls', 'client.pem'), key_file: '/etc/abs.key', verify: true });
    expect(c.destinations[1]?.settings.path).toBe(path.join(path.dirname(dir), 'archive', '{date}.ndjson'));
  });

  it('keeps an absolute data_dir as it is, and takes baseDir over the file’s directory when given', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'c.yaml'), 'data_dir: rel\ndestinations: [{ name: n, type: "null" }]\n');
    expect(loadConfigFile(path.join(dir, 'c.yaml'), { baseDir: '/opt/base' }).data_dir).toBe('/opt/base/rel');
    expect(parseConfig({ data_dir: '/var/lib/siemkit', destinations: [{ name: 'n', type: 'null' }] }, 'x', { baseDir: dir }).data_dir).toBe('/var/lib/siemkit');
  });
});
