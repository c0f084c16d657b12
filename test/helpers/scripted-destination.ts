/**
 * A destination that answers like a vendor, from a script: each `send` takes the next answer
 * (delivered, a `PermanentError`, a `ThrottleError(retryAfterMs)`, a `RetryItems` partial success,
 * a transport error, or a hang until its signal aborts) and records what it was sent. When the
 * script is empty it delivers. For the delivery engine's unit tests, where a real HTTP receiver
 * would only add a socket between the test and what it checks.
 *
 *   const d = scriptedDestination();
 *   d.script(new ThrottleError('429', 50, 429), 'hang', 'ok');
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { Batch, BatchLimits, Destination } from '../../src/destinations/destination.js';

/** `ok`: delivered; an Error: rejected with it; `hang`: no answer until the signal aborts. */
export type ScriptedAnswer = 'ok' | 'hang' | Error | ((batch: Batch, signal: AbortSignal) => Promise<void>);

export interface SentBatch {
  readonly records: readonly string[];
  readonly eventIds: readonly string[];
  /** How the send ended: `ok`, `aborted`, or the error's name. */
  outcome?: string;
}

export interface ScriptedDestination extends Destination {
  /** Every send, in order, with its records. */
  readonly sent: SentBatch[];
  /** Records of the sends that delivered, in order. */
  delivered(): string[];
  script(...answers: ScriptedAnswer[]): void;
  /** What happened, in order: `send`, `delivered`, `failed`, `aborted`, `close`. */
  readonly log: string[];
}

export interface ScriptedDestinationOptions {
  readonly name?: string;
  readonly limits?: Partial<BatchLimits>;
  /** Default: the event's JSON. */
  readonly encode?: (event: CanonicalEvent) => string;
}

export function scriptedDestination(options: ScriptedDestinationOptions = {}): ScriptedDestination {
  const answers: ScriptedAnswer[] = [];
  const sent: SentBatch[] = [];
  const log: string[] = [];
  return {
    name: options.name ?? 'scripted',
    type: 'scripted',
    limits: { maxEvents: 1_000, maxBytes: 1_000_000, measuredOn: 'encoded', envelopeBytes: 0, separatorBytes: 0, ...options.limits },
    encode: options.encode ?? ((event) => JSON.stringify(event)),
    sent,
    log,
    script: (...more) => {
      answers.push(...more);
    },
    delivered: () => sent.filter((s) => s.outcome === 'ok').flatMap((s) => s.records),
    async send(batch, signal) {
      const record: SentBatch = { records: [...batch.records], eventIds: batch.events.map((e) => e.event_id) };
      sent.push(record);
      log.push('send');
      const answer = answers.shift() ?? 'ok';
      try {
        if (answer === 'hang') {
          await new Promise<never>((_, reject) => {
            if (signal.aborted) reject(signal.reason);
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          });
        } else if (answer instanceof Error) {
          throw answer;
        } else if (typeof answer === 'function') {
          await answer(batch, signal);
        }
        record.outcome = 'ok';
        log.push('delivered');
      } catch (err) {
        record.outcome = signal.aborted ? 'aborted' : (err as Error).name;
        log.push(signal.aborted ? 'aborted' : 'failed');
        throw err;
      }
    },
    // What a file would get: the records as lines (the runtime never calls it; `siemkit preview` does).
    preview: (batch) => Promise.resolve([{ kind: 'file' as const, to: options.name ?? 'scripted', bytes: Buffer.from(batch.records.map((r) => `${r}\n`).join(''), 'utf8') }]),
    close() {
      log.push('close');
      return Promise.resolve();
    },
  };
}

/** An error as a socket gives it (`code`), which the retry sender treats as worth retrying. */
export function transportError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
}
