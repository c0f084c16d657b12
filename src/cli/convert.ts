/**
 * `siemkit convert --to ocsf|ecs [FILE|-]`: canonical events in, one mapped record per line out.
 * Each input record is validated first; an invalid one is reported on stderr as
 * `event N: /path: code: message` and skipped, never mapped half-way. Exit 0 only if every record
 * converted.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { toEcs } from '../mappers/ecs/index.js';
import { toOcsf } from '../mappers/ocsf/index.js';
import { validateEvent } from '../validate/canonical.js';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { CliIo } from './io.js';
import { eachRecord } from './input.js';
import type { ProductFlags, ProductIdentity } from './product.js';
import { resolveProduct } from './product.js';

export const CONVERT_TARGETS = ['ocsf', 'ecs'] as const;
export type ConvertTarget = (typeof CONVERT_TARGETS)[number];

function converter(to: ConvertTarget, product: ProductIdentity): (e: CanonicalEvent) => unknown {
  switch (to) {
    case 'ocsf':
      return (e) => toOcsf(e, { product });
    case 'ecs':
      return (e) => toEcs(e);
  }
}

export async function runConvert(file: string | undefined, options: { to: ConvertTarget } & ProductFlags, io: CliIo): Promise<number> {
  const convert = converter(options.to, resolveProduct(options));
  const { total, failed } = await eachRecord(file, io, (value, index) => {
    const result = validateEvent(value);
    if (!result.valid) {
      for (const f of result.errors) io.stderr.write(`event ${index}: ${f.path || '/'}: ${f.code}: ${f.message}\n`);
      return false;
    }
    io.stdout.write(`${JSON.stringify(convert(value as CanonicalEvent))}\n`);
    return true;
  });
  io.stderr.write(`${total - failed} of ${total} event${total === 1 ? '' : 's'} converted to ${options.to.toUpperCase()}\n`);
  return failed === 0 && total > 0 ? 0 : 1;
}

/** The product flags that convert and the later format commands share. */
export function addProductOptions(command: Command): Command {
  return command
    .option('--vendor <name>', 'vendor name stamped on events (OCSF metadata.product.vendor_name)')
    .option('--product <name>', 'product name stamped on events')
    .option('--product-version <version>', 'product version stamped on events')
    .option('--config <file>', 'read the product identity from a siemkit configuration file (YAML or JSON)');
}

export function registerConvert(program: Command, io: CliIo, exit: (code: number) => void): void {
  const command = program
    .command('convert')
    .description('convert canonical events (NDJSON or a JSON array) to another format, one record per line')
    .argument('[file]', 'input file, or - for stdin', '-')
    .addOption(new Option('--to <format>', 'target format').choices(CONVERT_TARGETS).makeOptionMandatory());
  addProductOptions(command).action(async (file: string, opts: { to: ConvertTarget } & ProductFlags) => exit(await runConvert(file, opts, io)));
}
