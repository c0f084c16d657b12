/**
 * Golden files: `expectGolden(dir, name, actual)` compares text with `dir/name`, and with
 * `UPDATE_GOLDEN=1` in the environment writes it there first. A missing file fails and says how
 * to create it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

export function expectGolden(dir: string, name: string, actual: string): void {
  const file = path.join(dir, name);
  if (UPDATE_GOLDEN) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
