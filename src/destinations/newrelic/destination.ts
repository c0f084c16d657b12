/**
 * The `newrelic` destination: batches POSTed to the New Relic Log API as one block of common
 * attributes and its logs, gzip by default. docs/destinations/newrelic.md has the settings.
 */
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { Destination, WirePreview } from '../destination.js';
import type { DestinationType } from '../destination-type.js';
import { sendBisecting } from '../transport/bisect.js';
import { createHttpClient } from '../transport/http-client.js';
import { createRedactor, redactHeaders } from '../transport/redact.js';
import { classifyNewRelicAnswer } from './classify.js';
import type { NewRelicSettings } from './config.js';
import { NEW_RELIC_MAX_BYTES, NEW_RELIC_MAX_EVENTS, NEW_RELIC_SECRET_KEYS, NewRelicSettingsSchema } from './config.js';
import { envelopeBytes, LOGS_SEPARATOR_BYTES, logEntry } from './encode.js';
import { buildNewRelicRequest, planNewRelic } from './request.js';

export function createNewRelicDestination(settings: NewRelicSettings, context: DestinationContext): Destination {
  const name = context.name;
  const plan = planNewRelic(name, settings, context.format);
  const redact = createRedactor(plan.secrets);
  const client = createHttpClient({ destination: name, url: plan.url, ...(context.tls !== undefined ? { tls: context.tls } : {}), ...(context.timeoutMs !== undefined ? { timeoutMs: context.timeoutMs } : {}), redact });
  const encodeRecord = context.encode;
  return {
    name,
    type: 'newrelic',
    limits: { maxEvents: NEW_RELIC_MAX_EVENTS, maxBytes: NEW_RELIC_MAX_BYTES, measuredOn: 'encoded', envelopeBytes: envelopeBytes(plan.envelope), separatorBytes: LOGS_SEPARATOR_BYTES },
    encode: (event) => logEntry(encodeRecord(event), event),
    send(batch, signal) {
      const { records } = batch;
      return sendBisecting(
        records.length,
        async (start, end) => {
          const part = start === 0 && end === records.length ? records : records.slice(start, end);
          const response = await client.request(await buildNewRelicRequest(plan, part), signal);
          const failure = classifyNewRelicAnswer(response, name, end - start, redact);
          if (failure !== undefined) throw failure;
        },
        { signal, destination: name },
      );
    },
    async preview(batch) {
      const request = await buildNewRelicRequest({ ...plan, gzip: false }, batch.records);
      const preview: WirePreview = { kind: 'http', method: request.method ?? 'POST', url: redact(`${plan.url.origin}${request.path}`), headers: redactHeaders(request.headers, redact), body: request.body as Buffer, gzip: plan.gzip };
      return [preview];
    },
    close: () => client.close(),
  };
}

export const NEWRELIC_DESTINATION_TYPE: DestinationType<typeof NewRelicSettingsSchema> = {
  type: 'newrelic',
  settings: NewRelicSettingsSchema,
  // The record is the log's `message`: any format; JSON ones are parsed into attributes by New Relic.
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'ocsf',
  secretKeys: NEW_RELIC_SECRET_KEYS,
  create: createNewRelicDestination,
};
