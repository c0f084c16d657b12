/**
 * The HEC token never appears in an error, a refused record's reason or an acknowledgement
 * problem: not when the HEC (or a proxy in front of it) echoes it back, not in a network error, not
 * in a configuration error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../../../src/destinations/destination.js';
import { RetryItems } from '../../../../src/destinations/errors.js';
import { classifyAckAnswer, classifyHecAnswer } from '../../../../src/destinations/splunk-hec/classify.js';
import { createSplunkHecDestination } from '../../../../src/destinations/splunk-hec/destination.js';
import { createRedactor } from '../../../../src/destinations/transport/redact.js';
import type { SplunkHecReceiver } from '../../../helpers/receivers/splunk-hec.js';
import * as hec from '../../../helpers/receivers/splunk-hec.js';
import { contextFor, events, never } from '../fixtures.js';

const TOKEN = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const FORBIDDEN = [TOKEN, encodeURIComponent(TOKEN), Buffer.from(`x:${TOKEN}`).toString('base64'), Buffer.from(TOKEN).toString('base64')];

const open: Array<SplunkHecReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

function texts(err: unknown): string[] {
  if (!(err instanceof Error)) return [String(err)];
  const out = [err.message, String(err.stack ?? '')];
  if (err instanceof RetryItems) out.push(...err.rejected.map((r) => r.reason));
  return out;
}

function expectClean(all: readonly string[]): void {
  expect(all.length).toBeGreaterThan(0);
  for (const t of all) for (const s of FORBIDDEN) expect(t.includes(s), `${JSON.stringify(t.slice(0, 300))} holds the token`).toBe(false);
}

describe('splunk_hec secrets', () => {
  it('the token is redacted from echoed answers, refused events, throttles and network errors', async () => {
    const r = await hec.start({ token: TOKEN });
    open.push(r);
    const d = createSplunkHecDestination({ endpoint: r.url, token: TOKEN }, contextFor('splunk', { timeoutMs: 500 }));
    open.push(d);
    const echo = `Authorization: Splunk ${TOKEN}; token=${TOKEN}; ${TOKEN}`;
    r.fault(
      { status: 403, body: { text: `Invalid token ${TOKEN}`, code: 4 } },
      { status: 503, body: { text: echo, code: 9 } },
      { status: 502, body: echo },
      { status: 400, body: echo },
      { status: 413, body: echo },
      // Last: the two other records of this request are resent and taken.
      { status: 400, body: { text: echo, code: 6, 'invalid-event-number': 1 } },
    );
    const errors: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      const list = events(i === 5 ? 3 : 1);
      errors.push(await d.send({ records: list.map((e) => d.encode(e)), events: list }, never()).catch((e: unknown) => e));
    }
    expect(errors[5]).toBeInstanceOf(RetryItems);
    await r.close();
    errors.push(await d.send({ records: events(1).map((e) => d.encode(e)), events: events(1) }, never()).catch((e: unknown) => e));
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    const all = errors.flatMap(texts);
    expectClean(all);
    // The echoes reached the messages, redacted.
    expect(all.some((t) => t.includes('***'))).toBe(true);
  });

  it('the token is redacted from acknowledgement problems and classification of foreign answers', () => {
    const redact = createRedactor([TOKEN, `Splunk ${TOKEN}`]);
    const body = Buffer.from(JSON.stringify({ text: `channel of ${TOKEN} unknown`, code: 11 }));
    const ack = classifyAckAnswer({ status: 400, headers: {}, body }, 'splunk', redact);
    expect(ack.kind).toBe('unknown');
    expectClean([ack.kind === 'unknown' ? ack.reason : '']);
    const answer = classifyHecAnswer({ status: 401, headers: {}, body: Buffer.from(`{"text":"Splunk ${TOKEN}","code":3}`) }, { destination: 'splunk', records: 1, redact });
    expect(answer.kind).toBe('failed');
    expectClean(answer.kind === 'failed' ? [answer.error.message] : []);
  });

  it('configuration errors name the key, never the value', () => {
    const errors: string[] = [];
    for (const endpoint of [`https://x:${TOKEN}@splunk.example.com:8088`, `https://splunk.example.com:8088/?token=${TOKEN}`, `https://splunk.example.com:8088/services/collector/${TOKEN}`]) {
      try {
        createSplunkHecDestination({ endpoint, token: TOKEN }, contextFor('splunk'));
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    expect(errors).toHaveLength(3);
    expectClean(errors);
  });
});
