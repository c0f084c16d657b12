/**
 * `createThreadedForwarder(config)`: the forwarder of forwarder.ts with its queues and
 * destinations in a delivery thread of their own (delivery-thread.ts), so that on a machine with
 * two cores or more, intake and delivery run at the same time.
 *
 *   calling thread                              delivery thread
 *   emit: validate -> canonical JSON -> select  ──append──▶  queue -> batch -> encode -> send
 *         (intake.ts, the same code as in-thread)  ◀─reply──   (forwarder.ts, DESIGN.md §5)
 *
 * `emit` resolves once the delivery thread has made the events durable, as in-thread. The JSON of
 * a batch crosses in one transferred buffer, so nothing is copied or parsed again on the way.
 * `health()` reads the state the delivery thread sent with its last reply, or at most
 * `STATE_PUSH_MS` ago; `metrics`, `test`, `flush` and `close` are requests to it.
 *
 * What stays in-thread only: a registry other than the built-in one and an injected clock (neither
 * can cross to another thread), and `inputs.jetstream` (whose consumers already spread delivery
 * across processes). If the delivery thread dies, every call after that fails with the reason,
 * `health()` reports each destination in error, `onStopped` is told, and the data directory is
 * released: what was queued stays on disk for the next forwarder.
 */
import { Worker } from 'node:worker_threads';
import { Redactor } from '../destinations/transport/redactor.js';
import { BUILT_IN_REGISTRY } from '../registry/registry.js';
import type { ForwarderConfig } from './config/load.js';
import { releaseDataDirLock } from './data-dir-lock.js';
import { DeadLetterFile, deadLetterPath, INVALID_EVENTS_DESTINATION } from './dead-letter.js';
import type { EmitResult, FlushResult, Forwarder, ForwarderHealth, TestResult } from './forwarder.js';
import { CLOSING_MESSAGE, emitOver } from './forwarder.js';
import { invalidLetters, laneSelector, selectLanes, sortEvents } from './intake.js';
import type { DeliveryMessage, DeliveryRequest, DeliveryThreadData, DeliveryThreadState } from './thread-messages.js';

export interface ThreadedForwarderOptions {
  /** Warnings (already redacted), the delivery thread's included. Default: stderr. */
  readonly log?: (line: string) => void;
  /**
   * Told once if the delivery thread stops without `close` (a crash): from then on every call
   * fails with `error`, and the data directory is free for a new forwarder, which delivers what
   * was queued. `siemkit forward` then shuts down and exits 1, for its supervisor to restart it.
   */
  readonly onStopped?: (error: Error) => void;
}

/** Starts the delivery thread (`startDeliveryThread`; tests keep the thread, to stop it as a crash would). */
export type StartDeliveryThread = (data: DeliveryThreadData) => Worker;

/** A request without its id (given as it is sent). */
type Unnumbered<R> = R extends { readonly id: number } ? Omit<R, 'id'> : never;

/**
 * The delivery thread's young generation, in MiB. Its garbage is short-lived (records on their way
 * to a request); V8's default (up to 3 x 16 MiB) let a second isolate add ~65 MB of RSS with a
 * backlog of 1,000,000 events, where 4 MiB adds ~30 MB for the same events/s (bench/forward.bench.ts).
 */
const DELIVERY_THREAD_YOUNG_GENERATION_MB = 4;

/** The delivery thread's module: from TypeScript sources (tests, tsx), through tsx's loader. */
export function startDeliveryThread(data: DeliveryThreadData): Worker {
  const options = { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: DELIVERY_THREAD_YOUNG_GENERATION_MB } };
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./delivery-thread.js', here), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./delivery-thread.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { ...options, eval: true });
}

export function createThreadedForwarder(config: ForwarderConfig, options: ThreadedForwarderOptions = {}): Promise<Forwarder> {
  return openThreadedForwarder(config, options, startDeliveryThread);
}

