import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const examples = path.join(REPO_ROOT, 'examples', 'ocsf');
const good = readFileSync(path.join(examples, 'events.ndjson'), 'utf8');
const first = good.split('\n')[0] as string;

describe('siemkit validate', () => {
  it('exits 0 and prints a summary when every record is valid', async () => {
    const r = await cli(['validate', '--schema', 'ocsf', path.join(examples, 'events.ndjson')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^10 events checked against OCSF: 10 valid, 0 invalid \(0 errors, \d+ warnings\)/m);
    expect(r.stderr).not.toMatch(/^event \d+: .*attribute_recommended_missing/m);
  });

  it('reports each bad record as `event N: /path: code: message`, keeps going, and exits 1', async () => {
    const r = await cli(['validate', '--schema', 'ocsf', path.join(examples, 'broken.ndjson')]);
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => /^event \d+: \S+: [a-z_]+: /.test(l));
    expect(errors.map((l) => l.split(': ').slice(0, 3).join(': '))).toEqual([
      'event 1: /type_uid: type_uid_incorrect',
      'event 2: /user: attribute_required_missing',
      'event 3: /cloud: attribute_unknown',
      'event 4: /src_endpoint/port: attribute_value_exceeds_range',
      'event 4: /src_endpoint/asn: attribute_unknown',
      'event 5: /: json_invalid',
    ]);
    expect(r.stderr).toMatch(/5 events checked against OCSF: 0 valid, 5 invalid \(6 errors,/);
  });

  it('reads stdin with -, NDJSON or one JSON array', async () => {
    const ndjson = await cli(['validate', '--schema', 'ocsf', '-'], `${first}\n\n${first}\n`);
    expect(ndjson.code).toBe(0);
    expect(ndjson.stderr).toMatch(/^2 events checked/m);
    const array = await cli(['validate', '--schema', 'ocsf'], `[\n${first},\n${first},\n${first}\n]\n`);
    expect(array.code).toBe(0);
    expect(array.stderr).toMatch(/^3 events checked/m);
  });

  it('writes findings as JSON lines with --format json', async () => {
    const bad = JSON.stringify({ ...JSON.parse(first), severity_id: 42 });
    const r = await cli(['validate', '--schema', 'ocsf', '--format', 'json', '-'], `${first}\n${bad}\n`);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ event: 1, valid: true, errors: [] });
    expect(lines[1]).toMatchObject({ event: 2, valid: false, errors: [{ code: 'attribute_enum_value_unknown', path: '/severity_id' }] });
    expect(lines[0].warnings.some((w: { code: string }) => w.code === 'attribute_recommended_missing')).toBe(true);
  });

  it('lists recommended attributes with --recommended and drops warnings with --no-warnings', async () => {
    const listed = await cli(['validate', '--schema', 'ocsf', '--recommended', '-'], first);
    expect(listed.stderr).toMatch(/^event 1: \/\S+: warning attribute_recommended_missing: /m);
    const quiet = await cli(['validate', '--schema', 'ocsf', '--no-warnings', '-'], first);
    expect(quiet.stderr).toMatch(/\(0 errors, 0 warnings\)/);
  });

  it('honours --null-satisfies-constraints', async () => {
    const withNull = JSON.stringify({ ...JSON.parse(first), user: { name: null } });
    expect((await cli(['validate', '--schema', 'ocsf', '-'], withNull)).stderr).toMatch(/\/user: constraint_failed/);
    expect((await cli(['validate', '--schema', 'ocsf', '--null-satisfies-constraints', '-'], withNull)).code).toBe(0);
  });

  it('validates ECS documents', async () => {
    const doc = JSON.stringify({ '@timestamp': '2026-11-22T08:00:00Z', ecs: { version: '9.4.0' }, event: { kind: 'event', category: ['authentication'], type: ['start'], outcome: 'success' }, source: { ip: '192.0.2.1' } });
    expect((await cli(['validate', '--schema', 'ecs', '-'], doc)).code).toBe(0);
    const bad = JSON.stringify({ event: { kind: 'nope' }, source: { ip: 'not-an-ip' } });
    const r = await cli(['validate', '--schema', 'ecs', '-'], bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/event 1: \/@timestamp: attribute_required_missing/);
    expect(r.stderr).toMatch(/event 1: \/event\/kind: attribute_enum_value_unknown/);
    expect(r.stderr).toMatch(/event 1: \/source\/ip: attribute_wrong_type/);
  });

  it('defaults --schema to canonical, and refuses an unknown schema and empty input', async () => {
    const defaulted = await cli(['validate', '-'], first);
    expect(defaulted.code).toBe(1);
    expect(defaulted.stderr).toMatch(/^event 1: \/event_id: attribute_required_missing: /m);
    expect(defaulted.stderr).toMatch(/^1 event checked against the canonical event contract v1: 0 valid, 1 invalid/m);
    const unknown = await cli(['validate', '--schema', 'cef', '-'], first);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Allowed choices are canonical, ocsf, ecs/);
    expect((await cli(['validate', '--schema', 'ocsf', '-'], '')).code).toBe(1);
    expect((await cli(['validate', '-'], '')).code).toBe(1);
  });

  it('names a file it cannot read', async () => {
    const r = await cli(['validate', '--schema', 'ocsf', '/nonexistent/events.ndjson']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/nonexistent\/events\.ndjson/);
  });
});

