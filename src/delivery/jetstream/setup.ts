/**
 * `siemkit jetstream setup`: creates or updates the stream and one durable pull consumer per
 * destination from the configuration, idempotently (a second run changes nothing and says so).
 *
 * Stream (every key from `inputs.jetstream`, defaults in config/schema.ts):
 *   subjects `<prefix>.>`, file storage, retention, replicas, max_age, max_bytes, duplicate window,
 *   discard `new` (a full stream refuses publishes, so the producer knows; it never drops events).
 * Consumer per destination (names.ts): durable `siemkit_<destination>`, explicit acks, deliver all,
 *   ack wait, max_deliver, max_ack_pending, filter subject from the destination's tenants.
 *
 * What JetStream cannot change on an existing stream or consumer (retention, storage; a consumer's
 * deliver policy) is reported as an error naming the key, never silently left different.
 */
import type { ConsumerConfig, ConsumerInfo, JetStreamManager, StreamConfig, StreamInfo } from '@nats-io/jetstream';
import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { JetStreamInputConfig } from '../config/schema.js';
import { consumerFilterSubject, consumerName, streamSubjects } from './names.js';

/** What setup needs to know of a destination. */
export interface ConsumerTarget {
  readonly name: string;
  readonly tenants?: readonly string[];
}

export type SetupAction = 'created' | 'updated' | 'unchanged';

export interface SetupResult {
  readonly stream: { readonly name: string; readonly action: SetupAction };
  readonly consumers: readonly { readonly destination: string; readonly consumer: string; readonly filter_subject: string; readonly action: SetupAction }[];
}

export function streamConfig(js: JetStreamInputConfig): Partial<StreamConfig> & { name: string } {
  return {
    name: js.stream,
    subjects: [streamSubjects(js.subject_prefix)],
    storage: StorageType.File,
    retention: js.retention === 'limits' ? RetentionPolicy.Limits : RetentionPolicy.Interest,
    num_replicas: js.replicas,
    max_age: nanos(js.max_age_ms),
    max_bytes: js.max_bytes,
    duplicate_window: nanos(js.duplicate_window_ms),
    discard: DiscardPolicy.New,
  };
}

export function consumerConfig(js: JetStreamInputConfig, target: ConsumerTarget): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: consumerName(target.name),
    description: `siemkit destination ${target.name}`,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(js.ack_wait_ms),
    max_deliver: js.max_deliver,
    max_ack_pending: js.max_ack_pending,
    filter_subject: consumerFilterSubject(js.subject_prefix, target.tenants),
  };
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && (err.code === 404 || /not found/i.test(err.message));
}

/** The keys of `want` whose value differs in `have` (arrays compared as JSON). */
function differing(want: Record<string, unknown>, have: Record<string, unknown>): string[] {
  return Object.keys(want).filter((k) => JSON.stringify(want[k]) !== JSON.stringify(have[k]));
}

/** Keys JetStream refuses to change in place. */
const FIXED_STREAM_KEYS = ['retention', 'storage'];
const FIXED_CONSUMER_KEYS = ['deliver_policy', 'ack_policy'];

export async function ensureStream(jsm: JetStreamManager, js: JetStreamInputConfig): Promise<SetupAction> {
  const want = streamConfig(js);
  let info: StreamInfo;
  try {
    info = await jsm.streams.info(js.stream);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(want);
    return 'created';
  }
  const changed = differing(want as Record<string, unknown>, info.config as unknown as Record<string, unknown>);
  if (changed.length === 0) return 'unchanged';
  const fixed = changed.filter((k) => FIXED_STREAM_KEYS.includes(k));
  if (fixed.length > 0) throw new Error(`stream ${js.stream}: ${fixed.join(', ')} cannot be changed on an existing stream (it is ${fixed.map((k) => JSON.stringify((info.config as unknown as Record<string, unknown>)[k])).join(', ')}); create a new stream or delete this one`);
  await jsm.streams.update(js.stream, { ...info.config, ...want });
  return 'updated';
}

export async function ensureConsumer(jsm: JetStreamManager, js: JetStreamInputConfig, target: ConsumerTarget): Promise<SetupAction> {
  const want = consumerConfig(js, target);
  let info: ConsumerInfo;
  try {
    info = await jsm.consumers.info(js.stream, want.durable_name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(js.stream, want);
    return 'created';
  }
  const changed = differing(want as Record<string, unknown>, info.config as unknown as Record<string, unknown>);
  if (changed.length === 0) return 'unchanged';
  const fixed = changed.filter((k) => FIXED_CONSUMER_KEYS.includes(k));
  if (fixed.length > 0) throw new Error(`consumer ${want.durable_name}: ${fixed.join(', ')} cannot be changed on an existing consumer; delete it (nats consumer rm ${js.stream} ${want.durable_name}) and run setup again`);
  const { durable_name: _name, ...update } = want;
  try {
    await jsm.consumers.update(js.stream, want.durable_name, update);
  } catch (err) {
    throw new Error(`consumer ${want.durable_name}: the server refused to change ${changed.join(', ')}: ${(err as Error).message}`, { cause: err });
  }
  return 'updated';
}

/** Creates or updates the stream, then each destination's consumer. */
export async function setupJetStream(jsm: JetStreamManager, js: JetStreamInputConfig, targets: readonly ConsumerTarget[]): Promise<SetupResult> {
  const stream = await ensureStream(jsm, js);
  const consumers: SetupResult['consumers'][number][] = [];
  for (const t of targets) {
    const action = await ensureConsumer(jsm, js, t);
    consumers.push({ destination: t.name, consumer: consumerName(t.name), filter_subject: consumerFilterSubject(js.subject_prefix, t.tenants), action });
  }
  return { stream: { name: js.stream, action: stream }, consumers };
}