/** `createThreadedForwarder`, with the way its delivery thread starts. */
export async function openThreadedForwarder(config: ForwarderConfig, options: ThreadedForwarderOptions, start: StartDeliveryThread): Promise<Forwarder> {
  if (config.inputs.jetstream !== undefined) throw new Error('inputs.jetstream runs in-thread (createForwarder): its consumers already share delivery across processes');
  const redactor = new Redactor();
  for (const s of config.secrets) redactor.add(s);
  const log = (line: string): void => (options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(redactor.redactMessage(line));
  const selectors = config.destinations.map(laneSelector);
  const invalidLetterFile = new DeadLetterFile<unknown>(deadLetterPath(config.data_dir, INVALID_EVENTS_DESTINATION), (s) => redactor.redact(s));

  const worker = start({ config });
  let state: DeliveryThreadState | undefined;
  let failure: { readonly error: Error; readonly at: string } | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let onReady: ((err?: Error) => void) | undefined;

  function stopped(reason: string): void {
    if (failure !== undefined) return;
    failure = { error: new Error(redactor.redactMessage(`the delivery thread stopped: ${reason}`)), at: new Date().toISOString() };
    for (const p of pending.values()) p.reject(failure.error);
    pending.clear();
    onReady?.(failure.error);
    if (state !== undefined) log(failure.error.message);
  }

  worker.on('message', (m: DeliveryMessage) => {
    switch (m.op) {
      case 'log':
        log(m.line);
        return;
      case 'state':
        state = m.state;
        return;
      case 'ready':
        state = m.state;
        onReady?.();
        return;
      case 'failed':
        onReady?.(new Error(redactor.redactMessage(m.message)));
        return;
      case 'reply': {
        state = m.state;
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(redactor.redactMessage(m.error)));
        else p?.resolve(m.value);
      }
    }
  });
  worker.on('error', (err) => stopped(err.message));
  let closing = false;
  let ready = false;
  worker.on('exit', (code) => {
    if (closing && pending.size === 0 && failure === undefined) return;
    stopped(`it exited with code ${code}`);
    if (!ready) return;
    // The thread held the data directory's lock (under this process's pid): free it for the next forwarder.
    releaseDataDirLock(config.data_dir);
    if (failure !== undefined) options.onStopped?.(failure.error);
  });

  await new Promise<void>((resolve, reject) => {
    onReady = (err) => {
      onReady = undefined;
      if (err === undefined) resolve();
      else reject(err);
    };
  }).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });
  ready = true;

  function request<T>(message: Unnumbered<DeliveryRequest>, transfer?: readonly ArrayBuffer[]): Promise<T> {
    if (failure !== undefined) return Promise.reject(failure.error);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id } as DeliveryRequest, transfer);
    });
  }

  let emitted = 0;
  let rejected = 0;
  let invalidDeadLettered = 0;
  const appending = new Set<Promise<unknown>>();

  async function accept(input: readonly unknown[]): Promise<EmitResult> {
    if (closing) throw new Error(CLOSING_MESSAGE);
    if (failure !== undefined) throw failure.error;
    const { valid, rejections, invalid } = sortEvents(input, BUILT_IN_REGISTRY);
    // The batch's JSON back to back in a buffer of its own, handed over without a copy.
    const texts = valid.map((e) => JSON.stringify(e));
    let total = 0;
    for (const t of texts) total += Buffer.byteLength(t, 'utf8');
    const buffer = Buffer.allocUnsafeSlow(total);
    const lengths = new Uint32Array(texts.length);
    let pos = 0;
    for (let i = 0; i < texts.length; i++) {
      const n = buffer.write(texts[i] as string, pos, 'utf8');
      lengths[i] = n;
      pos += n;
    }
    const appended = request<void>({ op: 'append', buffer: buffer.buffer as ArrayBuffer, lengths, lanes: selectLanes(selectors, valid), rejected: rejections.length }, [buffer.buffer as ArrayBuffer]);
    appending.add(appended);
    try {
      await appended;
    } finally {
      appending.delete(appended);
    }
    if (invalid.length > 0 && config.validation === 'dead_letter') {
      await invalidLetterFile.append(invalidLetters(invalid, new Date().toISOString()));
      invalidDeadLettered += invalid.length;
    }
    emitted += valid.length;
    rejected += rejections.length;
    return { accepted: valid.length, rejected: rejections };
  }

  let closed: Promise<FlushResult> | undefined;

  return {
    emit: emitOver(accept, config.validation),
    accept,
    health(): ForwarderHealth {
      const known = state?.health.destinations ?? [];
      const destinations = failure === undefined ? known : known.map((d) => ({ ...d, state: 'error' as const, last_error: { at: failure?.at ?? '', message: failure?.error.message ?? '', status: null } }));
      return { status: destinations.every((d) => d.state !== 'error') ? 'ok' : 'degraded', destinations, totals: { emitted, rejected, dead_lettered: (state?.deadLettered ?? 0) + invalidDeadLettered } };
    },
    metrics: () => request<string>({ op: 'metrics' }),
    test: (name) => request<TestResult>({ op: 'test', destination: name }),
    flush: (o) => request<FlushResult>({ op: 'flush', ...(o?.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}) }),
    close(o) {
      closing = true;
      closed ??= (async () => {
        // Appends already handed over are queued before the delivery thread closes.
        await Promise.allSettled([...appending]);
        if (failure !== undefined) {
          await worker.terminate();
          return { drained: false };
        }
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        try {
          const result = await request<FlushResult>({ op: 'close', ...(o?.deadlineMs !== undefined ? { deadlineMs: o.deadlineMs } : {}) });
          await exited;
          return result;
        } catch (err) {
          await worker.terminate();
          throw err;
        }
      })();
      return closed;
    },
    get deadLettered() {
      return (state?.deadLettered ?? 0) + invalidDeadLettered;
    },
  };
}
