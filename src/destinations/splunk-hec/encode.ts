/**
 * Events and bodies for HEC (wire-protocols.md §1.3, §1.4).
 *
 * `event` target: each record is wrapped in a JSON envelope, and a body is the envelopes one after
 * another, with nothing between them (concatenated JSON objects, as Vector and splunk-logging send):
 *
 *   {"time":1426279439.500,"host":"h","source":"s","sourcetype":"siemkit:ocsf","index":"i","fields":{"tenant_id":"t"},"event":{...}}{"time":...}
 *
 * `time` is the canonical `timestamp` in epoch seconds with milliseconds, always written as a plain
 * decimal (scientific notation was seen to draw code 15, §1.3). A JSON record is the `event` object
 * itself; a line record (CEF, LEEF, syslog) is the `event` string.
 *
 * `raw` target: each record is one line, `\n` between them; the metadata travels in the query string
 * (request.ts), and Splunk breaks lines and reads times per the sourcetype.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { epochMs } from '../../formats/epoch-ms.js';
import type { RecordEncoder } from '../../formats/record-encoder.js';
import { PermanentError } from '../errors.js';
import { frameLinesUtf8, oneLine } from '../transport/lines.js';
import { joinUtf8 } from '../transport/utf8-join.js';
import type { HecEndpointTarget, HecIndexedField } from './config.js';

/** Epoch milliseconds as seconds with three decimals, never in exponent form (`-1.500`, `1426279439.007`). */
export function epochSecondsText(ms: number): string {
  const abs = Math.abs(Math.trunc(ms));
  const sign = ms < 0 ? '-' : '';
  return `${sign}${Math.floor(abs / 1_000)}.${String(abs % 1_000).padStart(3, '0')}`;
}

/** The envelope metadata every event of a destination carries. */
export interface EnvelopeMetadata {
  readonly host?: string;
  readonly source?: string;
  readonly sourcetype: string;
  readonly index?: string;
  /** Static indexed fields. */
  readonly fields: Readonly<Record<string, string>>;
  /** Canonical fields sent as indexed fields of the same name. */
  readonly indexedFields: readonly HecIndexedField[];
}

function indexedValue(event: CanonicalEvent, field: HecIndexedField): string | undefined {
  switch (field) {
    case 'actor.id':
      return event.actor.id;
    case 'actor.type':
      return event.actor.type;
    default:
      return event[field];
  }
}

/**
 * The encoder of the `event` target: one canonical event as one envelope, around its record in the
 * destination's format (`json`: whether that record is a JSON document).
 */
export function createEnvelopeEncoder(metadata: EnvelopeMetadata, encodeRecord: RecordEncoder, json: boolean): RecordEncoder {
  // What is the same for every event is serialised once.
  const fixed = [
    metadata.host !== undefined ? `,"host":${JSON.stringify(metadata.host)}` : '',
    metadata.source !== undefined ? `,"source":${JSON.stringify(metadata.source)}` : '',
    `,"sourcetype":${JSON.stringify(metadata.sourcetype)}`,
    metadata.index !== undefined ? `,"index":${JSON.stringify(metadata.index)}` : '',
  ].join('');
  const staticFields = Object.entries(metadata.fields).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  const indexed = metadata.indexedFields;
  return (event, canonicalJson) => {
    const record = encodeRecord(event, canonicalJson);
    let fields = staticFields;
    if (indexed.length > 0) {
      fields = [...staticFields];
      for (const name of indexed) {
        const value = indexedValue(event, name);
        if (value !== undefined) fields.push(`${JSON.stringify(name)}:${JSON.stringify(value)}`);
      }
    }
    const fieldsText = fields.length > 0 ? `,"fields":{${fields.join(',')}}` : '';
    const ms = epochMs(event.timestamp).ms;
    if (!Number.isFinite(ms)) throw new PermanentError('the event has no valid timestamp for the envelope `time`', 'invalid_time');
    const time = epochSecondsText(ms);
    return `{"time":${time}${fixed}${fieldsText},"event":${json ? record : JSON.stringify(record)}}`;
  };
}

/**
 * The encoder of the `raw` target: the record itself, which must be one line (Splunk's default line
 * breaker, `([\r\n]+)`, would cut it into several events).
 */
export function createRawEncoder(destination: string, encodeRecord: RecordEncoder): RecordEncoder {
  return (event, canonicalJson) => oneLine(destination, encodeRecord(event, canonicalJson));
}

/** How records become one body, and what that adds to their bytes (the batcher's limits, ../destination.ts). */
export interface HecFraming {
  readonly contentType: string;
  readonly envelopeBytes: number;
  readonly separatorBytes: number;
  /** The body's UTF-8 bytes. */
  frame(records: readonly string[]): Buffer;
}

export const HEC_FRAMINGS: Readonly<Record<HecEndpointTarget, HecFraming>> = {
  event: { contentType: 'application/json', envelopeBytes: 0, separatorBytes: 0, frame: (records) => joinUtf8(records, '') },
  raw: { contentType: 'text/plain; charset=utf-8', envelopeBytes: 0, separatorBytes: 1, frame: frameLinesUtf8 },
};
