/**
 * The installed binary: builds the package the way `npm ci` does (`prepare` -> `tsc`) into a
 * scratch folder and runs `siemkit` as a child process, as a user's shell would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

let pkg: string;
let bin: string;

beforeAll(() => {
  pkg = mkdtempSync(path.join(tmpdir(), 'siemkit-bin-'));
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'schemas', 'src', 'generated', 'examples']) cpSync(path.join(REPO_ROOT, f), path.join(pkg, f), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: pkg });
  bin = path.join(pkg, 'dist', 'src', 'cli', 'main.js');
}, 120_000);

afterAll(() => rmSync(pkg, { recursive: true, force: true }));

describe('the siemkit binary', () => {
  it('validates the examples from a built package and exits 0', () => {
    const r = spawnSync(process.execPath, [bin, 'validate', '--schema', 'ocsf', 'examples/ocsf/events.ndjson'], { cwd: pkg, encoding: 'utf8' });
    expect(r.stderr).toMatch(/10 events checked against OCSF: 10 valid, 0 invalid/);
    expect(r.status).toBe(0);
  });

  it('exits 1 on invalid records and 2 on a usage error', () => {
    expect(spawnSync(process.execPath, [bin, 'validate', '--schema', 'ocsf', 'examples/ocsf/broken.ndjson'], { cwd: pkg }).status).toBe(1);
    expect(spawnSync(process.execPath, [bin, 'validate', '--schema', 'nope', 'examples/ocsf/broken.ndjson'], { cwd: pkg }).status).toBe(2);
  });

  it('reads the compiled schema from the installed package, wherever it is run from', () => {
    const r = spawnSync(process.execPath, [bin, 'ocsf', 'class', 'file_hosting'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^File Hosting Activity \(file_hosting, class_uid 6006\)/);
  });

  it('reports its cold start on one event (measured, not asserted)', () => {
    const one = path.join(pkg, 'examples', 'ocsf', 'events.ndjson');
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, [bin, 'validate', '--schema', 'ocsf', one], { cwd: pkg });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(`siemkit validate cold start: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    expect(times).toHaveLength(3);
  });
});
