/**
 * A destination's records made at emit: while `emit` holds an event it has just validated and
 * written as canonical JSON, it makes the destination's record from the event itself, and the
 * pipeline takes that record when it reads the event back from the queue, instead of parsing the
 * queued JSON again to make the same record (the parse and its garbage were about a sixth of the
 * CPU of forwarding OCSF to Sentinel).
 *
 * Nothing is trusted that could differ from the queued record:
 * - a record is made only from an event that JSON gives back unchanged (json-faithful.ts), so it
 *   is the record the queued JSON would make;
 * - a record is taken only for the queue entry whose bytes are the very bytes it was made beside
 *   (an append that failed leaves its seqs unused, and the next append's records get them: the
 *   records made for the failed append are compared with those entries and refused, never sent as
 *   another event's record);
 * - the record is a string, which nothing can change once made, so the caller may reuse its
 *   objects as soon as `emit` returns.
 *
 * What is not taken costs only the work done ahead: the pipeline parses the queued JSON as it does
 * after a restart, a rewind, or for an event made elsewhere. Made records wait for the pipeline's
 * next reads, at most `maxBytes` of them (records and their JSON together): behind a destination
 * that is down, emit stops making them and the backlog is read from the queue alone.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { RecordBytes } from '../destinations/destination.js';
import { isJsonFaithful } from './json-faithful.js';

interface Made {
  /** The event's canonical JSON as appended. */
  readonly data: Uint8Array;
  readonly record: string;
  /** What it holds in memory, counted against the cap (record length plus JSON bytes). */
  readonly size: number;
}

export class RecordsMadeAtEmit {
  /** By seq, oldest first (made in append order, and appends number their records in call order). */
  readonly #made = new Map<number, Made>();
  #size = 0;

  constructor(
    private readonly encode: (event: CanonicalEvent, canonicalJson?: string) => string,
    private readonly maxBytes: number,
  ) {}

  /**
   * Makes the records of `events`, which are about to be appended as `data` (their canonical JSON,
   * `texts` decoded) with seqs from `firstSeq` on. An event that cannot be encoded, or is not plain
   * JSON data, gets none (the pipeline deals with it from the queue).
   */
  make(firstSeq: number, events: readonly CanonicalEvent[], data: readonly Uint8Array[], texts?: readonly string[]): void {
    for (let i = 0; i < events.length; i++) {
      if (this.#size >= this.maxBytes) return;
      const event = events[i] as CanonicalEvent;
      const bytes = data[i];
      if (bytes === undefined || !isJsonFaithful(event)) continue;
      let record: string;
      try {
        record = this.encode(event, texts?.[i]);
      } catch {
        continue;
      }
      const made: Made = { data: bytes, record, size: record.length + bytes.byteLength };
      // A record made for a failed append, whose seq this one has now: replaced.
      const replaced = this.#made.get(firstSeq + i);
      if (replaced !== undefined) this.#size -= replaced.size;
      this.#made.set(firstSeq + i, made);
      this.#size += made.size;
    }
  }

  /**
   * The record made for the entry `seq`, if the entry's bytes are the ones it was made beside.
   * Forgets it, and every record made for an earlier seq (read past: they will not be asked for).
   */
  take(seq: number, bytes: RecordBytes): string | undefined {
    for (const [s, made] of this.#made) {
      if (s > seq) return undefined;
      this.#made.delete(s);
      this.#size -= made.size;
      if (s === seq) return bytes.buffer.compare(made.data, 0, made.data.byteLength, bytes.start, bytes.end) === 0 ? made.record : undefined;
    }
    return undefined;
  }

  /** Records held, and what they take (for tests). */
  get held(): { readonly records: number; readonly bytes: number } {
    return { records: this.#made.size, bytes: this.#size };
  }
}
