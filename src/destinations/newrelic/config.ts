/**
 * The `newrelic` destination's own keys (DESIGN.md §5b): the New Relic Log API
 * (wire-protocols.md §6.1), by region or by endpoint, with a license key.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

/** The Log API endpoint of each region (New Relic, "Send your logging data with our Log API"). */
export const NEW_RELIC_ENDPOINTS = {
  us: 'https://log-api.newrelic.com/log/v1',
  eu: 'https://log-api.eu.newrelic.com/log/v1',
  fedramp: 'https://gov-log-api.newrelic.com/log/v1',
} as const;
export type NewRelicRegion = keyof typeof NEW_RELIC_ENDPOINTS;

/** The headers a license key may travel in: `Api-Key` (the documented one, Vector's), `License-Key`, `X-License-Key`. */
export const NEW_RELIC_KEY_HEADERS = ['Api-Key', 'License-Key', 'X-License-Key'] as const;
export type NewRelicKeyHeader = (typeof NEW_RELIC_KEY_HEADERS)[number];

/**
 * Bytes per POST: 1 MB (10^6 bytes). New Relic does not say whether before or after compression;
 * the uncompressed body is held to it, which is safe either way (wire-protocols.md §11.1).
 */
export const NEW_RELIC_MAX_BYTES = 1_000_000;
/** Logs per POST: New Relic documents no count limit; the byte cap is what binds. */
export const NEW_RELIC_MAX_EVENTS = 100_000;

/** An attribute name (at most 255 characters) and a string value. */
const AttributeName = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\u0000-\\u001f]+$' });

export const NewRelicSettingsSchema = Type.Object(
  {
    region: Type.Optional(Type.Enum(['us', 'eu', 'fedramp'], { default: 'us' })),
    /** Another endpoint (a proxy), instead of the region's: the full URL of `/log/v1`. */
    endpoint: Type.Optional(Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$' })),
    /** The account's license key. A secret reference. */
    api_key: Type.String({ minLength: 1, pattern: '^[\\x21-\\x7e]+$' }),
    /** The header the key is sent in. */
    key_header: Type.Optional(Type.Enum(NEW_RELIC_KEY_HEADERS, { default: 'Api-Key' })),
    /** Attributes of every log of a request (`common.attributes`): `service`, `environment`, ... */
    attributes: Type.Optional(Type.Record(AttributeName, Type.String({ maxLength: 4_094 }), { additionalProperties: false, default: {} })),
    /** `Content-Encoding: gzip`: on by default, as New Relic recommends compression. */
    gzip: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type NewRelicSettings = Static<typeof NewRelicSettingsSchema>;

export const NEW_RELIC_SECRET_KEYS = ['api_key'] as const;
