/**
 * The keys every destination has (DESIGN.md §5b), beside its type-specific ones: each with its
 * default and unit where it is defined. The loader fills the defaults.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';
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
     * 1 (the default) sends one at a time and keeps the queue's order; more do not keep it.
     */
    concurrency: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  },
  { additionalProperties: false },
);

export const COMMON_DESTINATION_KEYS: ReadonlySet<string> = new Set(Object.keys(CommonDestinationSchema.properties));

export type BatchSettings = Required<Static<typeof BatchSettingsSchema>>;
export type BufferSettings = Required<Static<typeof BufferSettingsSchema>>;
export type QueueSettings = Required<Static<typeof QueueSettingsSchema>>;
export type TlsSettingsConfig = Static<typeof TlsSettingsSchema>;
