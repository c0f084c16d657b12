/**
 * Prometheus metrics (src/delivery/metrics.ts, docs/health.md): counters the engine increments,
 * gauges read from real DestinationHealth snapshots at scrape time, in a registry of their own.
 */
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DestinationHealth } from '../../../src/delivery/health.js';
import { createMetrics } from '../../../src/delivery/metrics.js';
import type { QueueStats } from '../../../src/delivery/queue/queue.js';

/** The samples of the exposition text as `name{labels} value` lines, comments left out. */
function samples(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('createMetrics', () => {
  it('exposes the counters the engine increments, by destination and reason', async () => {
    const m = createMetrics();
    m.emitted.inc(5);
    m.rejected.inc();
    m.sent.inc({ destination: 'splunk-prod' }, 3);
    m.failed.inc({ destination: 'splunk-prod' }, 2);
    m.filtered.inc({ destination: 'file' }, 4);
    m.deadLettered.inc({ destination: 'splunk-prod', reason: 'permanent' }, 1);
    m.deadLettered.inc({ destination: 'splunk-prod', reason: 'window' }, 6);
    m.retries.inc({ destination: 'splunk-prod' });
    const lines = samples(await m.text());
    expect(lines).toEqual(
      expect.arrayContaining([
        'siemkit_events_emitted_total 5',
        'siemkit_events_rejected_total 1',
        'siemkit_events_sent_total{destination="splunk-prod"} 3',
        'siemkit_events_failed_total{destination="splunk-prod"} 2',
        'siemkit_events_filtered_total{destination="file"} 4',
        'siemkit_events_dead_lettered_total{destination="splunk-prod",reason="permanent"} 1',
        'siemkit_events_dead_lettered_total{destination="splunk-prod",reason="window"} 6',
        'siemkit_retries_total{destination="splunk-prod"} 1',
      ]),
    );
    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('observes request durations in the documented buckets', async () => {
    const m = createMetrics();
    m.requestDuration.observe({ destination: 'd', outcome: 'delivered' }, 0.03);
    m.requestDuration.observe({ destination: 'd', outcome: 'delivered' }, 2);
    m.requestDuration.observe({ destination: 'd', outcome: 'retry' }, 31);
    const lines = samples(await m.text());
    expect(lines).toContain('siemkit_request_duration_seconds_bucket{le="0.025",destination="d",outcome="delivered"} 0');
    expect(lines).toContain('siemkit_request_duration_seconds_bucket{le="0.05",destination="d",outcome="delivered"} 1');
    expect(lines).toContain('siemkit_request_duration_seconds_bucket{le="2.5",destination="d",outcome="delivered"} 2');
    expect(lines).toContain('siemkit_request_duration_seconds_bucket{le="60",destination="d",outcome="retry"} 1');
    expect(lines).toContain('siemkit_request_duration_seconds_count{destination="d",outcome="delivered"} 2');
  });

  it('reads the gauges from the health snapshots at each scrape, once per scrape', async () => {
    let now = Date.parse('2026-11-22T09:00:00.000Z');
    let stats: QueueStats = { depth: 42, bytes: 8_400, oldestEnqueuedAtMs: now - 12_500 };
    const up = new DestinationHealth('up', () => stats, () => ({ limit: 6, inFlight: 5, adaptive: { limit: 6, averageRttMs: 250, baselineRttMs: 200 } }));
    const down = new DestinationHealth('down');
    const fresh = new DestinationHealth('fresh');
    const throttled = new DestinationHealth('throttled');
    throttled.recordSent(1, now - 1_000);
    throttled.recordFailure('429 Too Many Requests', 429, now);
    throttled.pause(); // waiting out a Retry-After
    const held = new DestinationHealth('held');
    held.recordSent(1, now);
    held.pause();
    up.recordSent(1, now);
    down.recordFailure('503', 503, now);
    let destinations = [up, down, fresh, throttled, held];
    let reads = 0;
    const m = createMetrics();
    m.collectHealth(() => {
      reads++;
      return destinations.map((d) => d.snapshot(now));
    });
    let lines = samples(await m.text());
    expect(reads).toBe(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        'siemkit_queue_depth{destination="up"} 42',
        'siemkit_queue_bytes{destination="up"} 8400',
        'siemkit_queue_oldest_age_seconds{destination="up"} 12.5',
        'siemkit_queue_depth{destination="down"} 0',
        'siemkit_queue_oldest_age_seconds{destination="down"} 0',
        'siemkit_destination_up{destination="up"} 1',
        'siemkit_destination_up{destination="down"} 0',
        'siemkit_destination_up{destination="fresh"} 1',
        'siemkit_destination_up{destination="throttled"} 0',
        'siemkit_destination_up{destination="held"} 1',
        'siemkit_concurrency_limit{destination="up"} 6',
        'siemkit_requests_in_flight{destination="up"} 5',
        'siemkit_adaptive_concurrency_rtt_seconds{destination="up"} 0.25',
        'siemkit_concurrency_limit{destination="down"} 1',
        'siemkit_requests_in_flight{destination="down"} 0',
      ]),
    );
    // A destination without adaptive concurrency has no RTT series.
    expect(lines.filter((l) => l.startsWith('siemkit_adaptive_concurrency_rtt_seconds{destination="down"}'))).toEqual([]);
    // The next scrape sees the new figures, and a destination that is gone leaves no series.
    now += 10_000;
    stats = { depth: 0, bytes: 0, oldestEnqueuedAtMs: undefined };
    down.recordSent(3, now);
    destinations = [up, down];
    lines = samples(await m.text());
    expect(reads).toBe(2);
    expect(lines).toEqual(expect.arrayContaining(['siemkit_queue_depth{destination="up"} 0', 'siemkit_queue_oldest_age_seconds{destination="up"} 0', 'siemkit_destination_up{destination="down"} 1']));
    expect(lines.filter((l) => l.includes('"fresh"'))).toEqual([]);
  });

  it('keeps to a registry of its own: two instances side by side, nothing in the global one', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.emitted.inc(2);
    expect(samples(await a.text())).toContain('siemkit_events_emitted_total 2');
    expect(samples(await b.text())).toContain('siemkit_events_emitted_total 0');
    expect(globalRegistry.getSingleMetric('siemkit_events_emitted_total')).toBeUndefined();
    expect(a.registry).not.toBe(globalRegistry);
  });
});
