/**
 * `siemkit convert --to ocsf|ecs|cef|leef|syslog5424|syslog3164 [FILE|-]`: canonical events in,
 * one record per line out (JSON documents, or lines of the wire formats, LF-terminated).
 * Each input record is validated first; an invalid one is reported on stderr as
 * `event N: /path: code: message` and skipped, never mapped half-way. Exit 0 only if every record
 * converted.
 */
import type { Command } from 'commander';
import { hostname } from 'node:os';
import { InvalidArgumentError, Option } from 'commander';
import type { RecordFormat, RecordFormatName } from '../formats/record-format.js';
import { RECORD_FORMAT_NAMES, recordFormat } from '../formats/record-format.js';
import type { SyslogBody } from '../formats/syslog/index.js';
import { SYSLOG_BODIES } from '../formats/syslog/index.js';
import { validateEvent } from '../validate/canonical.js';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { CliIo } from './io.js';
import { eachRecord } from './input.js';
import type { ProductFlags, ProductIdentity } from './product.js';
import { resolveProduct } from './product.js';

/** Every record format but canonical itself (src/formats/record-format.ts). */
export const CONVERT_TARGETS = RECORD_FORMAT_NAMES.filter((n) => n !== 'canonical');
export type ConvertTarget = Exclude<RecordFormatName, 'canonical'>;

/** Options of the line formats: the syslog header and body, the LEEF delimiter. */
export interface FormatFlags {
  readonly facility?: number;
  readonly enterpriseNumber?: number;
  readonly hostname?: string;
  readonly procid?: string;
  readonly body?: SyslogBody;
  readonly leefDelimiter?: string;
}

function converter(to: ConvertTarget, product: ProductIdentity, flags: FormatFlags): (e: CanonicalEvent) => string {
  const format = recordFormat(to) as RecordFormat;
  return format.encoder({
    product,
    ...(flags.leefDelimiter !== undefined ? { leefDelimiter: flags.leefDelimiter } : {}),
    syslog: {
      hostname: flags.hostname ?? hostname(),
      ...(flags.facility !== undefined ? { facility: flags.facility } : {}),
      ...(flags.enterpriseNumber !== undefined ? { enterpriseNumber: flags.enterpriseNumber } : {}),
      ...(flags.procid !== undefined ? { procId: flags.procid } : {}),
      ...(flags.body !== undefined ? { body: flags.body } : {}),
    },
  });
}

export async function runConvert(file: string | undefined, options: { to: ConvertTarget } & ProductFlags & FormatFlags, io: CliIo): Promise<number> {
  let convert: (e: CanonicalEvent) => string;
  try {
    convert = converter(options.to, resolveProduct(options), options);
  } catch (err) {
    io.stderr.write(`siemkit: ${(err as Error).message}\n`);
    return 2;
  }
  const { total, failed } = await eachRecord(file, io, (value, index) => {
    const result = validateEvent(value);
    if (!result.valid) {
      for (const f of result.errors) io.stderr.write(`event ${index}: ${f.path || '/'}: ${f.code}: ${f.message}\n`);
      return false;
    }
    io.stdout.write(`${convert(value as CanonicalEvent)}\n`);
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

const integer = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('not a whole number');
  return Number(v);
};

/** The options of the line formats (syslog header and body, LEEF delimiter). */
export function addFormatOptions(command: Command): Command {
  return command
    .option('--facility <n>', 'syslog facility 0-23 (default 13, log audit)', integer)
    .option('--enterprise-number <n>', 'IANA enterprise number of the RFC 5424 SD-ID siemkit@N (default 32473)', integer)
    .option('--hostname <name>', 'syslog HOSTNAME (default: this machine)')
    .option('--procid <id>', 'syslog PROCID')
    .addOption(new Option('--body <format>', 'syslog message body').choices(SYSLOG_BODIES))
    .option('--leef-delimiter <char>', 'LEEF 2.0 delimiter: one character or xHH (default tab)');
}

export function registerConvert(program: Command, io: CliIo, exit: (code: number) => void): void {
  const command = program
    .command('convert')
    .description('convert canonical events (NDJSON or a JSON array) to another format, one record per line')
    .argument('[file]', 'input file, or - for stdin', '-')
    .addOption(new Option('--to <format>', 'target format').choices(CONVERT_TARGETS).makeOptionMandatory());
  addProductOptions(command);
  addFormatOptions(command).action(async (file: string, opts: { to: ConvertTarget } & ProductFlags & FormatFlags) => exit(await runConvert(file, opts, io)));
}
