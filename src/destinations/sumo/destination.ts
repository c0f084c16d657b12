/**
 * The `sumo` destination: batches POSTed to a Sumo Logic HTTP Logs Source, one message per line,
 * gzip by default, with the source category, name, host and fields given as `X-Sumo-*` headers.
 * The URL is a secret. docs/destinations/sumo.md has the settings.
 */
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { DestinationType } from '../destination-type.js';
import type { Destination } from '../destination.js';
import { createPostingDestination } from '../transport/posting-destination.js';
import { classifySumoAnswer } from './classify.js';
import type { SumoSettings } from './config.js';
import { SUMO_MAX_BYTES, SUMO_MAX_EVENTS, SUMO_SECRET_KEYS, SumoSettingsSchema } from './config.js';
import { oneLine, SUMO_ENVELOPE_BYTES, SUMO_SEPARATOR_BYTES } from './encode.js';
import { buildSumoRequest, describeSource, planSumo } from './request.js';

export function createSumoDestination(settings: SumoSettings, context: DestinationContext): Destination {
  const name = context.name;
  const encodeRecord = context.encode;
  return createPostingDestination(
    {
      type: 'sumo',
      plan: planSumo(name, settings),
      limits: { maxEvents: SUMO_MAX_EVENTS, maxBytes: SUMO_MAX_BYTES, measuredOn: 'encoded', envelopeBytes: SUMO_ENVELOPE_BYTES, separatorBytes: SUMO_SEPARATOR_BYTES },
      encode: (event, canonicalJson) => oneLine(name, encodeRecord(event, canonicalJson)),
      // Canonical JSON text holds no raw line break.
      ...(context.canonicalJsonRecords === true ? { canonicalJsonRecords: true } : {}),
      request: buildSumoRequest,
      classify: classifySumoAnswer,
      // The URL's token is a secret: shown as `…/receiver/v1/http/***`.
      previewUrl: (plan) => describeSource(plan.url),
    },
    context,
  );
}

export const SUMO_DESTINATION_TYPE: DestinationType<typeof SumoSettingsSchema> = {
  type: 'sumo',
  settings: SumoSettingsSchema,
  // Any record is one line of text: JSON documents, CEF, LEEF and syslog lines.
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'ocsf',
  defaultConcurrency: 'adaptive',
  secretKeys: SUMO_SECRET_KEYS,
  create: createSumoDestination,
};
