/** Events, batches and contexts for the destination tests. */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { DestinationContext } from '../../../src/destinations/context.js';
import type { Batch } from '../../../src/destinations/destination.js';
import { recordFormat } from '../../../src/formats/record-format.js';
import { GOLDEN_EVENTS } from '../../golden/canonical-events.js';

export const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' } as const;

/** `n` distinct events (golden events in turn, each with its own `event_id`: `evt_<tag>_<i>`). */
export function events(n: number, tag = 't'): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) => ({ ...(GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] as CanonicalEvent), event_id: `evt_${tag}_${i}` }));
}

export function encoderFor(format = 'ocsf'): (event: CanonicalEvent) => string {
  const f = recordFormat(format);
  if (f === undefined) throw new Error(`no format ${format}`);
  return f.encoder({ product: PRODUCT });
}

export function contextFor(name: string, extra: Partial<DestinationContext> = {}): DestinationContext {
  const format = extra.format ?? 'ocsf';
  return { name, format, encode: encoderFor(format), dataDir: '/nonexistent', ...extra };
}

/** A batch of these events, encoded by `encode`. */
export function batchOf(list: readonly CanonicalEvent[], encode: (event: CanonicalEvent) => string = encoderFor()): Batch {
  return { records: list.map(encode), events: list };
}

export const never = (): AbortSignal => new AbortController().signal;
