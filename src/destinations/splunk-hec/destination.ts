/**
 * The `splunk_hec` destination: batches to Splunk's HTTP Event Collector (wire-protocols.md §1),
 * as JSON envelopes on `/services/collector/event` or as lines on `/services/collector/raw`, with
 * `Authorization: Splunk <token>`, optional gzip and optional indexer acknowledgement.
 * docs/destinations/splunk-hec.md has the settings.
 *
 * One `send` may take several requests:
 *
 *   batch -> POST -> 200 (ackId)            -> wait for the ack (ack.ts) -> delivered
 *                 -> 400 + invalid-event-number k -> record k refused, the others POSTed again at once
 *                 -> 413, several records   -> two halves, each POSTed (down to one record)
 *                 -> permanent (token, index, ...) -> those records refused
 *                 -> retryable (busy, 5xx, network) -> those records and the untried ones sent again later
 *
 * Records acknowledged late (past `ack.timeout_ms`) are sent again: duplicates are possible, with
 * the same `event_id`. The outcome is one error for the batch: the request's own error when there
 * was one request, else `RetryItems` with what to send again and what was refused.
 */
import { RECORD_FORMATS, recordFormat } from '../../formats/record-format.js';
import { DestinationConfigError } from '../config-error.js';
import type { DestinationContext } from '../context.js';
import type { Destination, WirePreview } from '../destination.js';
import type { DestinationType } from '../destination-type.js';
import type { FailureStatus, RejectedItem } from '../errors.js';
import { PermanentError, RetryItems, ThrottleError } from '../errors.js';
import { PayloadTooLargeError, TransportError } from '../transport/errors.js';
import type { HttpRequest } from '../transport/http-client.js';
import { contextClientOptions, createHttpClient, DEFAULT_TIMEOUT_MS } from '../transport/http-client.js';
import { MadeAhead } from '../transport/made-ahead.js';
import { createRedactor, redactHeaders } from '../transport/redact.js';
import { waitForAcks } from './ack.js';
import type { HecOutcome } from './classify.js';
import { classifyHecAnswer } from './classify.js';
import type { SplunkHecSettings } from './config.js';
import { DEFAULT_ACK_POLL_INTERVAL_MS, DEFAULT_ACK_TIMEOUT_MS, DEFAULT_MAX_BYTES, DEFAULT_MAX_EVENTS, RESERVED_FIELD_NAMES, SPLUNK_HEC_SECRET_KEYS, SplunkHecSettingsSchema } from './config.js';
import { createEnvelopeEncoder, createRawEncoder } from './encode.js';
import { buildBatchRequest, planRequests } from './request.js';

