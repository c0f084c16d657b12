/**
 * The keys every destination has (DESIGN.md §5b), beside its type-specific ones: each with its
 * default and unit where it is defined. The loader fills the defaults.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { DEFAULT_ADAPTIVE_CONCURRENCY as ADAPTIVE } from '../adaptive-concurrency.js';
import { FilterSpecSchema } from '../filter.js';
import { RetrySettingsSchema } from '../retry-policy.js';

/** Batching (DESIGN.md §5): the destination's own limits cap these, whatever is configured. */
export const BatchSettingsSchema = Type.Object(
  {
    max_events: Type.Optional(Type.Integer({ minimum: 1, default: 500 })),
    max_bytes: Type.Optional(Type.Integer({ minimum: 1, default: 1_000_000 })),
    /** How long a record may wait for a full batch; 0 sends what is there at once. */
    flush_interval_ms: Type.Optional(Type.Integer({ minimum: 0, default: 1_000 })),
  },
  { additionalProperties: false },
);

/** The buffer window: what waits longer, or overflows the cap, goes to the dead letters. */
export const BufferSettingsSchema = Type.Object(
  {
    max_age_ms: Type.Optional(Type.Integer({ minimum: 1, default: 1_800_000 })),
    max_bytes: Type.Optional(Type.Integer({ minimum: 1, default: 1_073_741_824 })),
  },
  { additionalProperties: false },
);

/** The queue behind the destination: on disk (default, survives `kill -9`) or in memory. */
export const QueueSettingsSchema = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Literal('disk'), Type.Literal('memory')], { default: 'disk' })),
    fsync: Type.Optional(Type.Union([Type.Literal('always'), Type.Literal('interval'), Type.Literal('never')], { default: 'interval' })),
    fsync_interval_ms: Type.Optional(Type.Integer({ minimum: 1, default: 1_000 })),
    segment_bytes: Type.Optional(Type.Integer({ minimum: 4096, default: 16_777_216 })),
  },
  { additionalProperties: false },
);

/** How `concurrency: adaptive` adapts (adaptive-concurrency.ts); allowed only with it. */
export const AdaptiveConcurrencySettingsSchema = Type.Object(
  {
    initial_concurrency: Type.Optional(Type.Integer({ minimum: 1, default: ADAPTIVE.initial_concurrency })),
    /** Each send in flight holds its read's records: this bounds the memory they take. */
    max_concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000, default: ADAPTIVE.max_concurrency })),
    decrease_ratio: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: ADAPTIVE.decrease_ratio })),
    ewma_alpha: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: ADAPTIVE.ewma_alpha })),
    rtt_deviation_scale: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000, default: ADAPTIVE.rtt_deviation_scale })),
  },
  { additionalProperties: false },
);

export const TlsSettingsSchema = Type.Object(
  {
    ca_file: Type.Optional(Type.String({ minLength: 1 })),
    cert_file: Type.Optional(Type.String({ minLength: 1 })),
    key_file: Type.Optional(Type.String({ minLength: 1 })),
    server_name: Type.Optional(Type.String({ minLength: 1 })),
    /** Certificate verification; turning it off must be said by name. */
    verify: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

/** The keys of a destination that are not its type's own. */
export const CommonDestinationSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }),
    type: Type.String({ minLength: 1 }),
    format: Type.Optional(Type.String({ minLength: 1 })),
    tenants: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    filter: Type.Optional(FilterSpecSchema),
    batch: Type.Optional(BatchSettingsSchema),
    retry: Type.Optional(RetrySettingsSchema),
    buffer: Type.Optional(BufferSettingsSchema),
    queue: Type.Optional(QueueSettingsSchema),
    tls: Type.Optional(TlsSettingsSchema),
    /** One request's deadline (the timeout sender). */
    timeout_ms: Type.Optional(Type.Integer({ minimum: 1, default: 30_000 })),
    /**
     * Batches sent at once, each with its own retries; acknowledged in queue order all the same.
     * 1 sends one at a time and keeps the queue's order; more do not keep it. `adaptive`: as many
     * as the service's answers allow (`adaptive_concurrency`). The default is the type's
     * (`DestinationType.defaultConcurrency`): `adaptive` for HTTP destinations, else 1.
     */
    concurrency: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000 }), Type.Literal('adaptive')], { expected: 'an integer from 1 to 1000, or "adaptive"' })),
    adaptive_concurrency: Type.Optional(AdaptiveConcurrencySettingsSchema),
  },
  { additionalProperties: false },
);

export const COMMON_DESTINATION_KEYS: ReadonlySet<string> = new Set(Object.keys(CommonDestinationSchema.properties));

export type BatchSettings = Required<Static<typeof BatchSettingsSchema>>;
export type BufferSettings = Required<Static<typeof BufferSettingsSchema>>;
export type QueueSettings = Required<Static<typeof QueueSettingsSchema>>;
export type TlsSettingsConfig = Static<typeof TlsSettingsSchema>;
