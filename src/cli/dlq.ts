/**
 * `siemkit dlq inspect|replay --config FILE --destination NAME`: the dead letters of a destination
 * (or `_invalid`, the events that failed validation under `validation: dead_letter`).
 * `inspect` prints a summary as JSON; `replay` sends them again (src/delivery/replay.ts) and
 * exits 0 only if every record was delivered.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { DeadLetterFile, deadLetterPath, INVALID_EVENTS_DESTINATION } from '../delivery/dead-letter.js';
import { replayDeadLetters } from '../delivery/replay.js';
import { Redactor } from '../destinations/transport/redactor.js';
import { DEFAULT_DRAIN_TIMEOUT_MS, loadConfigOrReport } from './forward.js';
import type { CliIo } from './io.js';

interface DlqOptions {
  readonly config: string;
  readonly destination: string;
  readonly drainTimeoutMs: number;
}

export async function runDlq(command: 'inspect' | 'replay', options: DlqOptions, io: CliIo): Promise<number> {
  const config = loadConfigOrReport(options.config, io);
  if (config === undefined) return 2;
  const names = [...config.destinations.map((d) => d.name), INVALID_EVENTS_DESTINATION];
  if (!names.includes(options.destination)) {
    io.stderr.write(`siemkit: no destination named "${options.destination}" (${names.join(', ')})\n`);
    return 2;
  }
  const redactor = new Redactor();
  for (const s of config.secrets) redactor.add(s);
  try {
    if (command === 'inspect') {
      const summary = await new DeadLetterFile<unknown>(deadLetterPath(config.data_dir, options.destination), (s) => redactor.redact(s)).summary();
      io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return 0;
    }
    const result = await replayDeadLetters(config, options.destination, { drainTimeoutMs: options.drainTimeoutMs, log: (l) => void io.stderr.write(`${redactor.redactMessage(l)}\n`) });
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.still_invalid === 0 && result.dead_lettered_again === 0 && result.drained ? 0 : 1;
  } catch (err) {
    io.stderr.write(`siemkit: ${redactor.redactMessage((err as Error).message)}\n`);
    return 1;
  }
}

export function registerDlq(program: Command, io: CliIo, exit: (code: number) => void): void {
  const dlq = program.command('dlq').description('inspect or replay the dead letters of a destination');
  for (const name of ['inspect', 'replay'] as const) {
    dlq
      .command(name)
      .description(name === 'inspect' ? 'summarise the dead-letter file (counts by reason, status, action; time range)' : 'validate and send the dead letters again, removing what was queued')
      .requiredOption('--config <file>', 'configuration file (YAML or JSON)')
      .requiredOption('--destination <name>', `destination name, or ${INVALID_EVENTS_DESTINATION} for events that failed validation`)
      .addOption(new Option('--drain-timeout-ms <ms>', 'how long replay waits for delivery').default(DEFAULT_DRAIN_TIMEOUT_MS).argParser((v) => Number.parseInt(v, 10)))
      .action(async (opts: DlqOptions) => exit(await runDlq(name, opts, io)));
  }
}
