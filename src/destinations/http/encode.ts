/**
 * Framing: how a batch of records becomes one request body, for each `body` mode, and what that
 * framing adds to the records' bytes (the limits the batcher counts with, ../destination.ts).
 * Records are JSON documents here (the `http` type takes JSON formats only).
 */
import type { HttpBody } from './config.js';

export interface BodyFraming {
  /** `Content-Type` of the body. */
  readonly contentType: string;
  /** Bytes the framing adds once per body. */
  readonly envelopeBytes: number;
  /** Bytes it adds per record (a `,` between array items, a `\n` after each NDJSON line). */
  readonly separatorBytes: number;
  /** Records per body at most, when the framing itself limits them. */
  readonly maxEvents?: number;
  frame(records: readonly string[]): string;
}

export const BODY_FRAMINGS: Readonly<Record<HttpBody, BodyFraming>> = {
  // RFC 8259 §5: one array of the records.
  json_array: { contentType: 'application/json', envelopeBytes: 2, separatorBytes: 1, frame: (records) => `[${records.join(',')}]` },
  // NDJSON (and JSON Lines): every record ends with `\n`, the last one too.
  ndjson: { contentType: 'application/x-ndjson', envelopeBytes: 0, separatorBytes: 1, frame: (records) => `${records.join('\n')}\n` },
  // One record, as it is: a webhook per event.
  single: { contentType: 'application/json', envelopeBytes: 0, separatorBytes: 0, maxEvents: 1, frame: (records) => records[0] ?? '' },
};
