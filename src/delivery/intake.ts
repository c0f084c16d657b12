/**
 * Intake: what `emit` does before any queue. Events are validated, written once as canonical JSON
 * (the bytes every queue keeps), and sorted per destination by its tenants and filter. The
 * in-thread forwarder (forwarder.ts) and the forwarder with a delivery thread
 * (threaded-forwarder.ts) share it, so an event goes to the same destinations whichever runs.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { EventTypeRegistry } from '../registry/registry.js';
import { validateEvent } from '../validate/canonical.js';
import type { DestinationConfig } from './config/load.js';
import type { DeadLetterRecord } from './dead-letter.js';
import { INVALID_EVENTS_DESTINATION } from './dead-letter.js';
import { compileFilter } from './filter.js';
import type { EmitRejection } from './inputs/ingest-sink.js';

/** One `emit` call's events, valid or not. */
export interface SortedEvents {
  readonly valid: CanonicalEvent[];
  readonly rejections: EmitRejection[];
  readonly invalid: { readonly value: unknown; readonly rejection: EmitRejection }[];
}

export function sortEvents(input: readonly unknown[], registry: EventTypeRegistry): SortedEvents {
  const rejections: EmitRejection[] = [];
  const valid: CanonicalEvent[] = [];
  const invalid: { value: unknown; rejection: EmitRejection }[] = [];
  input.forEach((value, i) => {
    const result = validateEvent(value, { registry });
    if (result.valid) {
      valid.push(value as CanonicalEvent);
      return;
    }
    const id = (value as { event_id?: unknown } | null)?.event_id;
    const rejection: EmitRejection = { index: i, ...(typeof id === 'string' ? { eventId: id } : {}), errors: result.errors.map((f) => ({ code: f.code, path: f.path, message: f.message })) };
    rejections.push(rejection);
    invalid.push({ value, rejection });
  });
  return { valid, rejections, invalid };
}

/** Which events a destination takes: its tenants, then its filter. */
export interface LaneSelector {
  /** Another tenant's event is not the destination's at all (not even counted as filtered). */
  readonly acceptsTenant: (tenant: string) => boolean;
  readonly accepts: (event: CanonicalEvent) => boolean;
}

export function laneSelector(dc: DestinationConfig): LaneSelector {
  const tenants = dc.tenants === undefined ? undefined : new Set(dc.tenants);
  return { acceptsTenant: (t) => tenants === undefined || tenants.has(t), accepts: compileFilter(dc.filter, dc.tenants) };
}

/** What one destination takes of a batch of valid events. */
export interface LaneSelection {
  /** Positions in the batch, ascending. */
  readonly indices: number[];
  /** Events of the destination's tenants that its filter kept out. */
  readonly filtered: number;
}

/** Per destination (in the order given), what it takes of `valid`. */
export function selectLanes(selectors: readonly LaneSelector[], valid: readonly CanonicalEvent[]): LaneSelection[] {
  return selectors.map((s) => {
    const indices: number[] = [];
    let filtered = 0;
    valid.forEach((e, i) => {
      if (!s.acceptsTenant(e.tenant_id)) return;
      if (s.accepts(e)) indices.push(i);
      else filtered++;
    });
    return { indices, filtered };
  });
}

/** Dead-letter records for events `validation: dead_letter` keeps out of every queue. */
export function invalidLetters(invalid: SortedEvents['invalid'], at: string): DeadLetterRecord<unknown>[] {
  return invalid.map(({ value, rejection }) => ({ event: value, destination: INVALID_EVENTS_DESTINATION, reason: rejection.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; '), status: 'invalid', attempts: 0, dead_lettered_at: at }));
}
