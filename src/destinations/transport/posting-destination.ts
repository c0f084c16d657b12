/**
 * The destination of a collector that takes a batch as one POST and answers for it as a whole
 * (Sumo Logic, New Relic, Cortex XSIAM): the shared HTTP client, the answer classified by the
 * vendor's `classify`, a 413 splitting the batch (bisect.ts), and a preview of the request with
 * its secrets hidden. The vendor's folder keeps what differs: its plan (URL, headers, secrets,
 * gzip), how records become a body, and what its answers mean.
 */
import type { RecordEncoder } from '../../formats/record-encoder.js';
import type { DestinationContext } from '../context.js';
import type { BatchLimits, Destination, WirePreview } from '../destination.js';
import { sendBisecting } from './bisect.js';
import type { HttpRequest, HttpResponse } from './http-client.js';
import { contextClientOptions, createHttpClient } from './http-client.js';
import type { Redact } from './redact.js';
import { createRedactor, redactHeaders } from './redact.js';

/** What every plan holds: the URL (only its origin goes to the client), gzip, and the secrets to redact. */
export interface PostingPlan {
  readonly url: URL;
  readonly gzip: boolean;
  readonly secrets: readonly string[];
}

export interface PostingSpec<P extends PostingPlan> {
  readonly type: string;
  readonly plan: P;
  readonly limits: BatchLimits;
  /** One event as one record of the body, with the event's canonical JSON text when the runtime has it (Destination.encode). */
  readonly encode: RecordEncoder;
  readonly canonicalJsonRecords?: boolean;
  /** The request for these records; `plan.gzip` says whether the body is compressed. */
  readonly request: (plan: P, records: readonly string[]) => Promise<HttpRequest>;
  /** `undefined` when the answer means delivered, else the error to throw. */
  readonly classify: (response: HttpResponse, destination: string, records: number, redact: Redact) => Error | undefined;
  /** The URL a preview shows; default: origin and path, redacted. */
  readonly previewUrl?: (plan: P, request: HttpRequest, redact: Redact) => string;
}

export function createPostingDestination<P extends PostingPlan>(spec: PostingSpec<P>, context: DestinationContext): Destination {
  const name = context.name;
  const { plan } = spec;
  const redact = createRedactor(plan.secrets);
  const client = createHttpClient({ destination: name, url: plan.url, ...contextClientOptions(context), redact });
  const previewUrl = spec.previewUrl ?? ((p: P, request: HttpRequest, r: Redact) => r(`${p.url.origin}${request.path}`));
  return {
    name,
    type: spec.type,
    limits: spec.limits,
    encode: spec.encode,
    ...(spec.canonicalJsonRecords === true ? { canonicalJsonRecords: true } : {}),
    send(batch, signal) {
      const { records } = batch;
      return sendBisecting(
        records.length,
        async (start, end) => {
          const part = start === 0 && end === records.length ? records : records.slice(start, end);
          const response = await client.request(await spec.request(plan, part), signal);
          const failure = spec.classify(response, name, end - start, redact);
          if (failure !== undefined) throw failure;
        },
        { signal, destination: name },
      );
    },
    async preview(batch) {
      // The body before compression; `gzip` says it would go compressed.
      const request = await spec.request({ ...plan, gzip: false }, batch.records);
      const preview: WirePreview = { kind: 'http', method: request.method ?? 'POST', url: previewUrl(plan, request, redact), headers: redactHeaders(request.headers, redact), body: request.body as Buffer, gzip: plan.gzip };
      return [preview];
    },
    close: () => client.close(),
  };
}