function checkSettings(name: string, settings: SplunkHecSettings, timeoutMs: number): void {
  const target = settings.endpoint_target ?? 'event';
  const fields = Object.keys(settings.fields ?? {});
  const indexed = settings.indexed_fields ?? [];
  for (const f of fields) if (RESERVED_FIELD_NAMES.has(f)) throw new DestinationConfigError(name, `fields.${f}`, 'HEC reads this envelope key itself: choose another field name');
  for (const f of indexed) if (fields.includes(f)) throw new DestinationConfigError(name, `fields.${f}`, 'also an `indexed_fields` entry: give it in one place');
  if (target === 'raw' && (fields.length > 0 || indexed.length > 0)) throw new DestinationConfigError(name, fields.length > 0 ? 'fields' : 'indexed_fields', 'indexed fields travel in the envelope of the event endpoint; /raw has none');
  const ackTimeout = settings.ack?.timeout_ms ?? DEFAULT_ACK_TIMEOUT_MS;
  if (settings.ack?.enabled === true && ackTimeout >= timeoutMs) {
    throw new DestinationConfigError(name, 'ack.timeout_ms', `must be below timeout_ms (${timeoutMs}), which bounds a whole send with the wait for its acknowledgement`);
  }
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

export function createSplunkHecDestination(settings: SplunkHecSettings, context: DestinationContext): Destination {
  const name = context.name;
  const timeoutMs = context.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  checkSettings(name, settings, timeoutMs);
  const target = settings.endpoint_target ?? 'event';
  const ack = { enabled: settings.ack?.enabled === true, timeoutMs: settings.ack?.timeout_ms ?? DEFAULT_ACK_TIMEOUT_MS, pollIntervalMs: settings.ack?.poll_interval_ms ?? DEFAULT_ACK_POLL_INTERVAL_MS };
  // The envelope's metadata on /event, the query string on /raw.
  const metadata = {
    sourcetype: settings.sourcetype ?? `siemkit:${context.format}`,
    ...(settings.source !== undefined ? { source: settings.source } : {}),
    ...(settings.host !== undefined ? { host: settings.host } : {}),
    ...(settings.index !== undefined ? { index: settings.index } : {}),
  };
  const plan = planRequests(name, { endpoint: settings.endpoint, token: settings.token, target, ...metadata, gzip: settings.gzip === true, ack: ack.enabled });
  /** Requests made ahead (`prepare`): the first request of a batch's send is all of it. */
  const requestsAhead = new MadeAhead<HttpRequest>();
  const redact = createRedactor(plan.secrets);
  const client = createHttpClient({ destination: name, url: plan.url, ...contextClientOptions(context), timeoutMs, redact });
  const json = recordFormat(context.format)?.json === true;
  const encode =
    target === 'event'
      ? createEnvelopeEncoder({ ...metadata, fields: settings.fields ?? {}, indexedFields: settings.indexed_fields ?? [] }, context.encode, json)
      : createRawEncoder(name, context.encode);

  return {
    name,
    type: 'splunk_hec',
    limits: {
      maxEvents: settings.max_events ?? DEFAULT_MAX_EVENTS,
      maxBytes: settings.max_bytes ?? DEFAULT_MAX_BYTES,
      // HEC's max_content_length is on the body as it travels (§11.1): gzipped when gzip is on.
      measuredOn: settings.gzip === true ? 'compressed' : 'encoded',
      envelopeBytes: plan.framing.envelopeBytes,
      separatorBytes: plan.framing.separatorBytes,
    },
    encode,
    // The request of the whole batch: framed, and gzipped when gzip is on.
    prepare: (batch) => requestsAhead.start(batch, () => buildBatchRequest(plan, batch.records)),
    async send(batch, signal) {
      const { records } = batch;
      const count = records.length;
      const rejected: RejectedItem[] = [];
      const awaiting: Array<{ ackId: number; indices: readonly number[] }> = [];
      let retry: number[] = [];
      let retryAfterMs: number | undefined;
      let status: FailureStatus | undefined;
      let lastError: Error | undefined;
      let requests = 0;
      // Parts still to send, as indices into the batch; the next one is at the end (a stack).
      const todo: number[][] = count > 0 ? [range(0, count)] : [];

      while (todo.length > 0) {
        signal.throwIfAborted();
        const part = todo.pop() as number[];
        requests++;
        let outcome: HecOutcome;
        try {
          // The first request of a batch is all of it: made ahead when the batch was prepared, else here.
          const made = requests === 1 ? await requestsAhead.get(batch) : undefined;
          const response = await client.request(made ?? (await buildBatchRequest(plan, part.map((i) => records[i] as string))), signal);
          outcome = classifyHecAnswer(response, { destination: name, records: part.length, redact });
        } catch (err) {
          if (signal.aborted) throw err;
          outcome = { kind: 'failed', error: err as Error };
        }
        if (outcome.kind === 'delivered') {
          // Without an ackId (a token without acknowledgement) the 200 is all Splunk will say.
          if (ack.enabled && outcome.ackId !== undefined) awaiting.push({ ackId: outcome.ackId, indices: part });
          continue;
        }
        if (outcome.kind === 'invalid_event') {
          const bad = outcome.index;
          rejected.push({ index: part[bad] as number, reason: outcome.reason, status: outcome.status });
          // Splunk refused the whole request for this one event (§11.3): the others go again now.
          const rest = part.filter((_, k) => k !== bad);
          if (rest.length > 0) todo.push(rest);
          continue;
        }
        const err = outcome.error;
        if (err instanceof PayloadTooLargeError && part.length > 1) {
          const mid = Math.ceil(part.length / 2);
          todo.push(part.slice(mid), part.slice(0, mid));
          continue;
        }
        // A single record too large is refused for good (§11.2).
        lastError = err instanceof PayloadTooLargeError ? new PermanentError(err.message, err.status) : err;
        status = (lastError as { status?: FailureStatus }).status;
        if (lastError instanceof PermanentError) {
          for (const index of part) rejected.push({ index, reason: lastError.message, ...(lastError.status !== undefined ? { status: lastError.status } : {}) });
          continue;
        }
        // Retryable: this part and every part not yet tried go back to the queue.
        retry = part.concat(...todo.reverse());
        todo.length = 0;
        if (lastError instanceof ThrottleError) retryAfterMs = lastError.retryAfterMs;
      }

      if (awaiting.length > 0) {
        const { unacked, lastProblem } = await waitForAcks(
          client,
          plan,
          awaiting.map((a) => a.ackId),
          { timeoutMs: ack.timeoutMs, pollIntervalMs: ack.pollIntervalMs, destination: name, redact, signal },
        );
        const late = awaiting.filter((a) => unacked.has(a.ackId));
        if (late.length > 0) {
          for (const a of late) retry.push(...a.indices);
          const why = lastProblem !== undefined ? ` (last query: ${lastProblem})` : '';
          lastError = new TransportError(`${name}: no indexer acknowledgement within ${ack.timeoutMs} ms for ackId ${late.map((a) => a.ackId).join(', ')}: sending those events again${why}`, 'ack_timeout');
          status ??= 'ack_timeout';
        }
      }

      if (rejected.length === 0 && retry.length === 0) return;
      // One request whose error covers the whole batch: that error, as it is (a throttle stays a throttle).
      if (requests === 1 && lastError !== undefined && (retry.length === count || rejected.length === count)) throw lastError;
      retry.sort((a, b) => a - b);
      throw new RetryItems(`${name}: ${rejected.length} of ${count} records refused, ${retry.length} to send again`, retry, rejected, retryAfterMs, status);
    },
    async preview(batch) {
      // One request, as `send` makes it when nothing is refused; the body before gzip.
      const request = await buildBatchRequest({ ...plan, gzip: false }, batch.records);
      const preview: WirePreview = { kind: 'http', method: request.method ?? 'POST', url: redact(`${plan.url.origin}${request.path}`), headers: redactHeaders({ ...request.headers, ...(plan.gzip ? { 'content-encoding': 'gzip' } : {}) }, redact), body: request.body as Buffer, gzip: plan.gzip };
      return [preview];
    },
    close: () => client.close(),
  };
}

export const SPLUNK_HEC_DESTINATION_TYPE: DestinationType<typeof SplunkHecSettingsSchema> = {
  type: 'splunk_hec',
  settings: SplunkHecSettingsSchema,
  // JSON records become the envelope's `event` object, line records its `event` string or a /raw line.
  formats: RECORD_FORMATS.map((f) => f.name),
  defaultFormat: 'ocsf',
  defaultConcurrency: 'adaptive',
  secretKeys: SPLUNK_HEC_SECRET_KEYS,
  create: createSplunkHecDestination,
};
