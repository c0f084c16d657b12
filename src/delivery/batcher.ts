/**
 * Cuts items into batches that never exceed the destination's limits (DESIGN.md §5): at most
 * `maxEvents` records and `maxBytes` bytes of body, counting the envelope once and a separator per
 * record. An item that cannot fit even alone is returned apart: it is a permanent failure for that
 * event only, never for its neighbours.
 */
import type { BatchLimits } from '../destinations/destination.js';

export interface BatchPlan<T> {
  readonly batches: T[][];
  readonly oversize: T[];
}

export interface EffectiveLimits {
  readonly maxEvents: number;
  readonly maxBytes: number;
  readonly envelopeBytes: number;
  readonly separatorBytes: number;
}

/** The tighter of what the destination declares and what the configuration asks. */
export function effectiveLimits(declared: BatchLimits, configured: { max_events: number; max_bytes: number }): EffectiveLimits {
  return {
    maxEvents: Math.max(1, Math.min(declared.maxEvents, configured.max_events)),
    maxBytes: Math.max(1, Math.min(declared.maxBytes, configured.max_bytes)),
    envelopeBytes: declared.envelopeBytes,
    separatorBytes: declared.separatorBytes,
  };
}

export function planBatches<T extends { readonly bytes: number }>(items: readonly T[], limits: EffectiveLimits): BatchPlan<T> {
  const batches: T[][] = [];
  const oversize: T[] = [];
  let current: T[] = [];
  let size = limits.envelopeBytes;
  for (const item of items) {
    const cost = item.bytes + limits.separatorBytes;
    if (limits.envelopeBytes + cost > limits.maxBytes) {
      oversize.push(item);
      continue;
    }
    if (current.length === limits.maxEvents || size + cost > limits.maxBytes) {
      batches.push(current);
      current = [];
      size = limits.envelopeBytes;
    }
    current.push(item);
    size += cost;
  }
  if (current.length > 0) batches.push(current);
  return { batches, oversize };
}
