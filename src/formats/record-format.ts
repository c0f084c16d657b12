/**
 * The record formats a destination can write (DESIGN.md §5b `format`), as one explicit table:
 * each turns a canonical event into one record (a JSON document or a line), with the product
 * identity and event-type registry of the configuration.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { toEcs } from '../mappers/ecs/index.js';
import { toOcsf } from '../mappers/ocsf/index.js';
import type { ProductIdentity } from '../mappers/product.js';
import type { EventTypeRegistry } from '../registry/registry.js';

export interface RecordFormatOptions {
  readonly product: ProductIdentity;
  readonly registry?: EventTypeRegistry;
}

export interface RecordFormat {
  readonly name: string;
  /** Whether a record is a JSON document (it can go into a JSON array or NDJSON body). */
  readonly json: boolean;
  /** One event as one record: JSON text, or one line without its line ending. */
  encoder(options: RecordFormatOptions): (event: CanonicalEvent) => string;
  /** The record from the event's canonical JSON text (as `JSON.stringify` wrote it), where no parse is needed. */
  readonly fromCanonicalJson?: (json: string) => string;
}

export const RECORD_FORMATS = [
  { name: 'canonical', json: true, encoder: () => (event) => JSON.stringify(event), fromCanonicalJson: (json) => json },
  { name: 'ocsf', json: true, encoder: (o) => (event) => JSON.stringify(toOcsf(event, { product: o.product, ...(o.registry ? { registry: o.registry } : {}) })) },
  { name: 'ecs', json: true, encoder: (o) => (event) => JSON.stringify(toEcs(event, o.registry ? { registry: o.registry } : {})) },
] as const satisfies readonly RecordFormat[];

export type RecordFormatName = (typeof RECORD_FORMATS)[number]['name'];

export const RECORD_FORMAT_NAMES: readonly RecordFormatName[] = RECORD_FORMATS.map((f) => f.name);

export function recordFormat(name: string): RecordFormat | undefined {
  return RECORD_FORMATS.find((f) => f.name === name);
}