describe('siemkit validate --schema canonical (the default)', () => {
  const event = {
    event_id: 'evt_01JD5Z8K6Q7R2S3T4V5W6X7Y8Z',
    timestamp: '2026-11-22T08:00:00.123Z',
    tenant_id: 'tnt_acme',
    category: 'FILE_ACCESS',
    action: 'file.download',
    outcome: 'success',
    severity: 'info',
    actor: { type: 'user', id: 'usr_1', email: 'alice@example.com' },
    resource: { type: 'file', id: 'fil_1', name: 'q3|report=final.pdf' },
    source: { ip: '2001:db8::7', geo: { country: 'DE' } },
    payload: { size: 1024 },
  };
  const ok = JSON.stringify(event);

  it('accepts a valid event, with and without --schema canonical', async () => {
    for (const args of [['validate', '-'], ['validate', '--schema', 'canonical', '-']]) {
      const r = await cli(args, `${ok}\n${ok}\n`);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('2 events checked against the canonical event contract v1: 2 valid, 0 invalid (0 errors, 0 warnings)\n');
    }
  });

  it('reports each problem as `event N: /path: code: message`', async () => {
    const broken = [
      { ...event, actor: { type: 'user' }, timestamp: '2026-02-29T08:00:00Z' },
      { ...event, resource: { type: 'file', id: 'fil_1' }, source: { ip: '203.0.113.300', geo: { country: 'XK' } }, extra: true },
      { ...event, category: 'SECURITY', labels: { 'line\nbreak': 1 } },
    ];
    const r = await cli(['validate', '-'], broken.map((e) => JSON.stringify(e)).join('\n'));
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('event '))).toEqual([
      'event 1: /timestamp: attribute_value_invalid: "timestamp" "2026-02-29T08:00:00Z" has day 29, but February 2026 has 28 days',
      'event 1: /actor/id: attribute_required_missing: required attribute "actor.id" is missing',
      'event 2: /resource/name: category_requirement_missing: "resource.name" is missing: category FILE_ACCESS needs a "resource" (the file or folder) with a "name", and "source.ip"',
      'event 2: /source/ip: attribute_value_invalid: "source.ip" "203.0.113.300" is not a valid IPv4 or IPv6 address',
      'event 2: /source/geo/country: attribute_enum_value_unknown: "source.geo.country" "XK" is not an assigned ISO 3166-1 alpha-2 code',
      'event 2: /extra: attribute_unknown: "extra" is not an attribute of the canonical event (contract v1)',
      'event 3: /category: action_category_mismatch: action "file.download" is registered with category FILE_ACCESS, not SECURITY',
      'event 3: /labels/line\\u000abreak: attribute_wrong_type: "labels.line\\nbreak" has the wrong type: expected string, got number',
    ]);
    expect(r.stderr).toMatch(/^3 events checked against the canonical event contract v1: 0 valid, 3 invalid \(8 errors, 0 warnings\)$/m);
  });

  it('keeps exact paths in --format json', async () => {
    const r = await cli(['validate', '--format', 'json', '-'], JSON.stringify({ ...event, labels: { 'a\nb': 1 } }));
    expect(JSON.parse(r.stdout)).toMatchObject({ event: 1, valid: false, errors: [{ code: 'attribute_wrong_type', path: '/labels/a\nb' }] });
  });
});
