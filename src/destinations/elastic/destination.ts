/**
 * The `elastic` destination: batches written to Elasticsearch or OpenSearch with the `_bulk` API,
 * one `create` per event with `_id` = `event_id`, into an index or a data stream. A 413 splits the
 * batch (../transport/bisect.ts); the items of a partial success are sorted into delivered, to
 * retry (429, 5xx) and refused (other 4xx) by classify.ts. docs/destinations/elastic.md has the
 * settings.
 */
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { Destination, WirePreview } from '../destination.js';
import type { DestinationType } from '../destination-type.js';
import type { RejectedItem } from '../errors.js';
import { RetryItems } from '../errors.js';
import { sendBisecting } from '../transport/bisect.js';
import { contextClientOptions, createHttpClient } from '../transport/http-client.js';
import { createRedactor, redactHeaders } from '../transport/redact.js';
import { classifyBulkAnswer } from './classify.js';
import type { ElasticSettings } from './config.js';
import { DEFAULT_MAX_BYTES, ELASTIC_SECRET_KEYS, ElasticSettingsSchema, MAX_EVENTS } from './config.js';
import { BULK_ENVELOPE_BYTES, BULK_SEPARATOR_BYTES, bulkItem } from './encode.js';
import { buildBulkRequest, planBulk } from './request.js';

/** Bytes of a bulk answer read: ample for `MAX_EVENTS` filtered items with their error reasons. */
const MAX_RESPONSE_BYTES = 16 * 1_048_576;

export function createElasticDestination(settings: ElasticSettings, context: DestinationContext): Destination {
  const name = context.name;
  const plan = planBulk(name, settings);
  const redact = createRedactor(plan.secrets);
  const client = createHttpClient({ destination: name, url: plan.url, maxResponseBytes: MAX_RESPONSE_BYTES, ...contextClientOptions(context), redact });
  const encodeRecord = context.encode;
  return {
    name,
    type: 'elastic',
    limits: {
      maxEvents: MAX_EVENTS,
      maxBytes: settings.max_bytes ?? DEFAULT_MAX_BYTES,
      // http.max_content_length is checked on the body as Elasticsearch reads it, decompressed.
      measuredOn: 'encoded',
      envelopeBytes: BULK_ENVELOPE_BYTES,
      separatorBytes: BULK_SEPARATOR_BYTES,
    },
    encode: (event, canonicalJson) => bulkItem(plan.target, encodeRecord(event, canonicalJson), event),
    async send(batch, signal) {
      const { records } = batch;
      // Item failures of the requests that were answered, by their index in the batch.
      const retry: number[] = [];
      const rejected: RejectedItem[] = [];
      let itemStatus: number | undefined;
      const sendPart = async (start: number, end: number): Promise<void> => {
        const part = start === 0 && end === records.length ? records : records.slice(start, end);
        const response = await client.request(await buildBulkRequest(plan, part), signal);
        const outcome = classifyBulkAnswer(response, name, end - start, redact);
        if (outcome === undefined) return;
        if (outcome instanceof Error) throw outcome;
        for (const i of outcome.retry) retry.push(start + i);
        for (const r of outcome.rejected) rejected.push({ ...r, index: start + r.index });
        itemStatus ??= outcome.status;
      };
      try {
        await sendBisecting(records.length, sendPart, { signal, destination: name });
      } catch (err) {
        // Only a request of several (after a split) can fail beside answered items: it is a RetryItems.
        if ((retry.length === 0 && rejected.length === 0) || !(err instanceof RetryItems)) throw err;
        retry.push(...err.indices);
        rejected.push(...err.rejected);
        throw partial(name, records.length, retry, rejected, err.retryAfterMs, err.status ?? itemStatus);
      }
      if (retry.length > 0 || rejected.length > 0) throw partial(name, records.length, retry, rejected, undefined, itemStatus);
    },
    async preview(batch) {
      const request = await buildBulkRequest({ ...plan, gzip: false }, batch.records);
      const preview: WirePreview = { kind: 'http', method: request.method ?? 'POST', url: redact(`${plan.url.origin}${request.path}`), headers: redactHeaders(request.headers, redact), body: request.body as Buffer, gzip: plan.gzip };
      return [preview];
    },
    close: () => client.close(),
  };
}

function partial(name: string, count: number, retry: number[], rejected: RejectedItem[], retryAfterMs: number | undefined, status: number | string | undefined): RetryItems {
  retry.sort((a, b) => a - b);
  rejected.sort((a, b) => a.index - b.index);
  return new RetryItems(`${name}: ${rejected.length} of ${count} documents refused, ${retry.length} to send again`, retry, rejected, retryAfterMs, status);
}

export const ELASTIC_DESTINATION_TYPE: DestinationType<typeof ElasticSettingsSchema> = {
  type: 'elastic',
  settings: ElasticSettingsSchema,
  // Bulk source lines are JSON documents.
  formats: RECORD_FORMATS.filter((f) => f.json).map((f) => f.name),
  defaultFormat: 'ecs',
  defaultConcurrency: 'adaptive',
  secretKeys: ELASTIC_SECRET_KEYS,
  create: createElasticDestination,
};
