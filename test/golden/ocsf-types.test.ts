// Golden outputs of the OCSF type emitter for three real declarations: a class with profile
// blocks (Authentication), a recursive object with profile blocks (Process) and a plain object
// (Cloud). `UPDATE_GOLDEN=1 npx vitest run test/golden/ocsf-types.test.ts` rewrites them.
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { declarationsOf, emitTypes } from '../../scripts/gen/ocsf/emit-types.js';
import { loadRepository } from '../../scripts/gen/ocsf/load.js';
import { resolve } from '../../scripts/gen/ocsf/resolve.js';
import { expectGolden } from '../helpers/golden.js';
import { OCSF_SCHEMA_DIR } from '../helpers/paths.js';

const GOLDEN_DIR = fileURLToPath(new URL('./ocsf/types/', import.meta.url));

describe('OCSF 1.1.0 types (golden)', () => {
  const declarations = new Map<string, string>();
  for (const f of emitTypes(resolve(loadRepository(OCSF_SCHEMA_DIR)), 'generated/ocsf/1.1.0')) {
    for (const [name, text] of declarationsOf(f.content)) declarations.set(name, text);
  }

  it.each(['Authentication', 'Cloud', 'Process'])('%s', (name) => {
    const actual = `${declarations.get(name) ?? `no declaration of ${name}`}\n`;
    expectGolden(GOLDEN_DIR, `${name}.ts.txt`, actual);
  });
});
