/**
 * The OCSF generator: load -> resolve -> IR -> emitters, into `generated/ocsf/<version>/`.
 *
 *   ir.json          the resolved schema (facts only), so a schema bump reads as a diff
 *   validator.ts     the compiled validator functions (see emit-validator.ts)
 *   version.ts       the schema version, for code that needs nothing else
 *   types/           profile-aware TypeScript types of every class and object (see emit-types.ts)
 */
import path from 'node:path';
import type { GeneratedFile, Generator, GeneratorOptions } from '../output.js';
import { jsonBanner, jsonText, tsBanner } from '../output.js';
import { emitTypes } from './emit-types.js';
import { emitValidator } from './emit-validator.js';
import type { Ir } from './ir.js';
import { loadRepository } from './load.js';
import type { ResolveOptions } from './resolve.js';
import { resolve } from './resolve.js';

/** The folder of the OCSF schema repository to compile: `--schema-dir`, or the default data set. */
export function ocsfSchemaDir(options: GeneratorOptions): string {
  return options.dirs.ocsf ?? path.join(options.schemasDir, 'ocsf-1.1.0');
}

/** Compiles a schema repository into its IR. */
export function compileOcsf(dir: string, options: ResolveOptions = {}): Ir {
  return resolve(loadRepository(dir), options);
}

/** Every file generated from one IR. */
export function emitOcsf(ir: Ir): GeneratedFile[] {
  const outDir = `generated/ocsf/${ir.version}`;
  const source = `OCSF ${ir.version}`;
  return [
    { path: `${outDir}/ir.json`, content: jsonText({ ...jsonBanner('scripts/gen/ocsf/index.ts', source), ...ir }) },
    emitValidator(ir, outDir),
    ...emitTypes(ir, outDir),
    { path: `${outDir}/version.ts`, content: `${tsBanner('scripts/gen/ocsf/index.ts', source)}export const OCSF_VERSION = ${JSON.stringify(ir.version)};\n` },
  ];
}

export const ocsfGenerator: Generator = {
  name: 'ocsf',
  owns: ['generated/ocsf'],
  run(options) {
    return emitOcsf(compileOcsf(ocsfSchemaDir(options), { extensions: options.ocsfExtensions ?? 'all' }));
  },
};
