/**
 * The `xsiam` destination's own keys (DESIGN.md §5b): a Cortex XSIAM HTTP log collector
 * (wire-protocols.md §6.2). The collector's log format (Raw, JSON, CEF, LEEF) and compression are
 * fixed when it is created; `format` and `gzip` here must match them.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

/** Bytes per request: 25 MB, the collector's documented cap (413 above it), taken as 25 * 10^6. */
export const XSIAM_MAX_BYTES = 25_000_000;
/** Events per request: not documented; the byte cap is what binds. */
export const XSIAM_MAX_EVENTS = 100_000;

export const XsiamSettingsSchema = Type.Object(
  {
    /** The collector's "API URL": `https://api-<tenant>.xdr.<region>.paloaltonetworks.com/logs/v1/event`. */
    url: Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$' }),
    /** The collector's API key, sent as `Authorization: <api_key>` (no scheme). A secret reference. */
    api_key: Type.String({ minLength: 1, pattern: '^[\\x21-\\x7e]+$' }),
    /** `Content-Encoding: gzip`: only if the collector was created with gzip compression. */
    gzip: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type XsiamSettings = Static<typeof XsiamSettingsSchema>;

export const XSIAM_SECRET_KEYS = ['api_key'] as const;
