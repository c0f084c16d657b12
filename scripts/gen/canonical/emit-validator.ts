/**
 * Stage 2: `validator.ts`, the event schema compiled once, at generation time, by Ajv's standalone
 * code generator (https://ajv.js.org/standalone.html), so `validateEvent` never compiles anything.
 *
 * Options: draft 2020-12, `allErrors` (every problem, not the first), `verbose` (errors carry the
 * value and the schema, for findings that name both), the formats of `schemas/formats/index.ts`
 * (strict RFC 3339 `date-time`, fast `ipv4`/`ipv6`, `email`), ES module output.
 *
 * Ajv's ES module output still holds CommonJS `require(...)` calls for the code it shares between
 * validators (ajv#1976, ajv#2209), so the text is adjusted here rather than at run time:
 *  - formats are read from a named import of `CANONICAL_FORMATS` (set through Ajv's `code.formats`);
 *  - `require("ajv/dist/runtime/ucs2length").default`, the string length in code points, becomes
 *    `schemas/formats/code-points.ts`'s `codePointLength`, the same count;
 *  - Ajv's exports are replaced by one typed function.
 * Any other `require` is an error here: a new Ajv release must be looked at, not shipped blindly.
 */
import { _ } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { CANONICAL_FORMATS } from '../../../schemas/formats/index.js';
import type { GeneratedFile } from '../output.js';
import { tsBanner } from '../output.js';
import type { JsonSchema } from './json-schema.js';

/** The formats the canonical schemas use; the validator fails to compile on any other. */
export const FORMATS = Object.keys(CANONICAL_FORMATS) as (keyof typeof CANONICAL_FORMATS)[];

const UCS2LENGTH_REQUIRE = 'require("ajv/dist/runtime/ucs2length").default';


/** Ajv's standalone module text for `schema`. */
export function standaloneSource(schema: JsonSchema): string {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    // Strict about everything but `required` inside `anyOf` alternatives (`payload.role` or
    // `payload.privileges`), which is the JSON Schema idiom for "one of these members".
    strict: true,
    strictTypes: true,
    strictRequired: false,
    code: { source: true, esm: true, lines: true, formats: _`canonicalFormats` },
  });
  for (const name of FORMATS) ajv.addFormat(name, CANONICAL_FORMATS[name]);
  return standaloneCode.default(ajv, ajv.compile(schema));
}

/** Turns Ajv's module text into a TypeScript module with one typed export. */
export function wrapStandalone(source: string, options: { script: string; input: string; exportName: string; doc: string }): string {
  const header = /^"use strict";\nexport const validate = (validate\d+);\nexport default \1;\n/.exec(source);
  if (header === null) throw new Error(`unexpected Ajv standalone output (header): ${source.slice(0, 120)}`);
  const name = header[1] as string;
  let body = source.slice(header[0].length);
  body = body.split(UCS2LENGTH_REQUIRE).join('ucs2length');
  // Counting code points walks the whole string; its UTF-16 length bounds the count from both
  // sides (n/2 <= code points <= n), so most strings are decided without the walk.
  body = body.replace(/if\(func1\((data\d*)\) > (\d+)\)\{/g, 'if($1.length > $2 && func1($1) > $2){');
  body = body.replace(/if\(func1\((data\d*)\) < (\d+)\)\{/g, 'if($1.length < 2 * $2 && func1($1) < $2){');
  const leftover = /require\([^)]*\)/.exec(body);
  if (leftover !== null) throw new Error(`Ajv standalone output needs ${leftover[0]}: teach scripts/gen/canonical/emit-validator.ts to import it`);
  return [
    tsBanner(options.script, options.input).trimEnd(),
    "/* eslint-disable @typescript-eslint/ban-ts-comment, no-var, prefer-const -- Ajv's standalone output is untyped JavaScript */",
    '// @ts-nocheck',
    '',
    "import type { ErrorObject } from 'ajv';",
    "import { codePointLength as ucs2length } from '../../schemas/formats/code-points.js';",
    "import { CANONICAL_FORMATS as canonicalFormats } from '../../schemas/formats/index.js';",
    '',
    body.trimEnd(),
    '',
    options.doc,
    `export function ${options.exportName}(value: unknown): ErrorObject[] | null {`,
    `  return ${name}(value) ? null : (${name}.errors as ErrorObject[]);`,
    '}',
    '',
  ].join('\n');
}

export function emitValidator(schema: JsonSchema, outDir: string, script: string): GeneratedFile {
  const content = wrapStandalone(standaloneSource(schema), {
    script,
    input: `${outDir}/event.schema.json`,
    exportName: 'validateCanonicalEventSchema',
    doc: [
      '/**',
      ' * Checks a value against `event.schema.json` (the canonical event, contract v1, with the',
      " * per-category rules). Returns Ajv's errors (`allErrors`, `verbose`), or null when it matches.",
      ' */',
    ].join('\n'),
  });
  return { path: `${outDir}/validator.ts`, content };
}
