/**
 * The record formats a destination can write (DESIGN.md §5b `format`), as one explicit table:
 * each turns a canonical event into one record (a JSON document or a line), with the product
 * identity and event-type registry of the configuration.
 */
import { CanonicalEventSchema } from '../../schemas/canonical/event.js';
import { ecsTopLevelNames, toEcs } from '../mappers/ecs/index.js';
import { ocsfTopLevelNames, toOcsf } from '../mappers/ocsf/index.js';
import type { ProductIdentity } from '../mappers/product.js';
import type { EventTypeRegistry } from '../registry/registry.js';
import { canonicalJsonOf } from './canonical-json.js';
import type { RecordEncoder } from './record-encoder.js';
import { createCefEncoder } from './cef/index.js';
import { createLeefEncoder } from './leef/index.js';
import type { Rfc5424EncodeOptions } from './syslog/index.js';
import { createRfc3164Encoder, createRfc5424Encoder } from './syslog/index.js';

export interface RecordFormatOptions {
  readonly product: ProductIdentity;
  readonly registry?: EventTypeRegistry;
  /** For `leef` records and LEEF syslog bodies. Default: tab. */
  readonly leefDelimiter?: string;
  /** For the syslog formats: facility, enterprise number, hostname, PROCID, body (defaults in src/formats/syslog). */
  readonly syslog?: Omit<Rfc5424EncodeOptions, 'product' | 'registry' | 'leefDelimiter'>;
}

function identity(o: RecordFormatOptions): { product: ProductIdentity; registry?: EventTypeRegistry } {
  return { product: o.product, ...(o.registry !== undefined ? { registry: o.registry } : {}) };
}

function syslogOptions(o: RecordFormatOptions): Rfc5424EncodeOptions {
  return { ...o.syslog, ...identity(o), ...(o.leefDelimiter !== undefined ? { leefDelimiter: o.leefDelimiter } : {}) };
}

export interface RecordFormat {
  readonly name: string;
  /** Whether a record is a JSON document (it can go into a JSON array or NDJSON body). */
  readonly json: boolean;
  /** One event as one record: JSON text, or one line without its line ending. */
  encoder(options: RecordFormatOptions): RecordEncoder;
  /** True when the record is the event's canonical JSON text as `JSON.stringify` wrote it, nothing added. */
  readonly canonicalJson?: boolean;
  /**
   * For a JSON format: every top-level member name a record can hold, by the schema the format
   * follows (a superset; each record uses some). Read once, instead of each record's text.
   */
  readonly topLevelNames?: () => ReadonlySet<string>;
}

let canonicalNames: ReadonlySet<string> | undefined;
/** The canonical event's members (contract v1 closes the object: nothing else can be there). */
const canonicalTopLevelNames = (): ReadonlySet<string> => (canonicalNames ??= new Set(Object.keys(CanonicalEventSchema.properties)));

export const RECORD_FORMATS = [
  // The caller's JSON text of the event when it has one (canonical-json.ts), else the event serialised.
  { name: 'canonical', json: true, encoder: () => canonicalJsonOf, canonicalJson: true, topLevelNames: canonicalTopLevelNames },
  // Each format makes its options (and, for CEF and LEEF, its encoder) once, not per event.
  {
    name: 'ocsf',
    json: true,
    encoder: (o) => {
      const options = { product: o.product, ...(o.registry ? { registry: o.registry } : {}) };
      return (event) => JSON.stringify(toOcsf(event, options));
    },
    topLevelNames: ocsfTopLevelNames,
  },
  {
    name: 'ecs',
    json: true,
    encoder: (o) => {
      const options = o.registry ? { registry: o.registry } : {};
      return (event) => JSON.stringify(toEcs(event, options));
    },
    topLevelNames: ecsTopLevelNames,
  },
  { name: 'cef', json: false, encoder: (o) => createCefEncoder(identity(o)) },
  // The LEEF encoder checks the delimiter when it is made: a bad one is a configuration error.
  { name: 'leef', json: false, encoder: (o) => createLeefEncoder({ ...identity(o), ...(o.leefDelimiter !== undefined ? { delimiter: o.leefDelimiter } : {}) }) },
  { name: 'syslog5424', json: false, encoder: (o) => createRfc5424Encoder(syslogOptions(o)) },
  { name: 'syslog3164', json: false, encoder: (o) => createRfc3164Encoder(syslogOptions(o)) },
] as const satisfies readonly RecordFormat[];

export type RecordFormatName = (typeof RECORD_FORMATS)[number]['name'];

export const RECORD_FORMAT_NAMES: readonly RecordFormatName[] = RECORD_FORMATS.map((f) => f.name);

export function recordFormat(name: string): RecordFormat | undefined {
  return RECORD_FORMATS.find((f) => f.name === name);
}
