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

export const JetStreamInputSchema = Type.Object(
  {
    servers: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    stream: Type.String({ minLength: 1 }),
    subject_prefix: Type.Optional(Type.String({ minLength: 1, default: 'siemkit.events' })),
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
export type JetStreamInputConfig = Static<typeof JetStreamInputSchema>;
