/**
 * The `datadog` destination's own keys (DESIGN.md §5b): the Datadog Logs intake API v2
 * (wire-protocols.md §4). `timeout_ms` and `tls` are keys every destination has.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

/** Datadog's sites (`DD_SITE`), each with its intake at `https://http-intake.logs.<site>` (§4). */
export const DATADOG_SITES = ['datadoghq.com', 'us3.datadoghq.com', 'us5.datadoghq.com', 'datadoghq.eu', 'ap1.datadoghq.com', 'ap2.datadoghq.com', 'uk1.datadoghq.com', 'ddog-gov.com', 'us2.ddog-gov.com'] as const;
export type DatadogSite = (typeof DATADOG_SITES)[number];

export const DEFAULT_SITE: DatadogSite = 'datadoghq.com';
/** The path of the v2 intake, under the site's intake host or `endpoint`. */
export const LOGS_PATH = '/api/v2/logs';
/** `ddsource`: the integration name Datadog picks pipelines by. */
export const DEFAULT_DDSOURCE = 'siemkit';

/** Entries per request (§4: "Maximum array size if sending multiple logs in an array: 1000 entries"). */
export const MAX_REQUEST_ENTRIES = 1_000;
/** Bytes per request before compression (§4: 5 MB uncompressed). */
export const MAX_REQUEST_BYTES = 5_000_000;
/** Bytes of one log entry (§4: 1 MB); Datadog would truncate a longer one and still answer 2xx. */
export const MAX_ENTRY_BYTES = 1_000_000;
/** How old an event's timestamp may be (§4: "up to 18 hours in the past"). */
export const MAX_AGE_MS = 18 * 3_600_000;

export const DatadogSettingsSchema = Type.Object(
  {
    /** The Datadog site of the organisation. */
    site: Type.Optional(Type.Enum(DATADOG_SITES, { default: DEFAULT_SITE })),
    /**
     * Instead of `site`: the intake's base URL (a proxy, a test receiver), scheme, host, port and
     * an optional path prefix; `/api/v2/logs` is appended.
     */
    endpoint: Type.Optional(Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s?#]+$' })),
    /** A Datadog API key (not an application key). A secret reference. */
    api_key: Type.String({ minLength: 1, pattern: '^[^\\r\\n\\u0000]*$' }),
    /** `service` of every log; omitted when not given. */
    service: Type.Optional(Type.String({ minLength: 1 })),
    /** `ddsource` of every log. */
    ddsource: Type.Optional(Type.String({ minLength: 1, default: DEFAULT_DDSOURCE })),
    /** `ddtags` of every log: `key:value` tags, comma-separated; none when empty. */
    ddtags: Type.Optional(Type.String({ default: '' })),
    /** `hostname` of every log; default: this machine's host name. */
    hostname: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type DatadogSettings = Static<typeof DatadogSettingsSchema>;

/** The settings that hold secrets, for the configuration loader. */
export const DATADOG_SECRET_KEYS = ['api_key'] as const;
