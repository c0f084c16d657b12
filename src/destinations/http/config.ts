/**
 * The `http` destination's own keys (DESIGN.md §5b): a generic HTTPS POST of batches to any
 * receiver (a webhook, a collector, a SOAR). `timeout_ms` and `tls` are keys every destination
 * has (src/delivery/config/settings.ts) and reach the destination through its context.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

/** How a batch becomes a body: one JSON array, NDJSON (one record per line), or one record per request. */
export const HTTP_BODIES = ['json_array', 'ndjson', 'single'] as const;
export type HttpBody = (typeof HTTP_BODIES)[number];

export const DEFAULT_BODY: HttpBody = 'json_array';
/** Records per request the receiver takes at most (the batcher never exceeds it); `single` is always 1. */
export const DEFAULT_MAX_EVENTS = 1_000;
/** Bytes per request body the receiver takes at most, before compression: 1 MB, the common SIEM collector cap (wire-protocols.md §0). */
export const DEFAULT_MAX_BYTES = 1_000_000;

/** A header field name: an RFC 9110 §5.6.2 token. */
const HeaderName = Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" });
/** A header value without CR, LF or NUL (RFC 9110 §5.5), so no header can be injected. */
const HeaderValue = Type.String({ pattern: '^[^\\r\\n\\u0000]*$' });

/** `Authorization: Basic base64(username:password)` (RFC 7617). */
const BasicAuthSchema = Type.Object(
  {
    type: Type.Literal('basic'),
    /** RFC 7617 §2: the user-id cannot hold a colon. */
    username: Type.String({ pattern: '^[^:\\r\\n\\u0000]*$' }),
    /** A secret reference. */
    password: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

/** `Authorization: Bearer <token>` (RFC 6750 §2.1). */
const BearerAuthSchema = Type.Object(
  {
    type: Type.Literal('bearer'),
    /** A secret reference. */
    token: Type.String({ minLength: 1, pattern: '^[^\\r\\n\\u0000]*$' }),
  },
  { additionalProperties: false },
);

/** A header of the receiver's choosing (`X-Api-Key: <value>`). */
const HeaderAuthSchema = Type.Object(
  {
    type: Type.Literal('header'),
    name: HeaderName,
    /** A secret reference. */
    value: Type.String({ minLength: 1, pattern: '^[^\\r\\n\\u0000]*$' }),
  },
  { additionalProperties: false },
);

export const HttpAuthSchema = Type.Union([BasicAuthSchema, BearerAuthSchema, HeaderAuthSchema]);
export type HttpAuth = Static<typeof HttpAuthSchema>;

export const HttpSettingsSchema = Type.Object(
  {
    /** Where batches are POSTed: `https://` (or `http://` for a receiver on a trusted network). No credentials in it. */
    url: Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$' }),
    /** Headers sent with every request; names are case-insensitive. */
    headers: Type.Optional(Type.Record(HeaderName, HeaderValue, { additionalProperties: false, default: {} })),
    auth: Type.Optional(HttpAuthSchema),
    body: Type.Optional(Type.Enum(HTTP_BODIES, { default: DEFAULT_BODY })),
    /**
     * Signs each request with HMAC-SHA256 after the Standard Webhooks convention (signature.ts):
     * `whsec_<base64>` or a raw secret. A secret reference.
     */
    signing_secret: Type.Optional(Type.String({ minLength: 1 })),
    /** `Content-Encoding: gzip` on every request body. */
    gzip: Type.Optional(Type.Boolean({ default: false })),
    max_events: Type.Optional(Type.Integer({ minimum: 1, default: DEFAULT_MAX_EVENTS })),
    /** In bytes, of the body before compression. */
    max_bytes: Type.Optional(Type.Integer({ minimum: 1, default: DEFAULT_MAX_BYTES })),
  },
  { additionalProperties: false },
);
export type HttpSettings = Static<typeof HttpSettingsSchema>;

/** The settings that hold secrets, for the configuration loader. */
export const HTTP_SECRET_KEYS = ['auth.password', 'auth.token', 'auth.value', 'signing_secret'] as const;
