/**
 * A destination as the delivery runtime sees it: a name, the batch limits it declares, how it
 * encodes one event, and how it sends a batch of encoded records. Everything vendor-specific (the
 * envelope, the request, the classification of the answer) stays inside its folder
 * (`src/destinations/<type>/`: config.ts, encode.ts, request.ts, classify.ts, index.ts).
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';

/** What the batcher must never exceed for this destination (the vendor's documented limits). */
export interface BatchLimits {
  /** Records per request. */
  readonly maxEvents: number;
  /** Bytes per request body (UTF-8), envelope and separators included. */
  readonly maxBytes: number;
  /**
   * Whether `maxBytes` is the vendor's limit on the body as encoded, or on the body after
   * compression. The batcher measures the encoded body either way: for any body near a vendor's
   * limit that is more than its gzip form (gzip adds about 20 bytes of framing, so only a tiny or
   * incompressible body grows, far below every limit).
   */
  readonly measuredOn: 'encoded' | 'compressed';
  /** Bytes the envelope adds once per request (`[` and `]` of a JSON array: 2). */
  readonly envelopeBytes: number;
  /** Bytes added between or after records (`,` in a JSON array, `\n` in NDJSON: 1). */
  readonly separatorBytes: number;
}

/** A record's UTF-8 bytes: `buffer[start, end)`, a range of a buffer that other records may share. */
export interface RecordBytes {
  readonly buffer: Buffer;
  readonly start: number;
  readonly end: number;
}

/** What `send` is given: the records in this destination's format, and the events they came from. */
export interface Batch {
  readonly records: readonly string[];
  readonly events: readonly CanonicalEvent[];
  /**
   * The records' UTF-8 bytes, one per record, when the runtime holds them already: for a
   * destination with `canonicalJsonRecords`, the queue's own bytes. A destination that frames them
   * (transport/utf8-join.ts `joinRecordBytes`) never reads `records`, which then are not decoded.
   */
  readonly recordBytes?: readonly RecordBytes[];
}

/**
 * What a destination would put on the wire for one batch, for `siemkit preview`: an HTTP request
 * (the body before compression, `gzip` saying whether it would be compressed), or the bytes written
 * to a syslog stream, a datagram, or a file. Secrets in the URL and headers are replaced by `***`.
 */
export type WirePreview =
  | { readonly kind: 'http'; readonly method: string; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer; readonly gzip: boolean }
  | { readonly kind: 'stream' | 'datagram' | 'file'; readonly to: string; readonly bytes: Buffer; readonly gzip?: boolean };

export interface Destination {
  readonly name: string;
  readonly type: string;
  readonly limits: BatchLimits;
  /**
   * One event in this destination's format. Throws `PermanentError` (or a `MappingError`) for an
   * event it can never carry; the runtime dead-letters that event alone. The runtime also passes
   * the event's canonical JSON text, as its queue holds it (`JSON.stringify(event)`), for a
   * destination whose records carry it (`DestinationContext.encode`); others ignore it.
   */
  encode(event: CanonicalEvent, canonicalJson?: string): string;
  /**
   * True when each record is the event's canonical JSON text, as `JSON.stringify` wrote it (the
   * `canonical` format), with nothing added. The runtime's queue holds those very bytes, so it
   * parses and encodes nothing for such a destination: `send` gets the queue's bytes as
   * `Batch.recordBytes`.
   */
  readonly canonicalJsonRecords?: boolean;
  /**
   * True when `send` reads `Batch.events`. The runtime parses each event to encode its record;
   * it keeps that event for the batch only for such a destination. For the others a batch in
   * flight holds its records and not also their events, which are parsed again if anything asks
   * (a dead letter): reading `events` always works, this only says what to keep.
   */
  readonly readsEvents?: boolean;
  /**
   * Called once for a batch as soon as the runtime has cut it, which may be while earlier batches
   * are still being sent; the first `send` of it gets this very object. A destination may start
   * work for that send here (the Sentinel destination compresses the body) and find it again by
   * the batch. What it does not finish (or throws on), `send` must do.
   */
  prepare?(batch: Batch): void;
  /**
   * Sends one batch. Resolves when the destination has it; rejects with `PermanentError`,
   * `ThrottleError` or `RetryItems` (src/destinations/errors.ts) when the answer says so, and with
   * any other error for what is worth retrying (network errors, timeouts, 5xx). Honours `signal`.
   */
  send(batch: Batch, signal: AbortSignal): Promise<void>;
  /**
   * The requests (or bytes) `send` would make for this batch, without sending anything or asking
   * for a token. For a batch within `limits`.
   */
  preview(batch: Batch): Promise<readonly WirePreview[]>;
  /** Releases connections and files. */
  close(): Promise<void>;
}
