/**
 * `siemkit sentinel lint --dcr dcr.json [--stream NAME] [--now ISO] [--strict] [FILE|-]`: checks
 * records (NDJSON or a JSON array, as `siemkit samples` writes them) against a data collection
 * rule's stream declaration, as the Sentinel destination does before sending
 * (src/destinations/sentinel/dcr-lint.ts). One line per finding on stderr:
 * `record N: field: severity code: reason` (N counts from 1, as `siemkit validate` counts events).
 *
 * Exit 0 when no record has an error (warnings: Azure Monitor keeps the row, altered), 1 when one
 * has (with `--strict`, also for warnings), 2 when the DCR or the options cannot be used.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { DcrLintFinding, DcrStream } from '../destinations/sentinel/dcr-lint.js';
import { dcrStreams, lintRecord, transformRemovals } from '../destinations/sentinel/dcr-lint.js';
import type { CliIo } from './io.js';
import { readRecords } from './input.js';

export interface SentinelLintOptions {
  readonly dcr: string;
  readonly stream?: string;
  readonly now?: string;
  readonly strict: boolean;
}

function pickStream(file: string, stream: string | undefined): DcrStream {
  const streams = dcrStreams(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (stream !== undefined) {
    const found = streams.find((s) => s.name === stream);
    if (found === undefined) throw new Error(`${file} declares no stream "${stream}" (it declares ${streams.map((s) => s.name).join(', ')})`);
    return found;
  }
  if (streams.length > 1) throw new Error(`${file} declares ${streams.length} streams (${streams.map((s) => s.name).join(', ')}): choose one with --stream`);
  return streams[0] as DcrStream;
}

export async function runSentinelLint(file: string | undefined, options: SentinelLintOptions, io: CliIo): Promise<number> {
  let stream: DcrStream;
  let now = Date.now();
  try {
    stream = pickStream(options.dcr, options.stream);
    if (options.now !== undefined) {
      now = Date.parse(options.now);
      if (Number.isNaN(now)) throw new Error(`--now must be an ISO 8601 instant, got ${JSON.stringify(options.now)}`);
    }
  } catch (err) {
    io.stderr.write(`siemkit sentinel lint: ${(err as Error).message}\n`);
    return 2;
  }
  const removed = stream.transformKql !== undefined ? transformRemovals(stream.transformKql) : new Set<string>();
  let records = 0;
  let errors = 0;
  let warnings = 0;
  const failed = new Set<number>();
  for await (const record of readRecords(file, io.stdin)) {
    records += 1;
    const findings: DcrLintFinding[] =
      record.error !== undefined
        ? [{ index: record.index - 1, field: '', code: 'not_an_object', severity: 'error', message: record.error }]
        : lintRecord(record.value, record.index - 1, stream.declaration, { removedByTransform: removed, now });
    for (const f of findings) {
      if (f.severity === 'error') errors += 1;
      else warnings += 1;
      if (f.severity === 'error' || options.strict) failed.add(record.index);
      io.stderr.write(`record ${record.index}: ${f.field || '/'}: ${f.severity} ${f.code}: ${f.message}\n`);
    }
  }
  io.stderr.write(`${records} record${records === 1 ? '' : 's'} checked against ${stream.name}: ${records - failed.size} pass, ${failed.size} fail (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})\n`);
  return failed.size === 0 && records > 0 ? 0 : 1;
}

export function registerSentinel(program: Command, io: CliIo, exit: (code: number) => void): void {
  const sentinel = program.command('sentinel').description('Microsoft Sentinel tools');
  sentinel
    .command('lint')
    .description('check records against a DCR stream declaration: what Azure Monitor would drop or alter')
    .argument('[file]', 'records (NDJSON or a JSON array), or - for stdin', '-')
    .requiredOption('--dcr <file>', 'the DCR: an ARM template (siemkit samples dcr.json) or the rule as Azure returns it')
    .option('--stream <name>', 'the stream, when the DCR declares several')
    .option('--now <iso>', 'the receipt time for the TimeGenerated window (default: now)')
    .option('--strict', 'fail on warnings too', false)
    .action(async (file: string, opts: SentinelLintOptions) => exit(await runSentinelLint(file, opts, io)));
}
