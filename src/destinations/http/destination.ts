/**
 * The `http` destination: batches POSTed to one URL as a JSON array, NDJSON or one event per
 * request, with custom headers, basic / bearer / header authentication, optional Standard Webhooks
 * signatures and gzip. Any 2xx is delivered; the rest follows ../transport/classify.ts, and a 413
 * splits the batch (../transport/bisect.ts). docs/destinations/http.md has the settings.
 */
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { Destination, WirePreview } from '../destination.js';
import type { DestinationType } from '../destination-type.js';
import { sendBisecting } from '../transport/bisect.js';
import { contextClientOptions, createHttpClient } from '../transport/http-client.js';
import { createRedactor, redactHeaders } from '../transport/redact.js';
import { classifyHttpAnswer } from './classify.js';
import type { HttpSettings } from './config.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_EVENTS, HTTP_SECRET_KEYS, HttpSettingsSchema } from './config.js';
import type { RequestRecords } from './request.js';
import { buildRequest, planRequests } from './request.js';

export function createHttpDestination(settings: HttpSettings, context: DestinationContext): Destination {
  const name = context.name;
  const plan = planRequests(name, settings);
  const redact = createRedactor(plan.secrets);
  const client = createHttpClient({ destination: name, url: plan.url, ...contextClientOptions(context), redact });
  const framing = plan.framing;
  return {
    name,
    type: 'http',
    limits: {
      maxEvents: Math.min(framing.maxEvents ?? Number.POSITIVE_INFINITY, settings.max_events ?? DEFAULT_MAX_EVENTS),
      maxBytes: settings.max_bytes ?? DEFAULT_MAX_BYTES,
      // The receiver's limit is taken on the body as framed: the bound that holds with gzip or without.
      measuredOn: 'encoded',
      envelopeBytes: framing.envelopeBytes,
      separatorBytes: framing.separatorBytes,
    },
    encode: context.encode,
    ...(context.canonicalJsonRecords === true ? { canonicalJsonRecords: true } : {}),
    // A signed request names its events' ids (webhook-id).
    ...(plan.signingKey !== undefined ? { readsEvents: true } : {}),
    send(batch, signal) {
      // `batch.events` is read only for a signature, and `batch.records` only without the bytes:
      // the runtime decodes and parses lazily.
      const bytes = batch.recordBytes;
      const count = bytes?.length ?? batch.records.length;
      return sendBisecting(
        count,
        async (start, end) => {
          const whole = start === 0 && end === count;
          const part: RequestRecords = bytes !== undefined ? { bytes: whole ? bytes : bytes.slice(start, end) } : { text: whole ? batch.records : batch.records.slice(start, end) };
          const ids = (): string[] => (whole ? batch.events : batch.events.slice(start, end)).map((e) => e.event_id);
          const response = await client.request(await buildRequest(plan, part, ids, Date.now()), signal);
          const failure = classifyHttpAnswer(response, name, end - start, redact);
          if (failure !== undefined) throw failure;
        },
        { ...(framing.maxEvents !== undefined ? { maxPerRequest: framing.maxEvents } : {}), signal, destination: name },
      );
    },
    async preview(batch) {
      const ids = (): string[] => batch.events.map((e) => e.event_id);
      const per = framing.maxEvents ?? batch.records.length;
      const out: WirePreview[] = [];
      for (let start = 0; start < batch.records.length; start += per) {
        const records = batch.records.slice(start, start + per);
        const request = await buildRequest({ ...plan, gzip: false }, { text: records }, ids, Date.now());
        out.push({ kind: 'http', method: request.method ?? 'POST', url: redact(`${plan.url.origin}${request.path}`), headers: redactHeaders(request.headers, redact), body: request.body as Buffer, gzip: plan.gzip });
      }
      return out;
    },
    close: () => client.close(),
  };
}

export const HTTP_DESTINATION_TYPE: DestinationType<typeof HttpSettingsSchema> = {
  type: 'http',
  settings: HttpSettingsSchema,
  // Bodies are JSON arrays or NDJSON: records must be JSON documents.
  formats: RECORD_FORMATS.filter((f) => f.json).map((f) => f.name),
  defaultFormat: 'ocsf',
  defaultConcurrency: 'adaptive',
  secretKeys: HTTP_SECRET_KEYS,
  create: createHttpDestination,
};
