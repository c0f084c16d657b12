// Golden outputs of the OCSF type emitter for three real declarations: a class with profile
// blocks (Authentication), a recursive object with profile blocks (Process) and a plain object
// (Cloud). `UPDATE_GOLDEN=1 npx vitest run test/golden/ocsf-types.test.ts` rewrites them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declarationsOf, emitTypes } from '../../scripts/gen/ocsf/emit-types.js';
import { loadRepository } from '../../scripts/gen/ocsf/load.js';
import { resolve } from '../../scripts/gen/ocsf/resolve.js';

const SCHEMA_DIR = fileURLToPath(new URL('../../../shared/schemas/ocsf-1.1.0', import.meta.url));
const GOLDEN_DIR = fileURLToPath(new URL('./ocsf/types/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('OCSF 1.1.0 types (golden)', () => {
  const declarations = new Map<string, string>();
  for (const f of emitTypes(resolve(loadRepository(SCHEMA_DIR)), 'generated/ocsf/1.1.0')) {
    for (const [name, text] of declarationsOf(f.content)) declarations.set(name, text);
  }

  it.each(['Authentication', 'Cloud', 'Process'])('%s', (name) => {
    const actual = `${declarations.get(name) ?? `no declaration of ${name}`}\n`;
    const file = path.join(GOLDEN_DIR, `${name}.ts.txt`);
    if (UPDATE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, actual);
    }
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
