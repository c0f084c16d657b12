/** The layering rule (DESIGN.md §6) catches an import from a layer to the right, and only that. */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { layerOf } from '../../../scripts/lint/layers.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'siemkit/layering').map((m) => m.message);
}

describe('siemkit/layering', () => {
  it('places files in their layers', () => {
    expect(layerOf('generated/ocsf/1.1.0/validator.ts')).toBe('generated');
    expect(layerOf('src/validate/ocsf.ts')).toBe('validate');
    expect(layerOf('src/cli/main.ts')).toBe('cli');
    expect(layerOf('src/index.ts')).toBe('index');
    expect(layerOf('test/unit/x.test.ts')).toBe('outside');
    expect(layerOf('src/somewhere/else.ts')).toBeUndefined();
  });

  it('allows imports from the left and from the same layer', async () => {
    expect(await lint('src/cli/x.ts', "import { validateOcsf } from '../validate/ocsf.js';\nexport const v = validateOcsf;\n")).toEqual([]);
    expect(await lint('src/validate/x.ts', "import { CLASSES } from '../../generated/ocsf/1.1.0/validator.js';\nimport type { Finding } from './finding.js';\nexport const c = CLASSES;\nexport type F = Finding;\n")).toEqual([]);
  });

  it('rejects an import from a layer to the right', async () => {
    const messages = await lint('src/validate/x.ts', "import { runCli } from '../cli/main.js';\nexport const r = runCli;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/src\/validate\/x\.ts' \(layer validate\) must not import 'src\/cli\/main\.js' \(layer cli\)/);
    expect(await lint('generated/ocsf/x.ts', "export { validateOcsf } from '../../src/validate/ocsf.js';\n")).toHaveLength(1);
  });

  it('rejects imports of tests, scripts and benchmarks from the package, and files in no layer', async () => {
    expect(await lint('src/cli/x.ts', "import { cli } from '../../test/helpers/cli.js';\nexport const c = cli;\n")).toEqual([expect.stringMatching(/scripts, tests and benchmarks are not part of the package/)]);
    expect(await lint('src/misc/x.ts', 'export const a = 1;\n')).toEqual([expect.stringMatching(/is in no layer/)]);
  });
});
