/**
 * `siemkit parse --from ocsf|ecs [FILE|-]`: records of another format in, canonical events out.
 * A record that cannot be mapped back, or maps to an invalid canonical event, is reported on
 * stderr as `event N: /path: code: message` and skipped. Exit 0 only if every record parsed.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { fromEcs } from '../mappers/ecs/index.js';
import { fromOcsf } from '../mappers/ocsf/index.js';
import { validateEvent } from '../validate/canonical.js';
import type { CliIo } from './io.js';
import { eachRecord } from './input.js';

export const PARSE_SOURCES = ['ocsf', 'ecs'] as const;
export type ParseSource = (typeof PARSE_SOURCES)[number];

const PARSERS: Readonly<Record<ParseSource, (record: unknown) => unknown>> = {
  ocsf: (r) => fromOcsf(r),
  ecs: (r) => fromEcs(r),
};

/** A mapper's typed error carries the path of the field it could not map. */
function describe(err: unknown): { path: string; message: string } {
  const e = err as { path?: unknown; message?: unknown };
  return { path: typeof e.path === 'string' && e.path !== '' ? e.path : '/', message: typeof e.message === 'string' ? e.message : String(err) };
}

export async function runParse(file: string | undefined, options: { from: ParseSource }, io: CliIo): Promise<number> {
  const parse = PARSERS[options.from];
  const { total, failed } = await eachRecord(file, io, (value, index) => {
    let event: unknown;
    try {
      event = parse(value);
    } catch (err) {
      const { path, message } = describe(err);
      io.stderr.write(`event ${index}: ${path}: mapping_failed: ${message}\n`);
      return false;
    }
    const result = validateEvent(event);
    if (!result.valid) {
      for (const f of result.errors) io.stderr.write(`event ${index}: ${f.path || '/'}: ${f.code}: ${f.message} (in the canonical event parsed back)\n`);
      return false;
    }
    io.stdout.write(`${JSON.stringify(event)}\n`);
    return true;
  });
  io.stderr.write(`${total - failed} of ${total} record${total === 1 ? '' : 's'} parsed from ${options.from.toUpperCase()}\n`);
  return failed === 0 && total > 0 ? 0 : 1;
}

export function registerParse(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('parse')
    .description('parse records of another format back into canonical events, one per line')
    .argument('[file]', 'input file, or - for stdin', '-')
    .addOption(new Option('--from <format>', 'source format').choices(PARSE_SOURCES).makeOptionMandatory())
    .action(async (file: string, opts: { from: ParseSource }) => exit(await runParse(file, opts, io)));
}
