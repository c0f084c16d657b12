import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';

describe('siemkit ocsf', () => {
  it('lists every class with uid, name, caption and category', async () => {
    const r = await cli(['ocsf', 'classes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3002\s+authentication\s+Authentication\s+Identity & Access Management \(3\)$/m);
    expect(r.stdout).toMatch(/^201001\s+win\/registry_key_activity\s+Registry Key Activity\s+System Activity \(1\)$/m);
    expect(r.stdout).toMatch(/^50 classes in OCSF 1\.1\.0$/m);
    const json = (await cli(['ocsf', 'classes', '--format', 'json'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(json).toHaveLength(50);
    expect(json.find((c: { uid: number }) => c.uid === 6006)).toEqual({ uid: 6006, name: 'file_hosting', caption: 'File Hosting Activity', category: 'application', category_uid: 6 });
  });

  it('shows a class by name, caption or uid with types, requirements, profiles and enums', async () => {
    for (const key of ['authentication', 'Authentication', '3002']) {
      const r = await cli(['ocsf', 'class', key]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Authentication \(authentication, class_uid 3002\)/);
      expect(r.stdout).toMatch(/^activity_id\s+integer_t\s+required\s+0 Unknown, 1 Logon, 2 Logoff/m);
      expect(r.stdout).toMatch(/^cloud\s+cloud\s+required\s+cloud$/m);
      expect(r.stdout).toMatch(/^constraint at_least_one: service, dst_endpoint$/m);
    }
    const filtered = await cli(['ocsf', 'class', 'authentication', '--profile', 'host']);
    expect(filtered.stdout).not.toMatch(/^cloud\s/m);
    expect(filtered.stdout).toMatch(/^device\s+device\s+recommended\s+host$/m);
    const json = JSON.parse((await cli(['ocsf', 'class', '4001', '--format', 'json'])).stdout);
    expect(json.name).toBe('network_activity');
    expect(json.attributes.src_endpoint.object_type).toBe('network_endpoint');
  });

  it('says so when a class does not exist', async () => {
    const r = await cli(['ocsf', 'class', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no OCSF 1\.1\.0 class named or numbered "nope"/);
  });
});
