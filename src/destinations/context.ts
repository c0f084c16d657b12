/**
 * What the runtime gives a destination type's `create` beside the type's own settings: the
 * destination's name and record format, the encoder for that format (built by the runtime from
 * `RECORD_FORMATS`, src/formats/record-format.ts), TLS, the request deadline and a directory of
 * its own.
 */
import type { RecordEncoder } from '../formats/record-encoder.js';
import type { TlsSettings } from './tls-settings.js';

export interface DestinationContext {
  /** Unique among the configured destinations; named in every error message. */
  readonly name: string;
  /** The record format, one of the type's `formats`. */
  readonly format: string;
  /**
   * One event as one record in `format` (JSON text, or a line without its line ending), with the
   * event's canonical JSON text when the runtime has it (src/formats/record-encoder.ts).
   */
  readonly encode: RecordEncoder;
  /** True when a record in `format` is the event's canonical JSON text itself (the `canonical` format): see `Destination.canonicalJsonRecords`. */
  readonly canonicalJsonRecords?: boolean;
  readonly tls?: TlsSettings;
  /**
   * The destination's `timeout_ms` (a key every destination has): the deadline of one request the
   * destination makes, in ms. The runtime also aborts `send` through its signal; this bounds the
   * requests a destination makes outside `send`'s own (a token, an acknowledgement poll).
   */
  readonly timeoutMs?: number;
  /**
   * The most sends the runtime has in flight at once (the destination's `concurrency`, or its
   * `adaptive_concurrency.max_concurrency`): an HTTP destination keeps at least as many connections,
   * so that no send waits for another's connection. Absent: 1.
   */
  readonly maxConcurrency?: number;
  /** A directory for this destination's own state (created by the runtime). */
  readonly dataDir: string;
  /**
   * Where a destination reports what it sends but finds suspect (the Sentinel pre-flight lint's
   * warnings): one line, without the destination's name, which the runtime adds. The forwarder
   * writes it to its log; absent, nothing is reported.
   */
  readonly warn?: (message: string) => void;
}
