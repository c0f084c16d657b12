/**
 * Waiting for indexer acknowledgement (wire-protocols.md §1.6): after a batch was answered with
 * `ackId`s, `/services/collector/ack` is asked every `pollIntervalMs` which of them are indexed,
 * until all are or `timeoutMs` has passed. Splunk reports an id `true` once; `false` means "not yet,
 * or lost", and Splunk advises sending again what stays unacknowledged (at-least-once: the
 * duplicates carry the same `event_id`).
 *
 * A query that fails (network, 5xx, busy) counts as "not yet". Code 14 "ACK is disabled" means the
 * token has no acknowledgement: the 200s are all there is, as Vector falls back.
 */
import type { HttpClient } from '../transport/http-client.js';
import type { Redact } from '../transport/redact.js';
import { classifyAckAnswer } from './classify.js';
import type { HecRequestPlan } from './request.js';
import { buildAckRequest } from './request.js';

export interface AckWaitOptions {
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly destination: string;
  readonly redact: Redact;
  readonly signal: AbortSignal;
}

export interface AckWaitResult {
  /** The ids still unacknowledged at the deadline. */
  readonly unacked: ReadonlySet<number>;
  /** What the last query that told nothing said, for the error message. */
  readonly lastProblem?: string;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function waitForAcks(client: HttpClient, plan: HecRequestPlan, ackIds: readonly number[], options: AckWaitOptions): Promise<AckWaitResult> {
  const pending = new Set(ackIds);
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem: string | undefined;
  while (pending.size > 0) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(options.pollIntervalMs, left), options.signal);
    const remaining = Math.max(1, deadline - Date.now());
    try {
      // A query gets no longer than the time left: a slow ack endpoint does not stretch the wait.
      const response = await client.request(buildAckRequest(plan, [...pending], remaining), options.signal);
      const outcome = classifyAckAnswer(response, options.destination, options.redact);
      if (outcome.kind === 'disabled') pending.clear();
      else if (outcome.kind === 'acks') for (const id of outcome.acked) pending.delete(id);
      else lastProblem = outcome.reason;
    } catch (err) {
      if (options.signal.aborted) throw options.signal.reason ?? err;
      lastProblem = (err as Error).message;
    }
  }
  return { unacked: pending, ...(lastProblem !== undefined ? { lastProblem } : {}) };
}
