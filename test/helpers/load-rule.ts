/**
 * A service under load on a loopback receiver (http-receiver.ts): a rule that sees how many
 * requests the receiver is serving when each arrives, answers from that, and counts the most it
 * served at once. For tests of sends in flight (`concurrency`, adaptive concurrency).
 */
import type { Answer, HttpReceiver } from './http-receiver.js';

/** What the service does with a request that arrives while `inFlight` others are being served; `holds`: it is served (counted until its answer's delay has passed). */
export type Serve = (inFlight: number) => { readonly answer: Answer; readonly holds: boolean };

/** Installs the rule; `maxInFlight()` is the most requests served at once so far. */
export function serveUnderLoad(receiver: HttpReceiver, serve: Serve): { maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  receiver.rule(() => {
    const { answer, holds } = serve(inFlight);
    if (holds) {
      inFlight++;
      max = Math.max(max, inFlight);
      setTimeout(() => inFlight--, answer.delayMs ?? 0);
    }
    return answer;
  });
  return { maxInFlight: () => max };
}

/** Every request answered 200 after `delayMs`. */
export const slowly =
  (delayMs: number): Serve =>
  () => ({ answer: { status: 200, delayMs }, holds: true });
