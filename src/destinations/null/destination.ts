/**
 * The `null` destination: accepts every batch and discards it. For measuring the runtime without a
 * receiver, and for dry runs of a configuration. The runtime counts what it "sent", as for any
 * destination.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { Destination } from '../destination.js';
import type { DestinationType } from '../destination-type.js';

/** No keys of its own. */
export const NullSettingsSchema = Type.Object({}, { additionalProperties: false });
export type NullSettings = Static<typeof NullSettingsSchema>;

export function createNullDestination(_settings: NullSettings, context: DestinationContext): Destination {
  return {
    name: context.name,
    type: 'null',
    // No receiver, no limit but the runtime's own batch settings.
    limits: { maxEvents: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER, measuredOn: 'encoded', envelopeBytes: 0, separatorBytes: 0 },
    // Records are still encoded, so a dry run finds the events its format cannot carry.
    encode: context.encode,
    ...(context.canonicalJsonRecords === true ? { canonicalJsonRecords: true } : {}),
    send: (_batch, signal) => (signal.aborted ? Promise.reject(signal.reason) : Promise.resolve()),
    // Nothing goes anywhere.
    preview: () => Promise.resolve([]),
    close: () => Promise.resolve(),
  };
}

export const NULL_DESTINATION_TYPE: DestinationType<typeof NullSettingsSchema> = {
  type: 'null',
  settings: NullSettingsSchema,
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'canonical',
  secretKeys: [],
  create: createNullDestination,
};
