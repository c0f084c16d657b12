/**
 * `concurrency: adaptive` in a destination's pipeline (src/delivery/destination-pipeline.ts,
 * adaptive-concurrency.ts): the real `http` destination sending to a loopback receiver that
 * behaves like a service under load. Against a service that answers as fast at any load, the limit
 * grows; against one that slows down sharply past its capacity, queues past it, or answers 429
 * past it, the limit stays near that capacity, far under `max_concurrency`; and in every case each
 * event arrives, once. The rules of the controller itself are in adaptive-concurrency.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AdaptiveConcurrencySettings } from '../../../src/delivery/adaptive-concurrency.js';
import { DEFAULT_ADAPTIVE_CONCURRENCY } from '../../../src/delivery/adaptive-concurrency.js';
import { createMemoryQueue } from '../../../src/delivery/queue/memory-queue.js';
import { createHttpDestination } from '../../../src/destinations/http/destination.js';
import type { HttpReceiver } from '../../helpers/http-receiver.js';
import { startHttpReceiver } from '../../helpers/http-receiver.js';
import type { Serve } from '../../helpers/load-rule.js';
import { serveUnderLoad, slowly } from '../../helpers/load-rule.js';
import type { ObservedPipeline } from '../../helpers/pipeline.js';
import { jsonRecords, observedPipeline } from '../../helpers/pipeline.js';
import { contextFor, events } from '../destinations/fixtures.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const EVENTS = 1_500;
const PER_REQUEST = 5;

/** A loopback receiver that serves as `serve` says. */
async function service(serve: Serve): Promise<{ receiver: HttpReceiver; maxInFlight: () => number }> {
  const receiver = await startHttpReceiver({ body: 'ndjson' });
  cleanup.push(() => receiver.close());
  return { receiver, ...serveUnderLoad(receiver, serve) };
}

/** Sends EVENTS events, PER_REQUEST a request, with `concurrency: adaptive`; samples the limit every 2 ms. */
async function sendAll(receiver: HttpReceiver, settings: Partial<AdaptiveConcurrencySettings> = {}): Promise<{ o: ObservedPipeline; limits: number[] }> {
  const http = createHttpDestination({ url: receiver.url('/in'), body: 'ndjson', gzip: false }, contextFor('webhook', { maxConcurrency: settings.max_concurrency ?? DEFAULT_ADAPTIVE_CONCURRENCY.max_concurrency }));
  cleanup.push(() => http.close());
  const queue = createMemoryQueue();
  const limits: number[] = [];
  const o = observedPipeline(http, queue, {
    limits: { maxEvents: PER_REQUEST },
    concurrency: { adaptive: { ...DEFAULT_ADAPTIVE_CONCURRENCY, ...settings } },
    backoff: { nextDelayMs: () => 5 },
  });
  const { pipeline } = o;
  const timer = setInterval(() => limits.push(pipeline.concurrency.limit), 2);
  cleanup.push(() => clearInterval(timer));
  await queue.append(jsonRecords(events(EVENTS, 'arc')));
  pipeline.start();
  cleanup.push(() => pipeline.shutdown());
  await receiver.waitForRecords(EVENTS, 20_000);
  await pipeline.settledAtLeast(EVENTS);
  clearInterval(timer);
  return { o, limits };
}

function expectEachOnce(receiver: HttpReceiver, o: ObservedPipeline): void {
  const ids = receiver.eventIds();
  expect(ids.length).toBe(EVENTS);
  expect(new Set(ids).size).toBe(EVENTS);
  expect(o.delivered()).toBe(EVENTS);
  expect(o.undeliverable).toEqual([]);
  expect(o.faults).toEqual([]);
}

describe('DestinationPipeline: concurrency adaptive', () => {
  it('starts at one send and grows while the service answers as fast as before', async () => {
    const { receiver, maxInFlight } = await service(slowly(15));
    const { o, limits } = await sendAll(receiver, { max_concurrency: 8 });
    expectEachOnce(receiver, o);
    expect(limits[0]).toBe(1);
    expect(Math.max(...limits)).toBe(8);
    expect(maxInFlight()).toBeGreaterThanOrEqual(6);
    const c = o.pipeline.concurrency;
    expect(c.adaptive?.averageRttMs).toBeGreaterThanOrEqual(15);
    expect(c.inFlight).toBe(0);
  });

  it('stays near the capacity of a service that slows down sharply past it', async () => {
    const CAPACITY = 4;
    const { receiver } = await service((inFlight) => ({ answer: { status: 200, delayMs: inFlight < CAPACITY ? 10 : 80 }, holds: true }));
    const { o, limits } = await sendAll(receiver);
    expectEachOnce(receiver, o);
    expect(Math.max(...limits)).toBeGreaterThanOrEqual(CAPACITY);
    // Far from the 32 it may grow to: the slow answers past the capacity bring it back.
    expect(Math.max(...limits)).toBeLessThanOrEqual(3 * CAPACITY);
    const late = limits.slice(Math.floor(limits.length / 2));
    expect(late.reduce((a, b) => a + b, 0) / late.length).toBeLessThanOrEqual(2 * CAPACITY);
  });

  it('stops growing at about twice the workers of a service that queues what they cannot take at once', async () => {
    // Two workers of 10 ms each, first come first served: past two in flight, each more waits its turn.
    const WORKERS = 2;
    const SERVICE_MS = 10;
    const freeAt = Array.from({ length: WORKERS }, () => 0);
    const { receiver } = await service(() => {
      const now = performance.now();
      const w = freeAt.indexOf(Math.min(...freeAt));
      const start = Math.max(now, freeAt[w] as number);
      freeAt[w] = start + SERVICE_MS;
      return { answer: { status: 200, delayMs: Math.round(start + SERVICE_MS - now) }, holds: true };
    });
    const { o, limits } = await sendAll(receiver);
    expectEachOnce(receiver, o);
    expect(Math.max(...limits)).toBeGreaterThanOrEqual(WORKERS);
    expect(Math.max(...limits)).toBeLessThanOrEqual(4 * WORKERS);
  });

  it('stays near the capacity of a service that answers 429 past it, and delivers every event once all the same', async () => {
    const CAPACITY = 3;
    let throttled = 0;
    const { receiver } = await service((inFlight) => {
      if (inFlight < CAPACITY) return { answer: { status: 200, delayMs: 10 }, holds: true };
      throttled++;
      return { answer: { status: 429, body: { error: 'too many requests' } }, holds: false };
    });
    const { o, limits } = await sendAll(receiver);
    expectEachOnce(receiver, o);
    expect(throttled).toBeGreaterThan(0);
    expect(o.waits.some((w) => !w.throttled)).toBe(true);
    expect(Math.max(...limits)).toBeGreaterThanOrEqual(CAPACITY);
    expect(Math.max(...limits)).toBeLessThanOrEqual(4 * CAPACITY);
    // Each 429 counts: fewer of them than requests that were served.
    expect(throttled).toBeLessThan(EVENTS / PER_REQUEST);
  });
});
