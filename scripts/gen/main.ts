/**
 * `npm run gen`: compiles the upstream schema data into `generated/`.
 *
 *   npm run gen                          write every generator's output
 *   npm run gen -- --check               fail (exit 1) when `generated/` differs from a fresh run
 *   npm run gen -- --only ocsf           run one generator
 *   npm run gen -- --schema-dir DIR      compile your own OCSF schema checkout instead of the default
 *   npm run gen -- --ecs-dir DIR         a folder holding ECS's `ecs_flat.yml`
 *   npm run gen -- --schemas-dir DIR     the folder holding all default data sets (../shared/schemas)
 *   npm run gen -- --ocsf-extensions L   OCSF extensions to compile: all (default), none, or e.g. win,linux
 *   npm run gen -- --out DIR             write to another tree than this repository (e.g. a scratch dir)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { canonicalGenerator } from './canonical/index.js';
import { docsGenerator } from './docs/index.js';
import { ecsGenerator } from './ecs/index.js';
import { ocsfGenerator } from './ocsf/index.js';
import type { GeneratedFile, Generator, GeneratorOptions } from './output.js';

/** Every generator, in the order they run. */
export const GENERATORS: readonly Generator[] = [ocsfGenerator, ecsGenerator, docsGenerator, canonicalGenerator];

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function defaultSchemasDir(): string {
  return path.resolve(REPO_ROOT, '..', 'shared', 'schemas');
}

/** Runs the chosen generators and returns their files, sorted by path. */
export async function generateAll(options: GeneratorOptions, only?: string): Promise<GeneratedFile[]> {
  const chosen = GENERATORS.filter((g) => only === undefined || g.name === only);
  if (chosen.length === 0) throw new Error(`no generator named '${only}' (have: ${GENERATORS.map((g) => g.name).join(', ')})`);
  const files: GeneratedFile[] = [];
  for (const g of chosen) files.push(...(await g.run(options)));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

/** Compares generated files with a tree; returns the relative paths that differ, are missing or are stale. */
export function diffTree(root: string, files: readonly GeneratedFile[], owned: readonly string[]): string[] {
  const wanted = new Map(files.map((f) => [f.path, f.content]));
  const problems: string[] = [];
  for (const [rel, content] of wanted) {
    const full = path.join(root, rel);
    if (!existsSync(full)) problems.push(`missing: ${rel}`);
    else if (readFileSync(full, 'utf8') !== content) problems.push(`differs: ${rel}`);
  }
  for (const dir of owned) {
    for (const full of listFiles(path.join(root, dir))) {
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (!wanted.has(rel)) problems.push(`stale: ${rel}`);
    }
  }
  return problems;
}

/** Writes generated files into a tree, removing stale files from the folders the generators own. */
export function writeTree(root: string, files: readonly GeneratedFile[], owned: readonly string[]): void {
  const wanted = new Set(files.map((f) => f.path));
  for (const dir of owned) {
    for (const full of listFiles(path.join(root, dir))) {
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (!wanted.has(rel)) rmSync(full);
    }
  }
  for (const f of files) {
    const full = path.join(root, f.path);
    mkdirSync(path.dirname(full), { recursive: true });
    if (!existsSync(full) || readFileSync(full, 'utf8') !== f.content) writeFileSync(full, f.content);
  }
}

function parseExtensions(value: string | undefined): 'all' | string[] {
  if (value === undefined || value === 'all') return 'all';
  if (value === 'none') return [];
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      only: { type: 'string' },
      'schemas-dir': { type: 'string' },
      'schema-dir': { type: 'string' },
      'ecs-dir': { type: 'string' },
      'ocsf-extensions': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const options: GeneratorOptions = {
    schemasDir: path.resolve(values['schemas-dir'] ?? defaultSchemasDir()),
    dirs: {
      ocsf: values['schema-dir'] && path.resolve(values['schema-dir']),
      ecs: values['ecs-dir'] && path.resolve(values['ecs-dir']),
    },
    ocsfExtensions: parseExtensions(values['ocsf-extensions']),
  };
  const root = path.resolve(values.out ?? REPO_ROOT);
  const chosen = GENERATORS.filter((g) => values.only === undefined || g.name === values.only);
  const owned = chosen.flatMap((g) => g.owns);
  const started = Date.now();
  const files = await generateAll(options, values.only);
  if (values.check) {
    const problems = diffTree(root, files, owned);
    if (problems.length > 0) {
      console.error(`generated/ is out of date (${problems.length} file(s)); run \`npm run gen\`:`);
      for (const p of problems.slice(0, 50)) console.error(`  ${p}`);
      return 1;
    }
    console.log(`generated/ is up to date (${files.length} files, ${Date.now() - started} ms)`);
    return 0;
  }
  writeTree(root, files, owned);
  console.log(`wrote ${files.length} files under ${path.relative(process.cwd(), root) || '.'} in ${Date.now() - started} ms`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`gen: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
