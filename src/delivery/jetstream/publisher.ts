/**
 * `createPublisher`: the producer's side of the scale-out input (docs/jetstream.md). Each canonical
 * event is validated (`validateEvent`), then published to `<subject_prefix>.<tenant_id>` with
 * `Nats-Msg-Id` = `event_id`, so a producer that retries inside the stream's duplicate window makes
 * one message, not two. `publish` resolves only once the server acknowledged every valid event (its
 * PubAck: the message is stored, on every replica the stream has); an invalid event is reported by
 * index, event_id and field, and nothing of it is published, while the others of the call are.
 *
 *   const publisher = await createPublisher({ servers: ['nats://127.0.0.1:4222'], stream: 'SIEMKIT' });
 *   const result = await publisher.publish(events);   // { published, duplicates, rejected }
 *   await publisher.close();
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../../registry/registry.js';
import { validateEvent } from '../../validate/canonical.js';
import type { EmitRejection } from '../inputs/ingest-sink.js';
import type { JetStreamConnection } from './connection.js';
import { connectJetStream } from './connection.js';
import { tenantSubject } from './names.js';

export interface PublisherOptions {
  readonly servers: readonly string[];
  readonly stream: string;
  /** Default `siemkit.events`. */
  readonly subjectPrefix?: string;
  readonly registry?: EventTypeRegistry;
  /** Publishes awaiting their PubAck at once: 256. */
  readonly maxInFlight?: number;
  /** How long one PubAck may take: 10 s (a cluster electing a leader answers late, not never). */
  readonly ackTimeoutMs?: number;
}

export interface PublishResult {
  /** Events the stream stored now (duplicates not counted). */
  readonly published: number;
  /** Events whose event_id the stream had already seen inside its duplicate window: stored once, earlier. */
  readonly duplicates: readonly { readonly index: number; readonly eventId: string }[];
  readonly rejected: readonly EmitRejection[];
}

export interface Publisher {
  /** Validates and publishes; resolves once the server acknowledged every valid event. */
  publish(events: unknown): Promise<PublishResult>;
  close(): Promise<void>;
}

export const DEFAULT_SUBJECT_PREFIX = 'siemkit.events';
export const DEFAULT_MAX_IN_FLIGHT = 256;
export const DEFAULT_PUBLISH_ACK_TIMEOUT_MS = 10_000;

/** One event (or an addressed record) to publish, already valid. */
export interface OutgoingRecord {
  readonly tenantId: string;
  readonly data: Uint8Array;
  /** `Nats-Msg-Id`: the event_id for an event from a producer. */
  readonly msgId?: string;
  readonly headers?: MsgHdrs;
}

/**
 * Publishes records with at most `maxInFlight` awaiting their PubAck; resolves with each record's
 * `duplicate` flag in order, or rejects with the first failure (what was acknowledged before it stays
 * stored: a caller's retry of the whole call is made harmless by the msg ids).
 */
export async function publishRecords(js: JetStreamClient, stream: string, prefix: string, records: readonly OutgoingRecord[], maxInFlight = DEFAULT_MAX_IN_FLIGHT, timeoutMs = DEFAULT_PUBLISH_ACK_TIMEOUT_MS): Promise<boolean[]> {
  const duplicate: boolean[] = new Array<boolean>(records.length).fill(false);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < records.length) {
      const i = next++;
      const r = records[i] as OutgoingRecord;
      const ack = await js.publish(tenantSubject(prefix, r.tenantId), r.data, {
        expect: { streamName: stream },
        timeout: timeoutMs,
        ...(r.msgId !== undefined ? { msgID: r.msgId } : {}),
        ...(r.headers !== undefined ? { headers: r.headers } : {}),
      });
      duplicate[i] = ack.duplicate;
    }
  }
  await Promise.all(Array.from({ length: Math.min(maxInFlight, records.length) }, lane));
  return duplicate;
}

/** Splits events into the valid ones (as records) and the rejections, like `emit` does. */
export function validateForPublish(input: readonly unknown[], registry: EventTypeRegistry): { records: OutgoingRecord[]; indices: number[]; rejected: EmitRejection[] } {
  const records: OutgoingRecord[] = [];
  const indices: number[] = [];
  const rejected: EmitRejection[] = [];
  input.forEach((value, index) => {
    const result = validateEvent(value, { registry });
    if (result.valid) {
      const e = value as CanonicalEvent;
      records.push({ tenantId: e.tenant_id, data: Buffer.from(JSON.stringify(e), 'utf8'), msgId: e.event_id });
      indices.push(index);
      return;
    }
    const id = (value as { event_id?: unknown } | null)?.event_id;
    rejected.push({ index, ...(typeof id === 'string' ? { eventId: id } : {}), errors: result.errors.map((f) => ({ code: f.code, path: f.path, message: f.message })) });
  });
  return { records, indices, rejected };
}

/** A publisher on a connection of its own (`createPublisher`) or on one the caller owns. */
export function publisherOn(connection: Pick<JetStreamConnection, 'js'>, options: Omit<PublisherOptions, 'servers'>, close: () => Promise<void> = async () => {}): Publisher {
  const registry = options.registry ?? BUILT_IN_REGISTRY;
  const prefix = options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
  return {
    async publish(events) {
      const input = Array.isArray(events) ? (events as unknown[]) : [events];
      const { records, indices, rejected } = validateForPublish(input, registry);
      const dup = await publishRecords(connection.js, options.stream, prefix, records, options.maxInFlight, options.ackTimeoutMs);
      const duplicates: { index: number; eventId: string }[] = [];
      dup.forEach((d, i) => {
        if (d) duplicates.push({ index: indices[i] as number, eventId: (records[i] as OutgoingRecord).msgId as string });
      });
      return { published: records.length - duplicates.length, duplicates, rejected };
    },
    close,
  };
}

export async function createPublisher(options: PublisherOptions): Promise<Publisher> {
  const connection = await connectJetStream({ servers: options.servers, name: 'siemkit publisher' });
  return publisherOn(connection, options, () => connection.close());
}
