/**
 * The `newrelic` destination: batches POSTed to the New Relic Log API as one block of common
 * attributes and its logs, gzip by default. docs/destinations/newrelic.md has the settings.
 */
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { DestinationType } from '../destination-type.js';
import type { Destination } from '../destination.js';
import { createPostingDestination } from '../transport/posting-destination.js';
import { classifyNewRelicAnswer } from './classify.js';
import type { NewRelicSettings } from './config.js';
import { NEW_RELIC_MAX_BYTES, NEW_RELIC_MAX_EVENTS, NEW_RELIC_SECRET_KEYS, NewRelicSettingsSchema } from './config.js';
import { envelopeBytes, LOGS_SEPARATOR_BYTES, logEntry } from './encode.js';
import { buildNewRelicRequest, planNewRelic } from './request.js';

export function createNewRelicDestination(settings: NewRelicSettings, context: DestinationContext): Destination {
  const plan = planNewRelic(context.name, settings, context.format);
  const encodeRecord = context.encode;
  return createPostingDestination(
    {
      type: 'newrelic',
      plan,
      limits: { maxEvents: NEW_RELIC_MAX_EVENTS, maxBytes: NEW_RELIC_MAX_BYTES, measuredOn: 'encoded', envelopeBytes: envelopeBytes(plan.envelope), separatorBytes: LOGS_SEPARATOR_BYTES },
      encode: (event, canonicalJson) => logEntry(encodeRecord(event, canonicalJson), event),
      request: buildNewRelicRequest,
      classify: classifyNewRelicAnswer,
    },
    context,
  );
}

export const NEWRELIC_DESTINATION_TYPE: DestinationType<typeof NewRelicSettingsSchema> = {
  type: 'newrelic',
  settings: NewRelicSettingsSchema,
  // The record is the log's `message`: any format; JSON ones are parsed into attributes by New Relic.
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'ocsf',
  defaultConcurrency: 'adaptive',
  secretKeys: NEW_RELIC_SECRET_KEYS,
  create: createNewRelicDestination,
};
