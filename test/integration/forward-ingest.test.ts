/**
 * `siemkit forward` as a service (DESIGN.md §4, §5b): `runForward` with the HTTP ingest input
 * (`POST /v1/events` with a bearer token, `/healthz`, `/status`, `/metrics`) forwarding through
 * the `http` destination to a real loopback receiver, and stopped by SIGTERM through the signals
 * object. On a signal, intake stops first, the queues drain within the deadline, and what is not
 * delivered stays on disk for the next start, which delivers it: no event_id is lost. A delivery
 * thread that dies ends the command with exit 1, for a supervisor to restart it.
 */
import { EventEmitter } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { SignalSource } from '../../src/cli/forward.js';
import { runForward } from '../../src/cli/forward.js';
import type { StartDeliveryThread } from '../../src/delivery/threaded-forwarder.js';
import { startDeliveryThread } from '../../src/delivery/threaded-forwarder.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';
import { testScope } from '../helpers/test-scope.js';

const INGEST_TOKEN = 'ingest_tok_5a1d3c7e9b-do-not-leak';
const WEBHOOK_TOKEN = 'webhook_tok_0e2f4a6c8b-do-not-leak';

const { cleanup, tempDir, receiver } = testScope('siemkit-forward-ingest-');



function events(n: number, prefix: string): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `${prefix}-${i}` }));
}

/** A configuration with the HTTP input on a free loopback port and one http destination. */
function writeConfig(dir: string, url: string): string {
  process.env.SIEMKIT_INGEST_TOKEN = INGEST_TOKEN;
  process.env.WEBHOOK_TOKEN = WEBHOOK_TOKEN;
  cleanup.push(() => {
    delete process.env.SIEMKIT_INGEST_TOKEN;
    delete process.env.WEBHOOK_TOKEN;
  });
  const file = path.join(dir, 'siemkit.yaml');
  writeFileSync(
    file,
    `data_dir: ./data
inputs:
  http: { listen: "127.0.0.1:0", token: "\${env:SIEMKIT_INGEST_TOKEN}" }
destinations:
  - name: siem
    type: http
    format: canonical
    url: ${url}
    body: ndjson
    auth: { type: bearer, token: "\${env:WEBHOOK_TOKEN}" }
    batch: { max_events: 50, flush_interval_ms: 10 }
    retry: { initial_delay_ms: 10, max_delay_ms: 50, max_elapsed_ms: 600000 }
    timeout_ms: 2000
`,
  );
  return file;
}

