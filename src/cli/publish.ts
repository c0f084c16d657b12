/**
 * `siemkit publish --config FILE [--input FILE|-]`: publishes canonical events to the stream of
 * `inputs.jetstream` (src/delivery/jetstream/publisher.ts), for producers in other languages and
 * for tests. Each invalid record is printed as `event N: /path: code: message` and not published;
 * the exit code is 0 only if every record was published (a duplicate inside the stream's window
 * counts as published: the stream already has it). Prints a JSON summary on stdout.
 */
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { emitRecords } from '../delivery/inputs/emit-records.js';
import { readNdjson } from '../delivery/inputs/ndjson-stream.js';
import type { Publisher } from '../delivery/jetstream/publisher.js';
import { createPublisher } from '../delivery/jetstream/publisher.js';
import { rejectionLine } from './forward.js';
import type { CliIo } from './io.js';
import { loadJetStreamConfig } from './jetstream.js';

export async function runPublish(options: { config: string; input?: string }, io: CliIo): Promise<number> {
  const loaded = loadJetStreamConfig(options.config, io);
  if (loaded === undefined) return 2;
  const js = loaded.jetstream;
  let publisher: Publisher | undefined;
  let published = 0;
  let duplicates = 0;
  try {
    publisher = await createPublisher({ servers: js.servers, stream: js.stream, subjectPrefix: js.subject_prefix });
    const p = publisher;
    const sink = {
      async emit(events: readonly unknown[]) {
        const result = await p.publish(events);
        published += result.published;
        duplicates += result.duplicates.length;
        return { accepted: result.published + result.duplicates.length, rejected: result.rejected };
      },
    };
    const stream = options.input === undefined || options.input === '-' ? io.stdin : createReadStream(options.input);
    const totals = await emitRecords(readNdjson(stream as AsyncIterable<Uint8Array>), sink, { onRejected: (r) => void io.stderr.write(rejectionLine(r)) });
    io.stdout.write(`${JSON.stringify({ records: totals.records, published, duplicates, rejected: totals.rejected })}\n`);
    return totals.rejected === 0 ? 0 : 1;
  } catch (err) {
    io.stderr.write(`siemkit: publish: ${(err as Error).message} (${published} published before it)\n`);
    return 1;
  } finally {
    await publisher?.close();
  }
}

export function registerPublish(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('publish')
    .description('validate canonical events and publish them to the JetStream stream of inputs.jetstream')
    .requiredOption('--config <file>', 'configuration file (YAML or JSON) with inputs.jetstream')
    .option('--input <file>', 'NDJSON or JSON array of canonical events, or - for stdin (default)')
    .action(async (opts: { config: string; input?: string }) => exit(await runPublish(opts, io)));
}
