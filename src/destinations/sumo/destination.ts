/**
 * The `sumo` destination: batches POSTed to a Sumo Logic HTTP Logs Source, one message per line,
 * gzip by default, with the source category, name, host and fields given as `X-Sumo-*` headers.
 * The URL is a secret. docs/destinations/sumo.md has the settings.
 */
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { Destination, WirePreview } from '../destination.js';
import type { DestinationType } from '../destination-type.js';
import { sendBisecting } from '../transport/bisect.js';
import { createHttpClient } from '../transport/http-client.js';
import { createRedactor, redactHeaders } from '../transport/redact.js';
import { classifySumoAnswer } from './classify.js';
import type { SumoSettings } from './config.js';
import { SUMO_MAX_BYTES, SUMO_MAX_EVENTS, SUMO_SECRET_KEYS, SumoSettingsSchema } from './config.js';
import { oneLine, SUMO_ENVELOPE_BYTES, SUMO_SEPARATOR_BYTES } from './encode.js';
import { buildSumoRequest, describeSource, planSumo } from './request.js';

export function createSumoDestination(settings: SumoSettings, context: DestinationContext): Destination {
  const name = context.name;
  const plan = planSumo(name, settings);
  const redact = createRedactor(plan.secrets);
  const client = createHttpClient({ destination: name, url: plan.url, ...(context.tls !== undefined ? { tls: context.tls } : {}), ...(context.timeoutMs !== undefined ? { timeoutMs: context.timeoutMs } : {}), redact });
  const encodeRecord = context.encode;
  const fromJson = context.encodeCanonicalJson;
  return {
    name,
    type: 'sumo',
    limits: { maxEvents: SUMO_MAX_EVENTS, maxBytes: SUMO_MAX_BYTES, measuredOn: 'encoded', envelopeBytes: SUMO_ENVELOPE_BYTES, separatorBytes: SUMO_SEPARATOR_BYTES },
    encode: (event) => oneLine(name, encodeRecord(event)),
    // Canonical JSON text holds no raw line break.
    ...(fromJson !== undefined ? { encodeCanonicalJson: fromJson } : {}),
    send(batch, signal) {
      const { records } = batch;
      return sendBisecting(
        records.length,
        async (start, end) => {
          const part = start === 0 && end === records.length ? records : records.slice(start, end);
          const response = await client.request(await buildSumoRequest(plan, part), signal);
          const failure = classifySumoAnswer(response, name, end - start, redact);
          if (failure !== undefined) throw failure;
        },
        { signal, destination: name },
      );
    },
    async preview(batch) {
      const request = await buildSumoRequest({ ...plan, gzip: false }, batch.records);
      // The URL's token is a secret: shown as `…/receiver/v1/http/***`.
      const preview: WirePreview = { kind: 'http', method: request.method ?? 'POST', url: describeSource(plan.url), headers: redactHeaders(request.headers, redact), body: request.body as Buffer, gzip: plan.gzip };
      return [preview];
    },
    close: () => client.close(),
  };
}

export const SUMO_DESTINATION_TYPE: DestinationType<typeof SumoSettingsSchema> = {
  type: 'sumo',
  settings: SumoSettingsSchema,
  // Any record is one line of text: JSON documents, CEF, LEEF and syslog lines.
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'ocsf',
  secretKeys: SUMO_SECRET_KEYS,
  create: createSumoDestination,
};
