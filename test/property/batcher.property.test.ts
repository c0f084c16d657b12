/**
 * Properties of batching (DESIGN.md §5, "Batching"):
 *   - planBatches: no batch over max events or max bytes (envelope once, a separator per record);
 *     exactly the records that cannot fit alone are set apart; the rest come out once each, in
 *     order; and a batch is cut only when the next record would not fit in it;
 *   - the destination pipeline, end to end over a real memory queue: every request body, as the
 *     destination frames it, is within the limits in UTF-8 bytes, whatever the characters; a record
 *     too big alone is a permanent failure for itself only; every other record is delivered once,
 *     in order.
 *
 * Runs: SIEMKIT_PROPERTY_RUNS per property (default 1,000; `npx tsx scripts/property-100k.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EffectiveLimits } from '../../src/delivery/batcher.js';
import { planBatches } from '../../src/delivery/batcher.js';
import { createMemoryQueue } from '../../src/delivery/queue/memory-queue.js';
import { jsonRecords, observedPipeline } from '../helpers/pipeline.js';
import { scriptedDestination } from '../helpers/scripted-destination.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);

const limitsArb: fc.Arbitrary<EffectiveLimits> = fc.record({
  maxEvents: fc.integer({ min: 1, max: 12 }),
  maxBytes: fc.integer({ min: 1, max: 400 }),
  envelopeBytes: fc.integer({ min: 0, max: 4 }),
  separatorBytes: fc.integer({ min: 0, max: 2 }),
});

const cost = (bytes: number, l: EffectiveLimits): number => bytes + l.separatorBytes;
const batchBytes = (batch: readonly { bytes: number }[], l: EffectiveLimits): number => batch.reduce((s, i) => s + cost(i.bytes, l), l.envelopeBytes);

describe('planBatches (property)', () => {
  it('keeps every batch within the limits, sets apart exactly the records too big alone, and loses, repeats or reorders nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 300 }), { maxLength: 80 }), limitsArb, (sizes, limits) => {
        const items = sizes.map((bytes, i) => ({ i, bytes }));
        const { batches, oversize } = planBatches(items, limits);
        for (const b of batches) {
          expect(b.length).toBeGreaterThan(0);
          expect(b.length).toBeLessThanOrEqual(limits.maxEvents);
          expect(batchBytes(b, limits)).toBeLessThanOrEqual(limits.maxBytes);
        }
        const tooBig = items.filter((it) => limits.envelopeBytes + cost(it.bytes, limits) > limits.maxBytes);
        expect(oversize).toEqual(tooBig);
        // The same objects, once each, in input order.
        const fits = items.filter((it) => !tooBig.includes(it));
        const out = batches.flat();
        expect(out.length).toBe(fits.length);
        out.forEach((it, k) => expect(it).toBe(fits[k]));
        // Greedy: a batch was cut only because the next record would have broken a limit.
        for (let k = 0; k + 1 < batches.length; k++) {
          const b = batches[k] as { bytes: number }[];
          const next = (batches[k + 1] as { bytes: number }[])[0] as { bytes: number };
          expect(b.length === limits.maxEvents || batchBytes(b, limits) + cost(next.bytes, limits) > limits.maxBytes).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** How the destination frames a batch into a body, and what that adds (its declared envelope and separator). */
const FRAMINGS = {
  json_array: { envelopeBytes: 2, separatorBytes: 1, body: (records: readonly string[]) => `[${records.join(',')}]` },
  ndjson: { envelopeBytes: 0, separatorBytes: 1, body: (records: readonly string[]) => records.map((r) => `${r}\n`).join('') },
} as const;

/** Text of every width in UTF-8: ASCII, 2-byte (é), 3-byte (€, 漢), 4-byte (emoji, astral). */
const textArb = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', 'é', 'ß', '€', '漢', '😀', '𝔸'), maxLength: 40 });

describe('destination pipeline batching (property)', () => {
  it('sends bodies within the limits in UTF-8 bytes, dead-letters only the records too big alone, and delivers the rest once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(textArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...(Object.keys(FRAMINGS) as (keyof typeof FRAMINGS)[])),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 200 }),
        async (texts, framingName, maxEvents, maxBytes) => {
          const framing = FRAMINGS[framingName];
          const destination = scriptedDestination({
            limits: { maxEvents, maxBytes, envelopeBytes: framing.envelopeBytes, separatorBytes: framing.separatorBytes },
            encode: (e) => e.message ?? '',
          });
          const queue = createMemoryQueue();
          const events = texts.map((message, i) => ({ event_id: `e${i}`, message }));
          await queue.append(jsonRecords(events));
          const { pipeline, undeliverable, faults } = observedPipeline(destination, queue);
          pipeline.start();
          await pipeline.settledAtLeast(events.length);
          await pipeline.shutdown();

          expect(faults).toEqual([]);
          for (const batch of destination.sent) {
            expect(batch.records.length).toBeLessThanOrEqual(maxEvents);
            expect(Buffer.byteLength(framing.body(batch.records), 'utf8')).toBeLessThanOrEqual(maxBytes);
          }
          const alone = (t: string): number => Buffer.byteLength(framing.body([t]), 'utf8') + (framingName === 'json_array' ? 1 : 0);
          const tooBig = events.filter((e) => alone(e.message) > maxBytes).map((e) => e.event_id);
          expect(undeliverable.map((u) => u.item.event.event_id)).toEqual(tooBig);
          expect(undeliverable.every((u) => u.kind === 'permanent' && u.status === 'too_large')).toBe(true);
          expect(destination.sent.flatMap((b) => b.eventIds)).toEqual(events.map((e) => e.event_id).filter((id) => !tooBig.includes(id)));
          expect(queue.stats().depth).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});
