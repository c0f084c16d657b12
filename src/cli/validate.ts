/**
 * `siemkit validate [--schema canonical|ocsf|ecs] [FILE|-]`: validates every record of an NDJSON
 * file (or a JSON array) and reports per record, on stderr, `event N: /path: code: message`, then a
 * summary. The schema defaults to `canonical`, the events siemkit itself takes in (DESIGN.md §4).
 * With `--format json` each record's findings go to stdout as one JSON line instead. The exit code
 * is 0 only when every record is valid (warnings do not count).
 *
 * A JSON pointer may hold any character a key holds; in the text output, control characters in
 * paths are written as `\uXXXX` so that one finding stays one line (the JSON output keeps them).
 *
 * Missing recommended OCSF attributes are many on most real events, so the text output counts them
 * in the summary and lists them only with `--recommended`; the JSON output always has them.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Finding, ValidationResult } from '../validate/finding.js';
import { validateEvent } from '../validate/canonical.js';
import { validateEcs } from '../validate/ecs.js';
import { validateOcsf } from '../validate/ocsf.js';
import type { CliIo } from './io.js';
import { readRecords } from './input.js';

export const SCHEMAS = ['canonical', 'ocsf', 'ecs'] as const;
export type SchemaName = (typeof SCHEMAS)[number];

/** `--schema` when none is given. */
export const DEFAULT_SCHEMA: SchemaName = 'canonical';

/** How the summary names each schema. */
const SCHEMA_LABELS: Readonly<Record<SchemaName, string>> = { canonical: 'the canonical event contract v1', ocsf: 'OCSF', ecs: 'ECS' };

export interface ValidateOptions {
  readonly schema: SchemaName;
  readonly format: 'text' | 'json';
  readonly warnings: boolean;
  /** List missing recommended attributes in the text output (they are always counted). */
  readonly recommended: boolean;
  readonly nullSatisfiesConstraints: boolean;
}

function validatorFor(options: ValidateOptions): (record: unknown) => ValidationResult {
  switch (options.schema) {
    case 'canonical':
      return (r) => validateEvent(r);
    case 'ocsf':
      return (r) => validateOcsf(r, { nullSatisfiesConstraints: options.nullSatisfiesConstraints });
    case 'ecs':
      return (r) => validateEcs(r);
  }
}

/** Control characters (C0, DEL, C1, U+2028/9) as `\uXXXX`. */
const printable = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const line = (index: number, f: Finding, level: string): string => `event ${index}: ${printable(f.path) || '/'}: ${level}${f.code}: ${printable(f.message)}`;

/** Runs the command; returns the exit code. */
export async function runValidate(file: string | undefined, options: ValidateOptions, io: CliIo): Promise<number> {
  const validate = validatorFor(options);
  let total = 0;
  let invalid = 0;
  let errorCount = 0;
  let warningCount = 0;
  let recommendedCount = 0;
  for await (const record of readRecords(file, io.stdin)) {
    total += 1;
    const result: ValidationResult =
      record.error !== undefined ? { valid: false, errors: [{ code: 'json_invalid', path: '', message: record.error }], warnings: [] } : validate(record.value);
    const warnings = options.warnings ? result.warnings : [];
    if (!result.valid) invalid += 1;
    errorCount += result.errors.length;
    warningCount += warnings.length;
    if (options.format === 'json') {
      io.stdout.write(`${JSON.stringify({ event: record.index, valid: result.valid, errors: result.errors, warnings })}\n`);
    } else {
      for (const f of result.errors) io.stderr.write(`${line(record.index, f, '')}\n`);
      for (const f of warnings) {
        if (f.code === 'attribute_recommended_missing') {
          recommendedCount += 1;
          if (!options.recommended) continue;
        }
        io.stderr.write(`${line(record.index, f, 'warning ')}\n`);
      }
    }
  }
  const summary =
    `${total} event${total === 1 ? '' : 's'} checked against ${SCHEMA_LABELS[options.schema]}: ` +
    `${total - invalid} valid, ${invalid} invalid (${errorCount} error${errorCount === 1 ? '' : 's'}, ${warningCount} warning${warningCount === 1 ? '' : 's'})` +
    (recommendedCount > 0 && !options.recommended ? `; ${recommendedCount} of the warnings are missing recommended attributes (--recommended lists them)` : '');
  io.stderr.write(`${summary}\n`);
  return invalid === 0 && total > 0 ? 0 : 1;
}

export function registerValidate(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('validate')
    .description('validate events (NDJSON or a JSON array) against a schema; exit 0 only if all are valid')
    .argument('[file]', 'input file, or - for stdin', '-')
    .addOption(new Option('--schema <schema>', 'schema to validate against').choices(SCHEMAS).default(DEFAULT_SCHEMA))
    .addOption(new Option('--format <format>', 'text findings on stderr, or JSON lines on stdout').choices(['text', 'json']).default('text'))
    .option('--no-warnings', 'report errors only')
    .option('--recommended', 'list missing recommended attributes too (text output counts them only)', false)
    .option('--null-satisfies-constraints', 'count null-valued keys as present for OCSF at_least_one/just_one (the OCSF server reading)', false)
    .action(async (file: string, opts: ValidateOptions) => exit(await runValidate(file, opts, io)));
}
