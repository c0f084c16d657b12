/**
 * The `splunk_hec` destination's own keys (DESIGN.md §5b): Splunk's HTTP Event Collector
 * (wire-protocols.md §1). `timeout_ms` and `tls` are keys every destination has
 * (src/delivery/config/settings.ts) and reach the destination through its context.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

/** Which HEC endpoint batches go to (wire-protocols.md §1.1; Vector's `endpoint_target`). */
export const HEC_ENDPOINT_TARGETS = ['event', 'raw'] as const;
export type HecEndpointTarget = (typeof HEC_ENDPOINT_TARGETS)[number];

/**
 * Canonical fields that may be sent as indexed fields (`fields` of the envelope, §1.3): flat
 * strings only, as HEC requires (code 15 otherwise).
 */
export const HEC_INDEXED_FIELDS = ['event_id', 'tenant_id', 'category', 'action', 'outcome', 'severity', 'session_id', 'request_id', 'actor.id', 'actor.type'] as const;
export type HecIndexedField = (typeof HEC_INDEXED_FIELDS)[number];

/**
 * Records per request: HEC sets no count limit (§1.7); this keeps one request's work, and what a
 * refusal sends again, moderate.
 */
export const DEFAULT_MAX_EVENTS = 1_000;
/**
 * Bytes per request body: 1,000,000, the `max_content_length` of Splunk 6.3-6.4 and the figure
 * commonly quoted for Splunk Cloud (§1.7), so the default fits every HEC. Current Splunk
 * Enterprise takes up to `MAX_CONTENT_LENGTH`.
 */
export const DEFAULT_MAX_BYTES = 1_000_000;
/** `limits.conf [http_input] max_content_length` default of Splunk Enterprise ≥ 6.5 (§1.7). */
export const MAX_CONTENT_LENGTH = 838_860_800;
/**
 * How long a request's acknowledgement may take before the batch is sent again, in ms. Splunk
 * advises 5 minutes (§1.6); the whole send, wait included, must fit in the destination's
 * `timeout_ms` (default 30,000), and one batch is in flight at a time, so the default is shorter.
 */
export const DEFAULT_ACK_TIMEOUT_MS = 20_000;
/** Between two queries of `/services/collector/ack`, in ms. */
export const DEFAULT_ACK_POLL_INTERVAL_MS = 1_000;

/** Envelope keys HEC reads itself: an indexed field of that name would clash (§1.3). */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set(['time', 'host', 'source', 'sourcetype', 'index', 'event', 'fields']);

/** A metadata value: no CR, LF or NUL, so it stays one header or query value. */
const MetadataValue = Type.String({ minLength: 1, pattern: '^[^\\r\\n\\u0000]+$' });
/** An indexed field name: letters, digits, `_`, `.`, `-`, not starting with a digit or punctuation. */
const FieldName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' });

export const HecAckSchema = Type.Object(
  {
    /** Indexer acknowledgement (§1.6): a send is delivered only once Splunk says the events are indexed. */
    enabled: Type.Optional(Type.Boolean({ default: false })),
    /** In ms; below the destination's `timeout_ms`. */
    timeout_ms: Type.Optional(Type.Integer({ minimum: 1, default: DEFAULT_ACK_TIMEOUT_MS })),
    /** In ms. */
    poll_interval_ms: Type.Optional(Type.Integer({ minimum: 1, default: DEFAULT_ACK_POLL_INTERVAL_MS })),
  },
  { additionalProperties: false, default: {} },
);

export const SplunkHecSettingsSchema = Type.Object(
  {
    /** The HEC's base URL (`https://splunk.example.com:8088`), optionally with a proxy's path prefix. */
    endpoint: Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$' }),
    /** The HEC token. A secret reference. */
    token: Type.String({ minLength: 1, pattern: '^[^\\s]+$' }),
    /** `event`: `/services/collector/event`, JSON envelopes; `raw`: `/services/collector/raw`, one record per line. */
    endpoint_target: Type.Optional(Type.Enum(HEC_ENDPOINT_TARGETS, { default: 'event' })),
    /** Default: the token's default index. */
    index: Type.Optional(MetadataValue),
    /** Default: Splunk's (`http:<token name>`). */
    source: Type.Optional(MetadataValue),
    /** Default: `siemkit:<format>` (`siemkit:ocsf`, `siemkit:cef`). */
    sourcetype: Type.Optional(MetadataValue),
    /** Default: the token's default host, else the sender's address. */
    host: Type.Optional(MetadataValue),
    /** Indexed fields sent with every event (`event` target only). */
    fields: Type.Optional(Type.Record(FieldName, Type.String({ pattern: '^[^\\u0000]*$' }), { additionalProperties: false, default: {} })),
    /** Canonical fields sent as indexed fields of the same name, when the event has them (`event` target only). */
    indexed_fields: Type.Optional(Type.Array(Type.Enum(HEC_INDEXED_FIELDS), { uniqueItems: true, default: [] })),
    ack: Type.Optional(HecAckSchema),
    /** `Content-Encoding: gzip` on every request body (§1.8). */
    gzip: Type.Optional(Type.Boolean({ default: false })),
    max_events: Type.Optional(Type.Integer({ minimum: 1, default: DEFAULT_MAX_EVENTS })),
    /** In bytes, of the body as sent (gzipped when `gzip`): HEC's `max_content_length`. */
    max_bytes: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CONTENT_LENGTH, default: DEFAULT_MAX_BYTES })),
  },
  { additionalProperties: false },
);
export type SplunkHecSettings = Static<typeof SplunkHecSettingsSchema>;
export type HecAckSettings = Static<typeof HecAckSchema>;

/** The settings that hold secrets, for the configuration loader. */
export const SPLUNK_HEC_SECRET_KEYS = ['token'] as const;
