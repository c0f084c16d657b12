/**
 * Stage 1, load: reads a raw OCSF schema repository (the layout of ocsf/ocsf-schema) into memory,
 * as a map from repository-relative path to parsed JSON. Nothing is interpreted here, so the
 * resolve stage can be tested on small in-memory repositories.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Parsed JSON files of one schema repository, keyed by forward-slash relative path. */
export type RawRepository = ReadonlyMap<string, unknown>;

const FOLDERS = ['events', 'objects', 'profiles', 'includes', 'extensions'];
const FILES = ['version.json', 'dictionary.json', 'categories.json'];

function walk(dir: string, rel: string, out: Map<string, unknown>): void {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const relPath = rel === '' ? name : `${rel}/${name}`;
    if (statSync(full).isDirectory()) walk(full, relPath, out);
    else if (name.endsWith('.json')) out.set(relPath, parseJson(full, relPath));
  }
}

function parseJson(full: string, rel: string): unknown {
  try {
    return JSON.parse(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new Error(`OCSF schema file ${rel} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Loads the schema repository at `dir`. Throws a clear error when `dir` is not an OCSF schema
 * checkout (no `dictionary.json`), naming the folder and how to choose another one.
 */
export function loadRepository(dir: string): RawRepository {
  if (!existsSync(path.join(dir, 'dictionary.json')) || !existsSync(path.join(dir, 'version.json'))) {
    throw new Error(
      `no OCSF schema at ${dir} (expected dictionary.json and version.json there): ` +
        'pass --schema-dir DIR pointing at a checkout of the ocsf-schema repository',
    );
  }
  const out = new Map<string, unknown>();
  for (const f of FILES) out.set(f, parseJson(path.join(dir, f), f));
  for (const folder of FOLDERS) {
    const full = path.join(dir, folder);
    if (existsSync(full)) walk(full, folder, out);
  }
  return out;
}
