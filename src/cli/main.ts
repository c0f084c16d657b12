#!/usr/bin/env node
/**
 * The `siemkit` command line. Each command lives in its own file and registers itself here.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CliIo } from './io.js';
import { processIo } from './io.js';
import { registerConvert } from './convert.js';
import { registerDlq } from './dlq.js';
import { registerForward } from './forward.js';
import { registerJetStream } from './jetstream.js';
import { registerOcsf } from './ocsf.js';
import { registerParse } from './parse.js';
import { registerPreview } from './preview.js';
import { registerPublish } from './publish.js';
import { registerSamples } from './samples.js';
import { registerSentinel } from './sentinel-lint.js';
import { registerTest } from './test-destination.js';
import { registerValidate } from './validate.js';

function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (a checkout runs src/, an install runs dist/src/)
    }
  }
  return '0.0.0';
}

/** Builds the program; `exit` receives each command's exit code. */
export function buildProgram(io: CliIo, exit: (code: number) => void): Command {
  const program = new Command('siemkit')
    .description('Typed security audit events: validate, convert and deliver them to SIEMs.')
    .version(packageVersion())
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError()
    // Usage errors throw instead of exiting, so runCli maps them to exit code 2 (set before the
    // subcommands are added: they copy this setting when they are created).
    .exitOverride();
  registerValidate(program, io, exit);
  registerConvert(program, io, exit);
  registerParse(program, io, exit);
  registerOcsf(program, io, exit);
  registerForward(program, io, exit);
  registerPublish(program, io, exit);
  registerJetStream(program, io, exit);
  registerTest(program, io, exit);
  registerPreview(program, io, exit);
  registerDlq(program, io, exit);
  registerSamples(program, io, exit);
  registerSentinel(program, io, exit);
  return program;
}

/** Runs the command line with these arguments (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    const e = err as { exitCode?: number; code?: string };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    if (typeof e.exitCode === 'number') return e.exitCode === 0 ? 0 : 2;
    io.stderr.write(`siemkit: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  return code;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly || process.argv[1]?.endsWith('/siemkit')) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
