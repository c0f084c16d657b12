import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRepository } from '../../../../scripts/gen/ocsf/load.js';

const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

describe('loadRepository', () => {
  it('reads every JSON file of the schema layout under forward-slash paths', () => {
    write('version.json', '{"version":"1.1.0"}');
    write('dictionary.json', '{"attributes":{}}');
    write('categories.json', '{"attributes":{}}');
    write('events/iam/login.json', '{"name":"login"}');
    write('extensions/acme/objects/widget.json', '{"name":"widget"}');
    write('objects/README.md', 'not json, not read');
    const repo = loadRepository(dir);
    expect([...repo.keys()].sort()).toEqual(['categories.json', 'dictionary.json', 'events/iam/login.json', 'extensions/acme/objects/widget.json', 'version.json']);
    expect(repo.get('events/iam/login.json')).toEqual({ name: 'login' });
  });

  it('names the file that is not valid JSON', () => {
    write('objects/broken.json', '{"name": ');
    expect(() => loadRepository(dir)).toThrow(/objects\/broken\.json is not valid JSON/);
    rmSync(path.join(dir, 'objects/broken.json'));
  });

  it('says what it expected and how to choose another folder when there is no schema', () => {
    const empty = path.join(dir, 'nothing-here');
    expect(() => loadRepository(empty)).toThrow(new RegExp(`no OCSF schema at ${empty}.*--schema-dir DIR`));
  });
});
