/**
 * Destination health (src/delivery/health.ts, docs/health.md): the state machine, last success and
 * last error, the queue figures read through the callback, the one-minute send rate from the ring
 * of per-second buckets, the totals, and the JSON shape of a snapshot.
 */
import { describe, expect, it } from 'vitest';
import { DestinationHealth, MAX_ERROR_MESSAGE_LENGTH, MAX_REASONS, PerSecondRing } from '../../../src/delivery/health.js';
import type { ConcurrencyState } from '../../../src/delivery/destination-pipeline.js';
import type { QueueStats } from '../../../src/delivery/queue/queue.js';

const T0 = Date.parse('2026-11-22T09:00:00.000Z');

describe('DestinationHealth', () => {
  it('starts as not_yet_invoked with nothing recorded', () => {
    const h = new DestinationHealth('splunk-prod');
    expect(h.snapshot(T0)).toEqual({
      destination: 'splunk-prod',
      state: 'not_yet_invoked',
      last_success_at: null,
      last_error: null,
      queue: { depth: 0, bytes: 0, oldest_age_ms: null },
      concurrency: { limit: 1, in_flight: 0, adaptive: false, average_rtt_ms: null },
      send_rate_per_second: 0,
      totals: { sent: 0, failed: 0, filtered: 0, dead_lettered: 0, retried: 0, dropped: 0 },
      dead_lettered_by_reason: {},
    });
  });

  it('goes ok on a delivery and error on a failure, keeping the last of each', () => {
    const h = new DestinationHealth('d');
    h.recordSent(10, T0);
    expect(h.snapshot(T0)).toMatchObject({ state: 'ok', last_success_at: '2026-11-22T09:00:00.000Z', last_error: null });
    h.recordFailure('503 Service Unavailable', 503, T0 + 1_000, 10);
    expect(h.snapshot(T0 + 1_000)).toMatchObject({
      state: 'error',
      last_success_at: '2026-11-22T09:00:00.000Z',
      last_error: { at: '2026-11-22T09:00:01.000Z', message: '503 Service Unavailable', status: 503 },
    });
    h.recordFailure('connect ECONNREFUSED 127.0.0.1:8088', 'ECONNREFUSED', T0 + 2_000);
    h.recordFailure('timed out', undefined, T0 + 3_000);
    expect(h.snapshot(T0 + 3_000).last_error).toEqual({ at: '2026-11-22T09:00:03.000Z', message: 'timed out', status: null });
    h.recordSent(10, T0 + 4_000);
    const s = h.snapshot(T0 + 4_000);
    expect(s.state).toBe('ok');
    expect(s.last_error?.message).toBe('timed out'); // the last error stays visible after recovery
    expect(s.totals).toMatchObject({ sent: 20, failed: 12 });
  });

  it('pauses over any state and resumes to the state it had', () => {
    const h = new DestinationHealth('d');
    h.pause();
    expect(h.state).toBe('paused');
    h.resume();
    expect(h.state).toBe('not_yet_invoked');
    h.recordFailure('x', 500, T0);
    h.pause();
    h.recordSent(1, T0 + 1); // a send that was in flight when the pause came
    expect(h.snapshot(T0 + 1).state).toBe('paused');
    h.resume();
    expect(h.state).toBe('ok');
  });

  it('shortens a long error message', () => {
    const h = new DestinationHealth('d');
    h.recordFailure(`<html>${'x'.repeat(10_000)}</html>`, 502, T0);
    const message = h.snapshot(T0).last_error?.message ?? '';
    expect(message).toHaveLength(MAX_ERROR_MESSAGE_LENGTH + 1);
    expect(message.endsWith('…')).toBe(true);
  });

  it('reads the queue figures at each snapshot, with the oldest age from the snapshot time', () => {
    let stats: QueueStats = { depth: 0, bytes: 0, oldestEnqueuedAtMs: undefined };
    const h = new DestinationHealth('d', () => stats);
    expect(h.snapshot(T0).queue).toEqual({ depth: 0, bytes: 0, oldest_age_ms: null });
    stats = { depth: 3, bytes: 1_200, oldestEnqueuedAtMs: T0 - 90_000 };
    expect(h.snapshot(T0).queue).toEqual({ depth: 3, bytes: 1_200, oldest_age_ms: 90_000 });
    // A clock that stepped back never shows a negative age.
    expect(h.snapshot(T0 - 100_000).queue.oldest_age_ms).toBe(0);
  });

  it('reads the sends in flight and their limit at each snapshot, with the adaptive average RTT rounded to the microsecond', () => {
    let state: ConcurrencyState = { limit: 4, inFlight: 3 };
    const h = new DestinationHealth('d', undefined, () => state);
    expect(h.snapshot(T0).concurrency).toEqual({ limit: 4, in_flight: 3, adaptive: false, average_rtt_ms: null });
    state = { limit: 7, inFlight: 7, adaptive: { limit: 7, averageRttMs: 12.345_678_9, baselineRttMs: 10 } };
    expect(h.snapshot(T0).concurrency).toEqual({ limit: 7, in_flight: 7, adaptive: true, average_rtt_ms: 12.346 });
    state = { limit: 1, inFlight: 0, adaptive: { limit: 1, averageRttMs: undefined, baselineRttMs: undefined } };
    expect(h.snapshot(T0).concurrency).toEqual({ limit: 1, in_flight: 0, adaptive: true, average_rtt_ms: null });
  });

  it('counts filtered, dead-lettered by reason, retried and dropped', () => {
    const h = new DestinationHealth('d');
    h.recordFiltered(4);
    h.recordFiltered(1);
    h.recordDeadLettered(3, 'permanent');
    h.recordDeadLettered(2, 'window');
    h.recordDeadLettered(1, 'permanent');
    h.recordDropped(2);
    h.recordRetry();
    h.recordRetry(2);
    const s = h.snapshot(T0);
    expect(s.totals).toEqual({ sent: 0, failed: 0, filtered: 5, dead_lettered: 6, retried: 3, dropped: 2 });
    expect(s.dead_lettered_by_reason).toEqual({ permanent: 4, window: 2 });
  });

  it('keeps a bounded number of reasons, the rest under other', () => {
    const h = new DestinationHealth('d');
    for (let i = 0; i < MAX_REASONS + 10; i++) h.recordDeadLettered(1, `reason ${i}`);
    h.recordDeadLettered(5, 'reason 0');
    const byReason = h.snapshot(T0).dead_lettered_by_reason;
    expect(Object.keys(byReason)).toHaveLength(MAX_REASONS + 1);
    expect(byReason['reason 0']).toBe(6);
    expect(byReason.other).toBe(10);
    expect(h.snapshot(T0).totals.dead_lettered).toBe(MAX_REASONS + 15);
  });

  it('is plain JSON', () => {
    const h = new DestinationHealth('d', () => ({ depth: 1, bytes: 2, oldestEnqueuedAtMs: T0 }));
    h.recordSent(1, T0);
    h.recordFailure('x', 'E', T0);
    h.recordDeadLettered(1, '__proto__');
    const s = h.snapshot(T0 + 5);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(Object.keys(s.dead_lettered_by_reason)).toEqual(['__proto__']);
  });
});

