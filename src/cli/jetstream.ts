/**
 * `siemkit jetstream setup --config FILE`: creates or updates the stream of `inputs.jetstream` and
 * one durable pull consumer per destination (src/delivery/jetstream/setup.ts), idempotently, and
 * prints what it did as JSON. Run it before the first producer publishes: with `retention:
 * interest`, a message published while no consumer exists is kept for no one.
 */
import type { Command } from 'commander';
import type { JetStreamConnection } from '../delivery/jetstream/connection.js';
import { connectJetStream } from '../delivery/jetstream/connection.js';
import { setupJetStream } from '../delivery/jetstream/setup.js';
import type { ForwarderConfig } from '../delivery/config/load.js';
import type { JetStreamInputConfig } from '../delivery/config/schema.js';
import { loadConfigOrReport } from './forward.js';
import type { CliIo } from './io.js';

/** The configuration and its `inputs.jetstream`, or undefined (reported; exit 2). */
export function loadJetStreamConfig(file: string, io: CliIo): { config: ForwarderConfig; jetstream: JetStreamInputConfig } | undefined {
  const config = loadConfigOrReport(file, io);
  if (config === undefined) return undefined;
  if (config.inputs.jetstream === undefined) {
    io.stderr.write(`siemkit: ${file}: this command needs inputs.jetstream (servers, stream, subject_prefix)\n`);
    return undefined;
  }
  return { config, jetstream: config.inputs.jetstream };
}

export async function runJetStreamSetup(options: { config: string }, io: CliIo): Promise<number> {
  const loaded = loadJetStreamConfig(options.config, io);
  if (loaded === undefined) return 2;
  let connection: JetStreamConnection | undefined;
  try {
    connection = await connectJetStream({ servers: loaded.jetstream.servers, name: 'siemkit jetstream setup' });
    const result = await setupJetStream(connection.jsm, loaded.jetstream, loaded.config.destinations);
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`siemkit: jetstream setup: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await connection?.close();
  }
}

export function registerJetStream(program: Command, io: CliIo, exit: (code: number) => void): void {
  const jetstream = program.command('jetstream').description('manage the NATS JetStream stream and consumers of inputs.jetstream');
  jetstream
    .command('setup')
    .description('create or update the stream and one durable consumer per destination (idempotent)')
    .requiredOption('--config <file>', 'configuration file (YAML or JSON) with inputs.jetstream')
    .action(async (opts: { config: string }) => exit(await runJetStreamSetup(opts, io)));
}
