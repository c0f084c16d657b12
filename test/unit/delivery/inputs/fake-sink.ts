/**
 * An in-memory IngestSink for the input tests: the forwarder is the inputs' collaborator, not the
 * unit under test. It validates with the real `validateEvent` and can be told to hold or fail.
 */
import type { EmitRejection, EmitResult, IngestSink } from '../../../../src/delivery/inputs/ingest-sink.js';
import { validateEvent } from '../../../../src/validate/canonical.js';

export class FakeSink implements IngestSink {
  /** Every accepted event, in order. */
  readonly events: unknown[] = [];
  /** The arrays `emit` was called with. */
  readonly calls: (readonly unknown[])[] = [];
  /** When set, `emit` waits for it before accepting. */
  gate: Promise<void> | undefined;
  /** When set, `emit` rejects with it. */
  failure: Error | undefined;

  async emit(events: readonly unknown[]): Promise<EmitResult> {
    this.calls.push(events);
    if (this.gate !== undefined) await this.gate;
    if (this.failure !== undefined) throw this.failure;
    const rejected: EmitRejection[] = [];
    let accepted = 0;
    events.forEach((event, index) => {
      const result = validateEvent(event);
      if (result.valid) {
        accepted++;
        this.events.push(event);
        return;
      }
      const id = (event as { event_id?: unknown } | null)?.event_id;
      rejected.push({ index, ...(typeof id === 'string' ? { eventId: id } : {}), errors: result.errors.map((e) => ({ code: e.code, path: e.path, message: e.message })) });
    });
    return { accepted, rejected };
  }

  status(): unknown {
    return { destinations: [{ name: 'file-local', state: 'ok', queue_depth: this.events.length }] };
  }

  async metrics(): Promise<string> {
    return `# TYPE siemkit_events_accepted_total counter\nsiemkit_events_accepted_total ${this.events.length}\n`;
  }
}

/** Resolves when `check` holds, checking every few milliseconds (tests assert outcomes, never durations). */
export async function eventually(check: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  for (let i = 0; i < 5_000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
