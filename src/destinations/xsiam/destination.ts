/**
 * The `xsiam` destination: batches POSTed to a Cortex XSIAM HTTP log collector, one event per
 * line, in the collector's log format. docs/destinations/xsiam.md has the settings.
 */
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { Destination, WirePreview } from '../destination.js';
import type { DestinationType } from '../destination-type.js';
import { sendBisecting } from '../transport/bisect.js';
import { createHttpClient } from '../transport/http-client.js';
import { createRedactor, redactHeaders } from '../transport/redact.js';
import { classifyXsiamAnswer } from './classify.js';
import type { XsiamSettings } from './config.js';
import { XSIAM_MAX_BYTES, XSIAM_MAX_EVENTS, XSIAM_SECRET_KEYS, XsiamSettingsSchema } from './config.js';
import { oneLine, XSIAM_ENVELOPE_BYTES, XSIAM_SEPARATOR_BYTES } from './encode.js';
import { buildXsiamRequest, planXsiam } from './request.js';

export function createXsiamDestination(settings: XsiamSettings, context: DestinationContext): Destination {
  const name = context.name;
  const plan = planXsiam(name, settings, context.format);
  const redact = createRedactor(plan.secrets);
  const client = createHttpClient({ destination: name, url: plan.url, ...(context.tls !== undefined ? { tls: context.tls } : {}), ...(context.timeoutMs !== undefined ? { timeoutMs: context.timeoutMs } : {}), redact });
  const encodeRecord = context.encode;
  const fromJson = context.encodeCanonicalJson;
  return {
    name,
    type: 'xsiam',
    limits: { maxEvents: XSIAM_MAX_EVENTS, maxBytes: XSIAM_MAX_BYTES, measuredOn: 'encoded', envelopeBytes: XSIAM_ENVELOPE_BYTES, separatorBytes: XSIAM_SEPARATOR_BYTES },
    encode: (event) => oneLine(name, encodeRecord(event)),
    // Canonical JSON text holds no raw line break.
    ...(fromJson !== undefined ? { encodeCanonicalJson: fromJson } : {}),
    send(batch, signal) {
      const { records } = batch;
      return sendBisecting(
        records.length,
        async (start, end) => {
          const part = start === 0 && end === records.length ? records : records.slice(start, end);
          const response = await client.request(await buildXsiamRequest(plan, part), signal);
          const failure = classifyXsiamAnswer(response, name, end - start, redact);
          if (failure !== undefined) throw failure;
        },
        { signal, destination: name },
      );
    },
    async preview(batch) {
      const request = await buildXsiamRequest({ ...plan, gzip: false }, batch.records);
      const preview: WirePreview = { kind: 'http', method: request.method ?? 'POST', url: redact(`${plan.url.origin}${request.path}`), headers: redactHeaders(request.headers, redact), body: request.body as Buffer, gzip: plan.gzip };
      return [preview];
    },
    close: () => client.close(),
  };
}

export const XSIAM_DESTINATION_TYPE: DestinationType<typeof XsiamSettingsSchema> = {
  type: 'xsiam',
  settings: XsiamSettingsSchema,
  // JSON formats for a JSON collector, CEF and LEEF for theirs, syslog lines for a Raw one.
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'cef',
  secretKeys: XSIAM_SECRET_KEYS,
  create: createXsiamDestination,
};
