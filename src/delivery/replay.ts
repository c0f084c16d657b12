/**
 * `siemkit dlq replay`: sends a destination's dead letters again through the same chain. Each
 * record's event is validated again (a record whose event is still invalid stays); the valid ones
 * are queued durably first, and only then removed from the dead-letter file, so a crash in between
 * duplicates events and never loses one. What fails again returns to the file with a new reason.
 * For `_invalid` (events that failed validation and were dead-lettered), the fixed events go to
 * every destination that takes them, as if emitted anew.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { EventTypeRegistry } from '../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../registry/registry.js';
import { validateEvent } from '../validate/canonical.js';
import type { ForwarderConfig } from './config/load.js';
import { DeadLetterFile, deadLetterPath, INVALID_EVENTS_DESTINATION } from './dead-letter.js';
import { createForwarder } from './forwarder.js';
import { Redactor } from '../destinations/transport/redactor.js';

export interface ReplayOptions {
  readonly registry?: EventTypeRegistry;
  /** How long to wait for the replayed events to be delivered (default 30 s). */
  readonly drainTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface ReplayResult {
  readonly destination: string;
  /** Records in the file when the replay began. */
  readonly records: number;
  /** Records whose event was queued again (and removed from the file). */
  readonly replayed: number;
  /** Records left in the file because their event is still invalid. */
  readonly still_invalid: number;
  /** Replayed events that failed again and are back in the file. */
  readonly dead_lettered_again: number;
  /** Whether every replayed event was delivered or dead-lettered again within the drain timeout. */
  readonly drained: boolean;
}

export async function replayDeadLetters(config: ForwarderConfig, destination: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const isInvalidLane = destination === INVALID_EVENTS_DESTINATION;
  const targets = isInvalidLane ? config.destinations : config.destinations.filter((d) => d.name === destination);
  if (targets.length === 0) throw new Error(`no destination named "${destination}" (${[...config.destinations.map((d) => d.name), INVALID_EVENTS_DESTINATION].join(', ')})`);
  const redactor = new Redactor();
  for (const s of config.secrets) redactor.add(s);
  const file = new DeadLetterFile<unknown>(deadLetterPath(config.data_dir, destination), (s) => redactor.redact(s));

  // The file as it is now: record k (in file order) is replayed when its event is valid.
  const replay = new Set<number>();
  const events: CanonicalEvent[] = [];
  let records = 0;
  for await (const line of file.read()) {
    if (!('record' in line)) continue;
    const k = records++;
    if (validateEvent(line.record.event, { registry }).valid) {
      replay.add(k);
      events.push(line.record.event as CanonicalEvent);
    }
  }
  if (events.length === 0) return { destination, records, replayed: 0, still_invalid: records, dead_lettered_again: 0, drained: true };

  const forwarder = await createForwarder({ ...config, destinations: targets, validation: 'reject' }, { registry, ...(options.log !== undefined ? { log: options.log } : {}) });
  let drained = false;
  try {
    await forwarder.accept(events);
    // Records are given to `keep` in file order; those past the snapshot were written by this replay.
    let k = 0;
    await file.rewrite(() => !replay.has(k++));
  } finally {
    drained = (await forwarder.close({ deadlineMs: options.drainTimeoutMs ?? 30_000 })).drained;
  }
  return { destination, records, replayed: events.length, still_invalid: records - events.length, dead_lettered_again: forwarder.deadLettered, drained };
}
