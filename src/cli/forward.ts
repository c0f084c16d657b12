/**
 * `siemkit forward --config FILE [--input FILE|-] [--follow] [--drain-timeout-ms N]`: the runtime
 * (DESIGN.md §4, §5b). Reads canonical events from a file or stdin, a followed file, or the HTTP
 * ingest endpoint of the configuration, and delivers them to every configured destination.
 *
 * A finite input ends the command once every accepted event is delivered or dead-lettered (or the
 * drain timeout passes; what is left stays on disk for the next start). The exit code is 0 only if
 * every record was accepted and nothing was dead-lettered. With `--follow` or the HTTP input it
 * runs until SIGTERM/SIGINT: intake stops, the queues drain within the deadline, the rest stays on disk.
 * With `inputs.jetstream` the stream is the input, and the command runs until SIGTERM/SIGINT; a
 * finite `--input` is published to the stream, and the command ends once the destinations'
 * consumers are drained (docs/jetstream.md).
 *
 * On a machine with two cores or more, the queues and destinations run in a delivery thread of
 * their own (src/delivery/threaded-forwarder.ts) while this thread reads, validates and selects;
 * `--no-delivery-thread` keeps everything in one thread.
 */
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ForwarderConfig } from '../delivery/config/load.js';
import { ConfigError, loadConfigFile } from '../delivery/config/load.js';
import type { EmitResult, Forwarder } from '../delivery/forwarder.js';
import { createForwarder } from '../delivery/forwarder.js';
import type { StartDeliveryThread } from '../delivery/threaded-forwarder.js';
import { openThreadedForwarder, startDeliveryThread } from '../delivery/threaded-forwarder.js';
import type { RecordRejection } from '../delivery/inputs/emit-records.js';
import { emitRecords } from '../delivery/inputs/emit-records.js';
import { emitFollowedFile } from '../delivery/inputs/file-follow.js';
import type { HttpIngest } from '../delivery/inputs/http-ingest.js';
import { startHttpIngest } from '../delivery/inputs/http-ingest.js';
import { readNdjson } from '../delivery/inputs/ndjson-stream.js';
import { Redactor } from '../destinations/transport/redactor.js';
import type { CliIo } from './io.js';

export interface ForwardOptions {
  readonly config: string;
  readonly input?: string;
  readonly follow?: boolean;
  readonly drainTimeoutMs: number;
  /**
   * Queues and destinations in a delivery thread (src/delivery/threaded-forwarder.ts). Default:
   * with two cores or more, unless `inputs.jetstream` is set (its consumers run in-thread).
   */
  readonly deliveryThread?: boolean;
}

