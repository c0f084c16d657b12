/**
 * The `sumo` destination's own keys (DESIGN.md §5b): a Sumo Logic HTTP Logs Source
 * (wire-protocols.md §5). The source's URL is its credential (the token is its last path segment),
 * so `url` is a secret: given as `${env:…}` or `${file:…}`, never shown.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

/**
 * Bytes per request before compression: Sumo Logic recommends 100 KB to 1 MB and asks not to
 * exceed 1 MB (wire-protocols.md §5, "Batch size").
 */
export const SUMO_MAX_BYTES = 1_000_000;
/** Messages per request: Sumo documents no count limit; the byte cap is what binds. */
export const SUMO_MAX_EVENTS = 100_000;

/** A header value: printable ASCII, so it travels as it is (RFC 9110 §5.5). */
const HeaderText = Type.String({ minLength: 1, maxLength: 1_024, pattern: '^[\\x20-\\x7e]+$' });
/** A field name as Sumo Logic takes one (letters, digits, `_`, `.`, `-`), at most 255 characters. */
const FieldName = Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$' });
/** A field value: printable ASCII without `,` and `=`, which `X-Sumo-Fields` has no way to escape. */
const FieldValue = Type.String({ pattern: '^[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]*$' });

export const SumoSettingsSchema = Type.Object(
  {
    /** The HTTP source's URL, `https://endpoint….sumologic.com/receiver/v1/http/<token>`. A secret reference. */
    url: Type.String({ minLength: 1 }),
    /** `X-Sumo-Category`: the `_sourceCategory` of every message, instead of the source's. */
    category: Type.Optional(HeaderText),
    /** `X-Sumo-Name`: the `_sourceName`. */
    name: Type.Optional(HeaderText),
    /** `X-Sumo-Host`: the `_sourceHost`. */
    host: Type.Optional(HeaderText),
    /** `X-Sumo-Fields`: custom fields (they must exist in the Sumo Logic account), sent as `k=v,k=v`. */
    fields: Type.Optional(Type.Record(FieldName, FieldValue, { additionalProperties: false, default: {} })),
    /** `Content-Encoding: gzip`: on by default, as Sumo Logic recommends compression. */
    gzip: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type SumoSettings = Static<typeof SumoSettingsSchema>;

/** The settings that hold secrets, for the configuration loader: the whole URL. */
export const SUMO_SECRET_KEYS = ['url'] as const;
