import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateEcs } from '../../../src/validate/ecs.js';
import { validateOcsf } from '../../../src/validate/ocsf.js';
import { cli } from '../../helpers/cli.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const events = readFileSync(path.join(REPO_ROOT, 'examples', 'canonical', 'events.ndjson'), 'utf8');
const lines = events.trim().split('\n');
const tmp = mkdtempSync(path.join(tmpdir(), 'siemkit-convert-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('siemkit convert and parse', () => {
  it('converts every example event to OCSF that validates, stamped with the product identity, and back', async () => {
    const r = await cli(['convert', '--to', 'ocsf', '--vendor', 'Acme', '--product', 'ScaiDrive', '--product-version', '1.4.2', '-'], events);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^${lines.length} of ${lines.length} events converted to OCSF$`, 'm'));
    const out = r.stdout.trim().split('\n');
    expect(out).toHaveLength(lines.length);
    for (const l of out) {
      const ocsf = JSON.parse(l);
      expect(validateOcsf(ocsf).errors).toEqual([]);
      expect(ocsf.metadata.product).toMatchObject({ vendor_name: 'Acme', name: 'ScaiDrive', version: '1.4.2' });
    }
    const back = await cli(['parse', '--from', 'ocsf', '-'], r.stdout);
    expect(back.code).toBe(0);
    expect(back.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(lines.map((l) => JSON.parse(l)));
  });

  it('converts to ECS and back', async () => {
    const r = await cli(['convert', '--to', 'ecs', '-'], events);
    expect(r.code).toBe(0);
    for (const l of r.stdout.trim().split('\n')) expect(validateEcs(JSON.parse(l), { customFieldSets: ['siemkit'] }).errors).toEqual([]);
    const back = await cli(['parse', '--from', 'ecs', '-'], r.stdout);
    expect(back.code).toBe(0);
    expect(back.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(lines.map((l) => JSON.parse(l)));
  });

  it('reads the product identity from a configuration file; flags win', async () => {
    const config = path.join(tmp, 'siemkit.yaml');
    writeFileSync(config, 'product: { vendor: Initech, name: TPS, version: 2.0.1 }\ndestinations: []\n');
    const r = await cli(['convert', '--to', 'ocsf', '--config', config, '--product', 'TPS Reports', '-'], lines[0] as string);
    expect(JSON.parse(r.stdout).metadata.product).toMatchObject({ vendor_name: 'Initech', name: 'TPS Reports', version: '2.0.1' });
    writeFileSync(config, 'product: { vendor: Initech, nmae: TPS }\n');
    const bad = await cli(['convert', '--to', 'ocsf', '--config', config, '-'], lines[0] as string);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/siemkit\.yaml: \/product\/nmae is not a known key/);
  });

  it('reports an invalid input event and keeps converting the others', async () => {
    const broken = JSON.stringify({ ...JSON.parse(lines[1] as string), severity: 'extreme' });
    const r = await cli(['convert', '--to', 'ocsf', '-'], `${lines[0]}\n${broken}\n${lines[2]}\n`);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^event 2: \/severity: attribute_enum_value_unknown: /m);
    expect(r.stderr).toMatch(/^2 of 3 events converted to OCSF$/m);
  });

  it('reports a record it cannot parse back with the path of the missing field', async () => {
    const r = await cli(['parse', '--from', 'ocsf', '-'], JSON.stringify({ class_uid: 3002, activity_id: 1 }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^event 1: \/\S*: mapping_failed: /m);
  });
});
