/**
 * The `datadog` destination: log entries POSTed to the Logs intake API v2 as a gzipped JSON array
 * of at most 1,000 entries and 5 MB before compression. Entries Datadog would silently truncate
 * (over 1 MB) or not index (older than 18 h) are dead-lettered with the reason instead: at encoding,
 * and again at sending, for events that aged in the queue. A 413 splits the batch
 * (../transport/bisect.ts). docs/destinations/datadog.md has the settings.
 */
import { hostname as machineHostname } from 'node:os';
import { RECORD_FORMATS } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { Batch, Destination } from '../destination.js';
import type { DestinationType } from '../destination-type.js';
import type { RejectedItem } from '../errors.js';
import { sendBisecting } from '../transport/bisect.js';
import { contextClientOptions, createHttpClient } from '../transport/http-client.js';
import { createRedactor, redactHeaders } from '../transport/redact.js';
import { sendKept } from '../transport/send-kept.js';
import { classifyDatadogAnswer } from './classify.js';
import type { DatadogSettings } from './config.js';
import { DATADOG_SECRET_KEYS, DEFAULT_DDSOURCE, DatadogSettingsSchema, MAX_REQUEST_BYTES, MAX_REQUEST_ENTRIES } from './config.js';
import type { EntryFields } from './encode.js';
import { encodeEntry, frameEntries, staleReason } from './encode.js';
import { buildDatadogRequest, planDatadog } from './request.js';

export interface DatadogOptions {
  /** The clock that ages events, in epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

export function createDatadogDestination(settings: DatadogSettings, context: DestinationContext, options: DatadogOptions = {}): Destination {
  const name = context.name;
  const now = options.now ?? Date.now;
  const plan = planDatadog(name, settings);
  const redact = createRedactor([settings.api_key]);
  const client = createHttpClient({ destination: name, url: plan.url, ...contextClientOptions(context), redact });
  const fields: EntryFields = {
    ddsource: settings.ddsource ?? DEFAULT_DDSOURCE,
    ddtags: settings.ddtags ?? '',
    hostname: settings.hostname ?? machineHostname(),
    ...(settings.service !== undefined ? { service: settings.service } : {}),
  };

  /** Sends these entries, splitting on 413. */
  function sendEntries(entries: readonly string[], signal: AbortSignal): Promise<void> {
    return sendBisecting(
      entries.length,
      async (start, end) => {
        const part = start === 0 && end === entries.length ? entries : entries.slice(start, end);
        const response = await client.request(await buildDatadogRequest(plan, part), signal);
        const failure = classifyDatadogAnswer(response, name, end - start, redact);
        if (failure !== undefined) throw failure;
      },
      { signal, destination: name },
    );
  }

  async function send(batch: Batch, signal: AbortSignal): Promise<void> {
    const at = now();
    const stale: RejectedItem[] = [];
    const fresh: number[] = [];
    batch.events.forEach((event, index) => {
      const reason = staleReason(event.timestamp, at);
      if (reason === undefined) fresh.push(index);
      else stale.push({ index, reason, status: 'too_old' });
    });
    if (stale.length === 0) return sendEntries(batch.records, signal);
    // Events that aged past 18 h while queued: the rest go, these are refused (RetryItems' indices are the batch's).
    return sendKept(
      name,
      batch.records.length,
      fresh,
      stale,
      () =>
        sendEntries(
          fresh.map((i) => batch.records[i] as string),
          signal,
        ),
      signal,
    );
  }

  return {
    name,
    type: 'datadog',
    limits: {
      maxEvents: MAX_REQUEST_ENTRIES,
      maxBytes: MAX_REQUEST_BYTES,
      // Datadog's 5 MB is on the uncompressed payload (§4, §11.1).
      measuredOn: 'encoded',
      envelopeBytes: 2,
      separatorBytes: 1,
    },
    encode: (event, canonicalJson) => encodeEntry(event, context.encode(event, canonicalJson), fields, now()),
    // Each event's age is checked again at send time (stale entries are dead-lettered).
    readsEvents: true,
    send,
    preview: (batch) => Promise.resolve([{ kind: 'http', method: 'POST', url: plan.url.href, headers: redactHeaders(plan.headers, redact), body: frameEntries(batch.records), gzip: true }]),
    close: () => client.close(),
  };
}

export const DATADOG_DESTINATION_TYPE: DestinationType<typeof DatadogSettingsSchema> = {
  type: 'datadog',
  settings: DatadogSettingsSchema,
  // `message` is a string: every record format fits, JSON ones are parsed into attributes by Datadog.
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'ocsf',
  defaultConcurrency: 'adaptive',
  secretKeys: DATADOG_SECRET_KEYS,
  create: (settings, context) => createDatadogDestination(settings, context),
};
