/**
 * The `elastic` destination behind the real runtime: configured through `parseConfig` with its
 * API key as a secret reference, it delivers every emitted event once to the receiver's index,
 * through a whole-request 503, a 429 item and a 413, and dead-letters alone an event over the
 * configured `max_bytes` and an event the cluster refuses. No secret appears in what the runtime shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ElasticReceiver } from '../../../helpers/receivers/elastic.js';
import { startElasticReceiver } from '../../../helpers/receivers/elastic.js';
import { PASS } from '../../../helpers/receivers/vendor-server.js';
import { events } from '../fixtures.js';
import { forwardThrough } from '../forwarding.js';

const API_KEY = Buffer.from('fwd-id:fwd-key-0123456789').toString('base64');

const open: ElasticReceiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

describe('elastic through createForwarder', () => {
  it('delivers the emitted set through faults; only the refused and the oversize events are dead letters', async () => {
    const es = await startElasticReceiver({ apiKey: API_KEY, maxContentLength: 8_000 });
    open.push(es);
    const sent = events(60, 'fwd');
    const huge = { ...(sent[17] as (typeof sent)[number]), message: 'y'.repeat(9_000) };
    sent[17] = huge;
    es.fault(PASS, { status: 503, body: { error: { type: 'unavailable_shards_exception', reason: 'primary shard is not active' }, status: 503 } });
    es.failItem('evt_fwd_33', 'rejected', 2);
    es.failItem('evt_fwd_41', 'mapping');
    const run = await forwardThrough({ type: 'elastic', format: 'ecs', endpoint: es.url, index: 'siem-audit', api_key: '${env:ES_API_KEY}', max_bytes: 8_000, batch: { max_events: 25, flush_interval_ms: 5 } }, sent, { ES_API_KEY: API_KEY });
    expect(run.drained).toBe(true);
    const expected = sent.map((e) => e.event_id).filter((id) => id !== 'evt_fwd_17' && id !== 'evt_fwd_41');
    expect(new Set(es.eventIds())).toEqual(new Set(expected));
    expect(es.eventIds()).toHaveLength(expected.length);
    // The batcher kept every request within max_bytes: the cluster never answered 413.
    expect(es.requests.every((r) => r.answer !== undefined && 'status' in r.answer && r.answer.status !== 413)).toBe(true);
    expect(Math.max(...es.requests.map((r) => r.body?.length ?? 0))).toBeLessThanOrEqual(8_000);
    expect(run.deadLetters.map((l) => [l.event.event_id, l.status]).sort()).toEqual([
      ['evt_fwd_17', 'too_large'],
      ['evt_fwd_41', 400],
    ]);
    expect(run.deadLetters.find((l) => l.event.event_id === 'evt_fwd_41')?.reason).toContain('mapper_parsing_exception');
    expect(run.shown).not.toContain(API_KEY);
    expect(run.shown).not.toContain('fwd-key-0123456789');
  });
});