describe('send rate', () => {
  it('is the events of the last 60 s over 60, the current second included', () => {
    const h = new DestinationHealth('d');
    for (let s = 0; s < 60; s++) h.recordSent(120, T0 + s * 1_000 + 500);
    expect(h.snapshot(T0 + 59_999).send_rate_per_second).toBe(120);
    // One second later the first bucket has left the window.
    expect(h.snapshot(T0 + 60_000).send_rate_per_second).toBe(118);
    expect(h.snapshot(T0 + 118_999).send_rate_per_second).toBe(2);
    expect(h.snapshot(T0 + 119_000).send_rate_per_second).toBe(0);
  });

  it('forgets a slot from an earlier lap of the ring', () => {
    const ring = new PerSecondRing(60);
    ring.add(1_000, T0);
    ring.add(7, T0 + 60_000); // the same slot, one lap later
    expect(ring.sum(T0 + 60_000)).toBe(7);
    ring.add(5, T0 + 60_000);
    expect(ring.sum(T0 + 60_500)).toBe(12);
    // The slot now holds a later second: asked about an earlier time, it counts for nothing.
    expect(ring.sum(T0 + 59_000)).toBe(0);
  });

  it('adds within a second and across seconds, whatever the order of calls in the window', () => {
    const ring = new PerSecondRing(60);
    const times = [3, 3, 10, 59, 0, 30, 30, 30].map((s) => T0 + s * 1_000 + 250);
    for (const t of times) ring.add(2, t);
    expect(ring.sum(T0 + 59_999)).toBe(16);
    expect(ring.sum(T0 + 60_000)).toBe(14);
    expect(ring.sum(T0 + 64_000)).toBe(10);
  });
});
