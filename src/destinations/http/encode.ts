/**
 * Framing: how a batch of records becomes one request body, for each `body` mode, and what that
 * framing adds to the records' bytes (the limits the batcher counts with, ../destination.ts).
 * Records are JSON documents here (the `http` type takes JSON formats only).
 */
import type { RecordBytes } from '../destination.js';
import { joinRecordBytes, joinUtf8 } from '../transport/utf8-join.js';
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
  /** The body, as UTF-8 bytes. */
  frame(records: readonly string[]): Buffer;
  /** The same body from the records' UTF-8 bytes (`Batch.recordBytes`). */
  frameBytes(records: readonly RecordBytes[]): Buffer;
}

export const BODY_FRAMINGS: Readonly<Record<HttpBody, BodyFraming>> = {
  // RFC 8259 §5: one array of the records.
  json_array: { contentType: 'application/json', envelopeBytes: 2, separatorBytes: 1, frame: (records) => joinUtf8(records, ',', '[', ']'), frameBytes: (records) => joinRecordBytes(records, ',', '[', ']') },
  // NDJSON (and JSON Lines): every record ends with `\n`, the last one too.
  ndjson: { contentType: 'application/x-ndjson', envelopeBytes: 0, separatorBytes: 1, frame: (records) => joinUtf8(records, '\n', '', '\n'), frameBytes: (records) => joinRecordBytes(records, '\n', '', '\n') },
  // One record, as it is: a webhook per event.
  single: { contentType: 'application/json', envelopeBytes: 0, separatorBytes: 0, maxEvents: 1, frame: (records) => Buffer.from(records[0] ?? '', 'utf8'), frameBytes: (records) => joinRecordBytes(records.slice(0, 1), '') },
};
