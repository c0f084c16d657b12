/**
 * Configuration contract v1 (DESIGN.md §5b) as a TypeBox schema: the top level and the inputs.
 * Destinations are checked in two parts (load.ts): the keys every destination has
 * (settings.ts) and the keys of its type (each destination folder's `settings`).
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

export const ProductSchema = Type.Object(
  {
    vendor: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    version: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

export const HttpInputSchema = Type.Object(
  {
    /** `host:port`; port 0 picks a free one. */
    listen: Type.String({ minLength: 1 }),
    /** Bearer token that producers present: a secret reference. */
    token: Type.Optional(Type.String({ minLength: 1 })),
    max_body_bytes: Type.Optional(Type.Integer({ minimum: 1, default: 10_485_760 })),
  },
  { additionalProperties: false },
);

/**
 * The scale-out input (docs/jetstream.md): producers publish to a NATS JetStream stream, and every
 * forwarder process that runs the same configuration shares one durable pull consumer per
 * destination. The stream and consumer keys are what `siemkit jetstream setup` creates; the
 * defaults are written here with their units.
 */
export const JetStreamInputSchema = Type.Object(
  {
    servers: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    /** A JetStream stream name: no `.`, `*`, `>`, whitespace or path separators. */
    stream: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^.*>\\s/\\\\]+$' }),
    /** Events go to `<subject_prefix>.<tenant_id>`. */
    subject_prefix: Type.Optional(Type.String({ minLength: 1, pattern: '^[^*>\\s]+$', default: 'siemkit.events' })),
    /**
     * `interest`: a message leaves the stream once every destination's consumer acknowledged it;
     * `limits`: it stays until `max_age_ms` or `max_bytes` pushes it out (replayable, costs disk).
     */
    retention: Type.Optional(Type.Union([Type.Literal('interest'), Type.Literal('limits')], { default: 'interest' })),
    /** Copies of each message in a cluster: 1 on a single server, 3 on a three-node cluster. */
    replicas: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, default: 1 })),
    /** Oldest message the stream keeps: 7 days. */
    max_age_ms: Type.Optional(Type.Integer({ minimum: 1_000, default: 604_800_000 })),
    /** Size cap of the stream: 10 GiB. A full stream refuses new publishes (discard `new`), it never drops events. */
    max_bytes: Type.Optional(Type.Integer({ minimum: 1_048_576, default: 10_737_418_240 })),
    /** How long a `Nats-Msg-Id` (the event_id) is remembered to drop a producer's retry: 2 minutes. */
    duplicate_window_ms: Type.Optional(Type.Integer({ minimum: 1_000, default: 120_000 })),
    /** How long a forwarder may hold a message unacknowledged before JetStream gives it to another (it sends progress while it works): 30 s. */
    ack_wait_ms: Type.Optional(Type.Integer({ minimum: 1_000, default: 30_000 })),
    /** Deliveries of one message (each forwarder that died holding it counts one) before it is dead-lettered with reason `max_deliver`. */
    max_deliver: Type.Optional(Type.Integer({ minimum: 2, default: 10 })),
    /** Messages of one consumer held unacknowledged by all forwarder processes together. */
    max_ack_pending: Type.Optional(Type.Integer({ minimum: 1, default: 10_000 })),
  },
  { additionalProperties: false },
);

export const InputsSchema = Type.Object(
  {
    http: Type.Optional(HttpInputSchema),
    jetstream: Type.Optional(JetStreamInputSchema),
  },
  { additionalProperties: false },
);

export const ConfigTopSchema = Type.Object(
  {
    product: Type.Optional(ProductSchema),
    /** Disk queues, dead letters and follow offsets live here. */
    data_dir: Type.Optional(Type.String({ minLength: 1, default: './.siemkit' })),
    /** What `emit` does with an invalid event. */
    validation: Type.Optional(Type.Union([Type.Literal('reject'), Type.Literal('dead_letter')], { default: 'reject' })),
    inputs: Type.Optional(InputsSchema),
    destinations: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type HttpInputConfig = Static<typeof HttpInputSchema>;
/** With the loader's defaults filled. */
export type JetStreamInputConfig = Required<Static<typeof JetStreamInputSchema>>;
