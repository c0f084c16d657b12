/**
 * `siemkit test --config FILE --destination NAME`: sends one synthetic event, marked as a test,
 * straight to the destination and prints its answer (the "Test" button). It needs no data
 * directory lock, so it works beside a running `siemkit forward`.
 */
import type { Command } from 'commander';
import { sendTestEvent, TEST_TENANT, testEvent } from '../delivery/test-event.js';
import type { CliIo } from './io.js';
import { openNamedDestination } from './named-destination.js';

export async function runTest(options: { config: string; destination: string }, io: CliIo): Promise<number> {
  const opened = openNamedDestination(options, io);
  if (opened === 2) return 2;
  const { dc, destination, redactor } = opened;
  try {
    const result = await sendTestEvent(destination, testEvent(dc.name, dc.tenants?.[0] ?? TEST_TENANT, Date.now()), dc.timeout_ms, (s) => redactor.redactMessage(s));
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await destination.close();
  }
}

export function registerTest(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('test')
    .description('send one synthetic test event to a destination and print its answer')
    .requiredOption('--config <file>', 'configuration file (YAML or JSON)')
    .requiredOption('--destination <name>', 'destination name')
    .action(async (opts: { config: string; destination: string }) => exit(await runTest(opts, io)));
}