interface Run {
  readonly done: Promise<number>;
  /** The ingest endpoint's origin, once it listens. */
  readonly origin: Promise<string>;
  readonly signals: EventEmitter;
  stderr(): string;
  /** Resolves once stderr holds a line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<void>;
}

/** Starts `runForward` in-process with captured streams and a signal emitter of our own. */
function start(config: string, drainTimeoutMs: number, startThread?: StartDeliveryThread): Run {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  const waiters = new Set<() => void>();
  out.resume();
  err.on('data', (c: Buffer) => {
    text += c.toString('utf8');
    for (const w of [...waiters]) w();
  });
  const signals = new EventEmitter();
  // With `startThread`, the delivery thread whatever the cores; without, the command's own default.
  const done = runForward({ config, drainTimeoutMs, ...(startThread !== undefined ? { deliveryThread: true } : {}) }, { stdin: Readable.from([]), stdout: out, stderr: err }, signals as SignalSource, startThread);
  const waitFor = (pattern: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!pattern.test(text)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
      // A run that ends without the line fails the wait instead of hanging the test.
      void done.then(() => {
        if (waiters.delete(check)) reject(new Error(`forward ended without ${pattern}; stderr:\n${text}`));
      });
    });
  const origin = waitFor(/HTTP input on (http:\/\/\S+)\//).then(() => (/HTTP input on (http:\/\/\S+)\//.exec(text) as RegExpExecArray)[1] as string);
  cleanup.push(async () => {
    signals.emit('SIGTERM');
    await done.catch(() => undefined);
  });
  return { done, origin, signals, stderr: () => text, waitFor };
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** One request on its own connection (no keep-alive pool that could hide a closed port). */
function call(url: string, options: { method?: string; token?: string; contentType?: string; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    const req = request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const ndjson = (es: readonly unknown[]): string => es.map((e) => `${JSON.stringify(e)}\n`).join('');

function missing(sent: readonly CanonicalEvent[], received: readonly string[]): string[] {
  const got = new Set(received);
  return sent.map((e) => e.event_id).filter((id) => !got.has(id));
}

describe('siemkit forward with the HTTP input', () => {
  it('takes NDJSON and JSON arrays with the bearer token, refuses without it, forwards all, and stops on SIGTERM with exit 0', async () => {
    const r = await receiver();
    const dir = tempDir();
    const run = start(writeConfig(dir, r.url('/ingest')), 10_000);
    const origin = await run.origin;

    const first = events(10, 'nd');
    const second = events(5, 'arr');
    const post = (body: string, contentType: string, token?: string): Promise<Reply> => call(`${origin}/v1/events`, { method: 'POST', contentType, body, ...(token !== undefined ? { token } : {}) });

    const anonymous = await post(ndjson(first), 'application/x-ndjson');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer realm="siemkit"$/);
    const wrong = await post(ndjson(first), 'application/x-ndjson', `${INGEST_TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expect((await call(`${origin}/status`)).status).toBe(401);
    expect((await call(`${origin}/metrics`)).status).toBe(401);

    const health = await call(`${origin}/healthz`);
    expect([health.status, health.text]).toEqual([200, 'ok\n']);

    const a = await post(ndjson(first), 'application/x-ndjson', INGEST_TOKEN);
    expect(a.status).toBe(202);
    expect(JSON.parse(a.text)).toEqual({ accepted: 10, rejected: [] });
    const b = await post(JSON.stringify(second, null, 2), 'application/json', INGEST_TOKEN);
    expect(b.status).toBe(202);
    expect(JSON.parse(b.text)).toEqual({ accepted: 5, rejected: [] });

    await r.waitForRecords(15);
    expect(missing([...first, ...second], r.eventIds())).toEqual([]);
    // What the 401s carried was never queued.
    expect(r.records).toHaveLength(15);
    for (const req of r.requests) expect(req.headers.authorization).toBe(`Bearer ${WEBHOOK_TOKEN}`);

    await expect.poll(async () => (JSON.parse((await call(`${origin}/status`, { token: INGEST_TOKEN })).text) as { destinations: { totals: { sent: number } }[] }).destinations[0]?.totals.sent).toBe(15);
    const status = await call(`${origin}/status`, { token: INGEST_TOKEN });
    expect(status.status).toBe(200);
    expect(JSON.parse(status.text)).toMatchObject({ status: 'ok', destinations: [{ destination: 'siem', state: 'ok', queue: { depth: 0 } }], totals: { emitted: 15, rejected: 0, dead_lettered: 0 } });
    const metrics = await call(`${origin}/metrics`, { token: INGEST_TOKEN });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toMatch(/^siemkit_events_emitted_total 15$/m);
    expect(metrics.text).toMatch(/^siemkit_events_sent_total\{destination="siem"\} 15$/m);

    run.signals.emit('SIGTERM');
    expect(await run.done).toBe(0);
    expect(run.stderr()).toMatch(/stopping intake, draining the queues/);
    expect(run.stderr()).toMatch(/^siemkit forward: 15 events accepted, all delivered or dead-lettered$/m);
    // Intake is closed: the port no longer takes connections.
    await expect(call(`${origin}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    for (const text of [status.text, metrics.text, run.stderr(), anonymous.text, wrong.text]) {
      expect(text).not.toContain(INGEST_TOKEN);
      expect(text).not.toContain(WEBHOOK_TOKEN);
    }
  });

  it('ends with exit 1 when its delivery thread dies, saying so; the next start delivers what was queued', async () => {
    const r = await receiver();
    r.rule(() => ({ status: 503, body: 'not yet' }));
    const dir = tempDir();
    const config = writeConfig(dir, r.url('/ingest'));
    let thread: { terminate(): Promise<number> } | undefined;
    const run = start(config, 10_000, (data) => (thread = startDeliveryThread(data)));
    const origin = await run.origin;
    const sent = events(20, 'thread');
    const accepted = await call(`${origin}/v1/events`, { method: 'POST', contentType: 'application/x-ndjson', body: ndjson(sent), token: INGEST_TOKEN });
    expect(accepted.status).toBe(202);
    // Stopped as a crash stops it.
    await thread?.terminate();
    expect(await run.done).toBe(1);
    expect(run.stderr()).toMatch(/^the delivery thread stopped: it exited with code 1$/m);
    expect(run.stderr()).toMatch(/^siemkit forward: 20 events accepted, not all delivered \(the delivery thread stopped\): the rest stays queued on disk for the next start$/m);
    await expect(call(`${origin}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    r.reset();
    const again = start(config, 10_000);
    await again.origin;
    await r.waitForRecords(20);
    expect(missing(sent, r.eventIds())).toEqual([]);
    again.signals.emit('SIGTERM');
    expect(await again.done).toBe(0);
  });

  it('on SIGTERM stops intake, keeps what it could not deliver on disk, and the next start delivers it', async () => {
    const r = await receiver();
    // A failing receiver that echoes the credential it was sent, as some do in their error pages.
    r.rule((req) => ({ status: 500, body: `upstream refused, got authorization: ${String(req.headers.authorization)}` }));
    const dir = tempDir();
    const config = writeConfig(dir, r.url('/ingest'));
    const sent = events(40, 'kept');

    const first = start(config, 200);
    const origin = await first.origin;
    const posted = await call(`${origin}/v1/events`, { method: 'POST', token: INGEST_TOKEN, contentType: 'application/x-ndjson', body: ndjson(sent) });
    expect(posted.status).toBe(202);
    expect(JSON.parse(posted.text)).toMatchObject({ accepted: 40 });
    await r.waitForRequests(2);

    type Status = { status: string; destinations: { state: string; last_error: { message: string; status: number } | null; queue: { depth: number } }[] };
    await expect.poll(async () => (JSON.parse((await call(`${origin}/status`, { token: INGEST_TOKEN })).text) as Status).destinations[0]?.state).toBe('error');
    const status = await call(`${origin}/status`, { token: INGEST_TOKEN });
    const lane = (JSON.parse(status.text) as Status).destinations[0];
    expect(lane?.last_error?.status).toBe(500);
    expect(lane?.last_error?.message).toContain('upstream refused');
    expect(lane?.queue.depth).toBe(40);
    const metrics = await call(`${origin}/metrics`, { token: INGEST_TOKEN });
    expect(metrics.text).toMatch(/^siemkit_destination_up\{destination="siem"\} 0$/m);

    first.signals.emit('SIGTERM');
    await first.waitFor(/stopping intake/);
    // Intake stops before the drain: a new producer connection is refused while the queue drains.
    await expect(call(`${origin}/v1/events`, { method: 'POST', token: INGEST_TOKEN, contentType: 'application/x-ndjson', body: ndjson(events(1, 'late')) })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await first.done).toBe(1);
    expect(first.stderr()).toMatch(/^siemkit forward: 40 events accepted, not all delivered before the drain timeout: the rest stays queued on disk for the next start$/m);
    expect(r.records).toHaveLength(0);
    // Not delivered is not dead-lettered: a 500 is retried, and the drain deadline is no failure of the event.
    expect(existsSync(path.join(dir, 'data', 'siem', 'dead-letters.ndjson'))).toBe(false);

    r.reset();
    const second = start(config, 10_000);
    const origin2 = await second.origin;
    await r.waitForRecords(sent.length);
    expect(missing(sent, r.eventIds())).toEqual([]);
    await expect.poll(async () => (JSON.parse((await call(`${origin2}/status`, { token: INGEST_TOKEN })).text) as Status).destinations[0]?.queue.depth).toBe(0);
    second.signals.emit('SIGTERM');
    expect(await second.done).toBe(0);
    expect(r.eventIds().filter((id) => id.startsWith('late'))).toEqual([]);

    for (const text of [status.text, metrics.text, first.stderr(), second.stderr()]) {
      expect(text).not.toContain(INGEST_TOKEN);
      expect(text).not.toContain(WEBHOOK_TOKEN);
    }
  });

  it('SIGINT stops it as SIGTERM does', async () => {
    const r = await receiver();
    const run = start(writeConfig(tempDir(), r.url('/ingest')), 10_000);
    const origin = await run.origin;
    expect((await call(`${origin}/v1/events`, { method: 'POST', token: INGEST_TOKEN, contentType: 'application/x-ndjson', body: ndjson(events(3, 'int')) })).status).toBe(202);
    run.signals.emit('SIGINT');
    expect(await run.done).toBe(0);
    // A graceful stop drains first: what was accepted was delivered before the exit.
    expect(missing(events(3, 'int'), r.eventIds())).toEqual([]);
    expect(run.signals.listenerCount('SIGTERM') + run.signals.listenerCount('SIGINT')).toBe(0);
  });
});