/** Shutdown signals; tests pass their own emitter. */
export interface SignalSource {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

/** Loads the configuration, printing its problems; undefined means exit 2. */
export function loadConfigOrReport(file: string, io: CliIo): ForwarderConfig | undefined {
  try {
    return loadConfigFile(file);
  } catch (err) {
    io.stderr.write(`siemkit: ${err instanceof ConfigError ? err.message : (err as Error).message}\n`);
    return undefined;
  }
}

/** `event N: /path: code: message`, one line per finding (DESIGN.md §4). */
export function rejectionLine(r: RecordRejection): string {
  return r.errors.map((e) => `event ${r.index}: ${e.path || '/'}: ${e.code}: ${e.message}\n`).join('');
}

/** Resolves at SIGTERM or SIGINT, or when `end` is called (the delivery thread stopped). */
function untilSignal(signals: SignalSource): { promise: Promise<string>; controller: AbortController; end: (reason: string) => void; dispose: () => void } {
  const controller = new AbortController();
  let dispose = (): void => {};
  let end = (_reason: string): void => {};
  const promise = new Promise<string>((resolve) => {
    const onTerm = (): void => finish('SIGTERM');
    const onInt = (): void => finish('SIGINT');
    function finish(name: string): void {
      controller.abort(new Error(name));
      resolve(name);
    }
    end = finish;
    signals.once('SIGTERM', onTerm);
    signals.once('SIGINT', onInt);
    dispose = () => {
      signals.off('SIGTERM', onTerm);
      signals.off('SIGINT', onInt);
    };
  });
  return { promise, controller, end: (reason) => end(reason), dispose };
}

/** `startThread`: how the delivery thread starts (tests keep the thread, to stop it as a crash would). */
export async function runForward(options: ForwardOptions, io: CliIo, signals: SignalSource = process, startThread: StartDeliveryThread = startDeliveryThread): Promise<number> {
  const config = loadConfigOrReport(options.config, io);
  if (config === undefined) return 2;
  if (options.follow === true && (options.input === undefined || options.input === '-')) {
    io.stderr.write('siemkit: --follow needs --input FILE (a file that grows)\n');
    return 2;
  }
  // With inputs.jetstream the stream is the input: the command consumes until a signal, and what
  // --input or the HTTP input brings is published to the stream (docs/jetstream.md).
  const jetstream = config.inputs.jetstream !== undefined;
  const redactor = new Redactor();
  for (const s of config.secrets) redactor.add(s);
  const log = (line: string): void => void io.stderr.write(`${redactor.redactMessage(line)}\n`);
  let forwarder: Forwarder;
  // A delivery thread that stops without close ends the command (exit 1), for a supervisor to restart it.
  let onThreadStopped = (): void => {};
  try {
    const threaded = (options.deliveryThread ?? availableParallelism() >= 2) && !jetstream;
    forwarder = threaded ? await openThreadedForwarder(config, { log, onStopped: () => onThreadStopped() }, startThread) : await createForwarder(config, { log });
    if (threaded) log('siemkit forward: queues and destinations run in a delivery thread');
  } catch (err) {
    io.stderr.write(`siemkit: ${redactor.redactMessage((err as Error).message)}\n`);
    return 1;
  }
  // Counted here rather than from an input's totals: the HTTP input has none, yet accepts events.
  let accepted = 0;
  const emit = async (events: readonly unknown[]): Promise<EmitResult> => {
    const result = await forwarder.accept(events);
    accepted += result.accepted;
    return result;
  };
  const sink = { emit, status: () => forwarder.health(), metrics: () => forwarder.metrics() };
  const onRejected = (r: RecordRejection): void => void io.stderr.write(rejectionLine(r));
  const stop = untilSignal(signals);
  let threadStopped = false;
  onThreadStopped = () => {
    threadStopped = true;
    stop.end('the delivery thread stopped');
  };
  let ingest: HttpIngest | undefined;
  let rejected = 0;
  try {
    const http = config.inputs.http;
    if (http !== undefined) {
      if (http.token === undefined && !/^(127\.|\[::1\]|localhost)/.test(http.listen)) log(`warning: inputs.http listens on ${http.listen} without a token`);
      ingest = await startHttpIngest({ listen: http.listen, ...(http.token !== undefined ? { token: http.token } : {}), ...(http.max_body_bytes !== undefined ? { maxBodyBytes: http.max_body_bytes } : {}), sink, onError: (err) => log(`http input: ${redactor.redactError(err)}`) });
      log(`siemkit forward: HTTP input on ${ingest.url}`);
    }
    if (options.follow === true && options.input !== undefined) {
      const totals = await emitFollowedFile(options.input, sink, { signal: stop.controller.signal, dataDir: config.data_dir, onRejected }).catch((err: unknown) => {
        if (stop.controller.signal.aborted) return { records: 0, accepted: 0, rejected: 0 };
        throw err;
      });
      rejected += totals.rejected;
    } else if (options.input !== undefined || (ingest === undefined && !jetstream)) {
      const stream = options.input === undefined || options.input === '-' ? io.stdin : createReadStream(options.input);
      const totals = await emitRecords(readNdjson(stream as AsyncIterable<Uint8Array>), sink, { onRejected });
      rejected += totals.rejected;
      if (ingest === undefined) {
        const result = await forwarder.close({ deadlineMs: options.drainTimeoutMs });
        stop.dispose();
        return summarise(io, forwarder, accepted, rejected, result.drained);
      }
    }
    // The HTTP input, a followed file and the JetStream input run until a signal.
    if (jetstream) log(`siemkit forward: consuming stream ${config.inputs.jetstream?.stream} for ${config.destinations.length} destination${config.destinations.length === 1 ? '' : 's'}`);
    await stop.promise;
    log(threadStopped ? 'siemkit forward: the delivery thread stopped; stopping intake' : 'siemkit forward: stopping intake, draining the queues');
  } catch (err) {
    log(`siemkit forward: ${redactor.redactError(err)}`);
    await ingest?.close({ deadlineMs: 1_000 });
    await forwarder.close({ deadlineMs: 0 });
    stop.dispose();
    return 1;
  }
  await ingest?.close({ deadlineMs: options.drainTimeoutMs });
  const result = await forwarder.close({ deadlineMs: options.drainTimeoutMs });
  stop.dispose();
  return summarise(io, forwarder, accepted, rejected, result.drained, threadStopped ? 'the delivery thread stopped' : undefined);
}

/** The closing line; `stoppedBy` says why not everything drained when it was not the drain timeout. */
function summarise(io: CliIo, forwarder: Forwarder, accepted: number, rejected: number, drained: boolean, stoppedBy?: string): number {
  const dead = forwarder.deadLettered;
  const parts = [`${accepted} event${accepted === 1 ? '' : 's'} accepted`];
  if (rejected > 0) parts.push(`${rejected} rejected`);
  if (dead > 0) parts.push(`${dead} dead-lettered (see siemkit dlq inspect)`);
  parts.push(drained ? 'all delivered or dead-lettered' : `not all delivered ${stoppedBy !== undefined ? `(${stoppedBy})` : 'before the drain timeout'}: the rest stays queued on disk for the next start`);
  io.stderr.write(`siemkit forward: ${parts.join(', ')}\n`);
  return rejected === 0 && dead === 0 && drained ? 0 : 1;
}

export function registerForward(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('forward')
    .description('deliver canonical events to the destinations of a configuration (file or stdin, --follow, or the HTTP input)')
    .requiredOption('--config <file>', 'configuration file (YAML or JSON, DESIGN.md §5b)')
    .option('--input <file>', 'NDJSON or JSON array of canonical events, or - for stdin')
    .option('--follow', 'keep reading the input file as it grows (until SIGTERM/SIGINT)')
    .option('--no-delivery-thread', 'run the queues and destinations in the main thread (by default they get a thread of their own on a machine with two cores or more)')
    .addOption(new Option('--drain-timeout-ms <ms>', 'how long a finite input (or a shutdown) waits for delivery').default(DEFAULT_DRAIN_TIMEOUT_MS).argParser((v) => Number.parseInt(v, 10)))
    // Commander makes a lone `--no-` option true by default: only `false` (the flag given) is kept, else the default applies.
    .action(async ({ deliveryThread, ...opts }: ForwardOptions) => exit(await runForward({ ...opts, ...(deliveryThread === false ? { deliveryThread } : {}) }, io)));
}
