/**
 * The OCSF generator: load -> resolve -> IR -> emitters, into `generated/ocsf/<version>/`.
 *
 *   ir.json          the resolved schema (facts only), so a schema bump reads as a diff
 *   validator.ts     the compiled validator functions (see emit-validator.ts)
 *   version.ts       the schema version, for code that needs nothing else
 *   types/           profile-aware TypeScript types of every class and object (see emit-types.ts)
 *   json-schema/     one JSON Schema (2020-12) per class (see emit-json-schema.ts)
 */
import path from 'node:path';
import { OCSF_PIN } from '../../../schemas/upstream/pins.js';
import type { GeneratedFile, Generator, GeneratorOptions } from '../output.js';
import { jsonBanner, jsonText, tsBanner } from '../output.js';
import { emitJsonSchemas } from './emit-json-schema.js';
import { emitTypes } from './emit-types.js';
import { emitValidator } from './emit-validator.js';
import type { Ir } from '../../../schemas/ocsf/ir.js';
import { loadRepository } from './load.js';
import type { ResolveOptions } from './resolve.js';
import { resolve } from './resolve.js';

/** The folder of the OCSF schema repository to compile: `--schema-dir`, or the pinned default data set. */
export function ocsfSchemaDir(options: GeneratorOptions): string {
  return options.dirs.ocsf ?? path.join(options.schemasDir, OCSF_PIN.dataset);
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
    ...emitJsonSchemas(ir, outDir),
    { path: `${outDir}/version.ts`, content: `${tsBanner('scripts/gen/ocsf/index.ts', source)}export const OCSF_VERSION = ${JSON.stringify(ir.version)};\n` },
  ];
}

export const ocsfGenerator: Generator = {
  name: 'ocsf',
  owns: ['generated/ocsf'],
  run(options) {
    const ir = compileOcsf(ocsfSchemaDir(options), { extensions: options.ocsfExtensions ?? 'all' });
    // The default data set must be the pinned version; a user's own checkout (--schema-dir) may be any.
    if (options.dirs.ocsf === undefined && ir.version !== OCSF_PIN.version) {
      throw new Error(`the OCSF data set declares version ${ir.version} but schemas/upstream/pins.ts pins ${OCSF_PIN.version}`);
    }
    return emitOcsf(ir);
  },
};
