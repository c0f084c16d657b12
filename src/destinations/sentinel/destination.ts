/**
 * The `sentinel` destination: rows POSTed to a data collection rule's stream through the Azure
 * Monitor Logs Ingestion API, with an Entra ID token (token.ts) that is cached, refreshed before it
 * expires, and fetched again once when the API answers 401. Each request is a gzipped JSON array
 * under 1 MB before compression; a 413 splits the batch (../transport/bisect.ts). Before that, the
 * pre-flight lint (preflight.ts) checks each row against the DCR's stream declaration, refusing
 * the rows Azure Monitor would silently drop or reporting them. docs/destinations/sentinel.md has
 * the settings.
 */
import { RECORD_FORMATS, recordFormat } from '../../formats/record-format.js';
import type { DestinationContext } from '../context.js';
import type { Destination } from '../destination.js';
import type { DestinationType } from '../destination-type.js';
import { PermanentError } from '../errors.js';
import { sendBisecting } from '../transport/bisect.js';
import { MadeAhead } from '../transport/made-ahead.js';
import { sendKept } from '../transport/send-kept.js';
import { contextClientOptions, createHttpClient } from '../transport/http-client.js';
import type { HttpClient } from '../transport/http-client.js';
import { REDACTED, createRedactor, redactHeaders } from '../transport/redact.js';
import type { Redact } from '../transport/redact.js';
import { Unauthorized, classifySentinelAnswer } from './classify.js';
import type { SentinelSettings } from './config.js';
import { MAX_REQUEST_BYTES, MAX_REQUEST_ROWS, SENTINEL_SECRET_KEYS, SentinelSettingsSchema } from './config.js';
import { frameRows, withTimeGenerated } from './encode.js';
import { createPreflight } from './preflight.js';
import { buildIngestionRequest, ingestionBody, ingestionHeaders, planSentinel } from './request.js';
import { createTokenSource } from './token.js';

export interface SentinelOptions {
  /** The clock of the token cache and of the lint's `TimeGenerated` window, in epoch ms. Default `Date.now`. */
  readonly now?: () => number;
}

export function createSentinelDestination(settings: SentinelSettings, context: DestinationContext, options: SentinelOptions = {}): Destination {
  const name = context.name;
  const plan = planSentinel(name, settings);
  const preflight = createPreflight(name, settings.stream, settings.lint, recordFormat(context.format)?.topLevelNames?.());
  const now = options.now ?? Date.now;
  const secretRedact = createRedactor([settings.client_secret]);
  // Tokens are secrets too, learned as they are issued.
  const redact: Redact = (text) => secretRedact(tokens.known().reduce((out, t) => out.split(t).join(REDACTED), text));
  const client = createHttpClient({ destination: name, url: plan.endpoint, ...contextClientOptions(context), redact });
  // The token endpoint is another host: its own connection, the same TLS settings.
  const tokenClient: HttpClient = createHttpClient({ destination: name, url: plan.authority, ...contextClientOptions(context), connections: 1, redact });
  const tokens = createTokenSource({ destination: name, client: tokenClient, path: plan.tokenPath, clientId: settings.client_id, clientSecret: settings.client_secret, scope: plan.scope, redact, ...(options.now !== undefined ? { now: options.now } : {}) });

  /** Bodies compressed ahead (`prepare`): the first send of a batch whose rows all go takes its body as made. */
  const bodies = new MadeAhead<Buffer>();

  /** One request for `rows` (whose body may be made already); on a 401, one new token and one resend. */
  async function post(rows: readonly string[], signal: AbortSignal, made?: Promise<Buffer | undefined>): Promise<void> {
    const body = await made;
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.token(signal);
      const response = await client.request(await buildIngestionRequest(plan, rows, token, body), signal);
      const failure = classifySentinelAnswer(response, name, rows.length, redact);
      if (failure === undefined) return;
      if (!(failure instanceof Unauthorized)) throw failure;
      tokens.invalidate(token);
      if (attempt === 2) throw new PermanentError(`${failure.message} (again with a new token: check the scope and that the application has Monitoring Metrics Publisher on the DCR)`, 401);
    }
  }

  return {
    name,
    type: 'sentinel',
    limits: {
      maxEvents: MAX_REQUEST_ROWS,
      maxBytes: MAX_REQUEST_BYTES,
      // The 1 MB holds for the body compressed or not (§2.4): bounding it before gzip bounds both.
      measuredOn: 'encoded',
      envelopeBytes: 2,
      separatorBytes: 1,
    },
    encode: (event, canonicalJson) => withTimeGenerated(context.encode(event, canonicalJson), event.timestamp),
    prepare: (batch) => bodies.start(batch, () => ingestionBody(batch.records)),
    send(batch, signal) {
      const sendRows = (rows: readonly string[], body?: Promise<Buffer | undefined>): Promise<void> =>
        sendBisecting(rows.length, (start, end) => (start === 0 && end === rows.length ? post(rows, signal, body) : post(rows.slice(start, end), signal)), { signal, destination: name });
      const { records } = batch;
      const body = bodies.get(batch);
      if (preflight === undefined) return sendRows(records, body);
      const { refused, report } = preflight.check(records, now());
      if (report !== undefined) context.warn?.(report);
      if (refused.length === 0) return sendRows(records, body);
      // Rows the rule would drop are refused alone (dead-lettered with the finding); the others go.
      const out = new Set(refused.map((r) => r.index));
      const kept = records.flatMap((_, i) => (out.has(i) ? [] : [i]));
      return sendKept(name, records.length, kept, refused, () => sendRows(kept.map((i) => records[i] as string)), signal);
    },
    // No token is asked for: the preview shows where it goes, as `***`.
    preview: (batch) => Promise.resolve([{ kind: 'http', method: 'POST', url: `${plan.endpoint.origin}${plan.path}`, headers: redactHeaders(ingestionHeaders(REDACTED), redact), body: frameRows(batch.records), gzip: true }]),
    close: async () => {
      await Promise.all([client.close(), tokenClient.close()]);
    },
  };
}

export const SENTINEL_DESTINATION_TYPE: DestinationType<typeof SentinelSettingsSchema> = {
  type: 'sentinel',
  settings: SentinelSettingsSchema,
  // Rows are JSON objects whose top-level keys are the stream's columns.
  formats: RECORD_FORMATS.filter((f) => f.json).map((f) => f.name),
  defaultFormat: 'ocsf',
  defaultConcurrency: 'adaptive',
  secretKeys: SENTINEL_SECRET_KEYS,
  pathKeys: ['lint.dcr_file'],
  create: (settings, context) => createSentinelDestination(settings, context),
};
