/**
 * The answers a destination's requests got, for `siemkit test` and `forwarder.test(name)`, which
 * print the vendor's own answer and not only "delivered". The test runs `send` inside
 * `collectAnswers`; the shared HTTP client (http-client.ts) adds every answer it reads to the
 * collection of the call it runs in (an `AsyncLocalStorage`), so no destination has to pass
 * anything through. Outside a collection nothing is kept.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Redact } from './redact.js';
import { snippet } from './redact.js';

export interface WireAnswer {
  /** `POST /services/collector/event`: the method and the path (redacted), never the query (it may hold a key). */
  readonly request: string;
  readonly status: number;
  /** The start of the body, redacted, as one quoted line. */
  readonly body: string;
}

const collections = new AsyncLocalStorage<WireAnswer[]>();

/** Runs `task`, collecting the answers of the HTTP requests it makes. */
export async function collectAnswers<T>(task: () => Promise<T>): Promise<{ answers: readonly WireAnswer[]; result: PromiseSettledResult<T> }> {
  const answers: WireAnswer[] = [];
  const result = await collections.run(answers, () => task().then(
    (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
    (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
  ));
  return { answers, result };
}

/** Called by the HTTP client for every answer it reads. */
export function noteAnswer(method: string, path: string, status: number, body: Buffer, redact: Redact): void {
  const answers = collections.getStore();
  if (answers === undefined) return;
  const query = path.indexOf('?');
  // A collector's path may hold its token (Sumo Logic): redacted like the body.
  answers.push({ request: redact(`${method} ${query === -1 ? path : path.slice(0, query)}`), status, body: snippet(body.toString('utf8'), redact) });
}
