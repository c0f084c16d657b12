/**
 * What the inputs of `siemkit forward` feed: the forwarder (src/delivery/forwarder.ts) seen from
 * the inputs' side, no more. The inputs read records (stdin, a file, a followed file, HTTP), hand
 * them over in arrays, and report what was refused; the forwarder validates and queues.
 */

/** One event `emit` refused, and why. */
export interface EmitRejection {
  /** Its 0-based position in the array given to `emit`. */
  readonly index: number;
  /** Its `event_id`, when it had a readable one. */
  readonly eventId?: string;
  /** The findings (`validateEvent`'s `{ code, path, message }`, path a JSON pointer). */
  readonly errors: readonly { code: string; path: string; message: string }[];
}

export interface EmitResult {
  /** How many events were queued. */
  readonly accepted: number;
  readonly rejected: readonly EmitRejection[];
}

export interface IngestSink {
  /** Validates and queues durably; resolves once accepted events are durable. Never waits on a network. */
  emit(events: readonly unknown[]): Promise<EmitResult>;
  /** JSON-serialisable health of every destination. */
  status(): unknown;
  /** Prometheus text exposition. */
  metrics(): Promise<string>;
}
