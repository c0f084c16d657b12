/**
 * The `xsiam` destination: batches POSTed to a Cortex XSIAM HTTP log collector, one event per
 * line, in the collector's log format. docs/destinations/xsiam.md has the settings.
 */
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { DestinationType } from '../destination-type.js';
import type { Destination } from '../destination.js';
import { createPostingDestination } from '../transport/posting-destination.js';
import { classifyXsiamAnswer } from './classify.js';
import type { XsiamSettings } from './config.js';
import { XSIAM_MAX_BYTES, XSIAM_MAX_EVENTS, XSIAM_SECRET_KEYS, XsiamSettingsSchema } from './config.js';
import { oneLine, XSIAM_ENVELOPE_BYTES, XSIAM_SEPARATOR_BYTES } from './encode.js';
import { buildXsiamRequest, planXsiam } from './request.js';

export function createXsiamDestination(settings: XsiamSettings, context: DestinationContext): Destination {
  const name = context.name;
  const encodeRecord = context.encode;
  return createPostingDestination(
    {
      type: 'xsiam',
      plan: planXsiam(name, settings, context.format),
      limits: { maxEvents: XSIAM_MAX_EVENTS, maxBytes: XSIAM_MAX_BYTES, measuredOn: 'encoded', envelopeBytes: XSIAM_ENVELOPE_BYTES, separatorBytes: XSIAM_SEPARATOR_BYTES },
      encode: (event, canonicalJson) => oneLine(name, encodeRecord(event, canonicalJson)),
      // Canonical JSON text holds no raw line break.
      ...(context.canonicalJsonRecords === true ? { canonicalJsonRecords: true } : {}),
      request: buildXsiamRequest,
      classify: classifyXsiamAnswer,
    },
    context,
  );
}

export const XSIAM_DESTINATION_TYPE: DestinationType<typeof XsiamSettingsSchema> = {
  type: 'xsiam',
  settings: XsiamSettingsSchema,
  // JSON formats for a JSON collector, CEF and LEEF for theirs, syslog lines for a Raw one.
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'cef',
  defaultConcurrency: 'adaptive',
  secretKeys: XSIAM_SECRET_KEYS,
  create: createXsiamDestination,
};
