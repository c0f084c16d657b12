/**
 * Sample events as the records a destination sends: the canonical event itself, or its OCSF 1.1.0
 * or ECS 9.4 mapping, encoded by the same record formats the runtime uses (src/formats), so a
 * sample is byte for byte what siemkit would deliver.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { recordFormat } from '../formats/record-format.js';
import type { ProductIdentity } from '../mappers/product.js';

/** The JSON formats samples are written in. */
export const SAMPLE_FORMATS = ['ocsf', 'ecs', 'canonical'] as const;
export type SampleFormat = (typeof SAMPLE_FORMATS)[number];

/** The product identity stamped on sample records when none is given. */
export const SAMPLE_PRODUCT: ProductIdentity = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };

/** Each event as its record's JSON text in `format`. */
export function encodeSamples(events: readonly CanonicalEvent[], format: SampleFormat, product: ProductIdentity = SAMPLE_PRODUCT): string[] {
  const encode = (recordFormat(format) as NonNullable<ReturnType<typeof recordFormat>>).encoder({ product });
  return events.map((e) => encode(e));
}

/** Each event as its record in `format`, parsed. */
export function sampleRecords(events: readonly CanonicalEvent[], format: SampleFormat, product: ProductIdentity = SAMPLE_PRODUCT): Record<string, unknown>[] {
  return encodeSamples(events, format, product).map((text) => JSON.parse(text) as Record<string, unknown>);
}
