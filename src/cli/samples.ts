/**
 * `siemkit samples --for sentinel|splunk|elastic|datadog|sumo --out DIR [--format ocsf|ecs|canonical]
 * [--types a,b] [--count N] [--seed S] [--now ISO]`, and for Sentinel `[--name NAME]
 * [--nested dynamic|flatten] [--depth N]`: writes the sample records and the SIEM's setup files
 * (issue 7, src/samples/targets.ts) into DIR. The same options write the same bytes. Exit 0 when the
 * files are written, 2 for a bad option.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { DEFAULT_SAMPLE_COUNT, DEFAULT_SAMPLE_NOW, DEFAULT_SAMPLE_SEED, SAMPLE_ACTIONS } from '../samples/events.js';
import type { SampleFormat } from '../samples/records.js';
import { SAMPLE_FORMATS } from '../samples/records.js';
import type { NestedMode } from '../samples/sentinel/layout.js';
import type { SampleTarget, SampleTargetName } from '../samples/targets.js';
import { SAMPLE_TARGET_NAMES, SAMPLE_TARGETS, sampleTarget } from '../samples/targets.js';
import type { CliIo } from './io.js';

export interface SamplesOptions {
  readonly for: SampleTargetName;
  readonly out: string;
  readonly format: SampleFormat;
  readonly types?: string;
  readonly count: string;
  readonly seed: string;
  readonly now: string;
  readonly name?: string;
  readonly nested: NestedMode;
  readonly depth: string;
}

function integer(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new RangeError(`${flag} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

export function runSamples(options: SamplesOptions, io: CliIo): number {
  let files: Readonly<Record<string, string>>;
  try {
    const types = options.types?.split(',').map((t) => t.trim()).filter((t) => t !== '');
    const target = sampleTarget(options.for) as SampleTarget;
    files = target.files({
      format: options.format,
      count: integer(options.count, '--count'),
      seed: options.seed,
      now: options.now,
      nested: options.nested,
      depth: integer(options.depth, '--depth'),
      ...(types !== undefined ? { types } : {}),
      ...(options.name !== undefined ? { name: options.name } : {}),
    }).files;
  } catch (err) {
    io.stderr.write(`siemkit samples: ${(err as Error).message}\n`);
    return 2;
  }
  mkdirSync(options.out, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(options.out, name), content);
    io.stdout.write(`${path.join(options.out, name)}\n`);
  }
  return 0;
}

export function registerSamples(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('samples')
    .description(`write sample events and a SIEM's setup files (${SAMPLE_TARGETS.map((t) => `${t.name}: ${t.writes}`).join('; ')})`)
    .addOption(new Option('--for <siem>', 'the SIEM to set up').choices(SAMPLE_TARGET_NAMES).makeOptionMandatory())
    .requiredOption('--out <dir>', 'directory to write the files into (created if missing)')
    .addOption(new Option('--format <format>', 'record format').choices(SAMPLE_FORMATS).default('ocsf'))
    .option('--types <actions>', `comma-separated built-in event types (default: all ${SAMPLE_ACTIONS.length})`)
    .option('--count <n>', 'events per type', String(DEFAULT_SAMPLE_COUNT))
    .option('--seed <seed>', 'random seed: the same seed writes the same files', DEFAULT_SAMPLE_SEED)
    .option('--now <iso>', 'sample times fall in the hour before this instant', DEFAULT_SAMPLE_NOW)
    .option('--name <name>', 'sentinel: custom table name without _CL (default Siemkit<Format>)')
    .addOption(new Option('--nested <mode>', 'sentinel: objects as one dynamic column, or flattened into columns').choices(['dynamic', 'flatten']).default('dynamic'))
    .option('--depth <n>', 'sentinel, with --nested flatten: object levels given their own columns', '1')
    .action((opts: SamplesOptions) => exit(runSamples(opts, io)));
}
