/**
 * The `elastic` destination's own keys (DESIGN.md §5b): an Elasticsearch or OpenSearch cluster,
 * written through the `_bulk` API (wire-protocols.md §3) into one index or one data stream.
 * `timeout_ms` and `tls` are keys every destination has (src/delivery/config/settings.ts).
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

/**
 * `http.max_content_length`, the cluster's cap on a request body: 100mb by default on
 * Elasticsearch and OpenSearch (wire-protocols.md §3.4). Lower it to match a cluster that has less
 * (AWS OpenSearch Service caps some instance sizes at 10 MiB).
 */
export const DEFAULT_MAX_BYTES = 104_857_600;
/**
 * Bulk items per request. Elasticsearch documents no count limit; this bounds the answer we read
 * (one item per document) and sits above anything the batch settings reach by default.
 */
export const MAX_EVENTS = 10_000;

/**
 * An index or data stream name as Elasticsearch accepts one: lower case, none of
 * `\ / * ? " < > | , # :` nor a space, not starting with `-`, `_` or `+`, not `.` or `..`, at most
 * 255 characters (Elasticsearch "Create index API", path parameters).
 */
const TargetName = Type.String({ pattern: '^(?![-_+])(?!\\.\\.?$)[^A-Z\\\\/*?"<>|,#: \\u0000-\\u001f]{1,255}$' });

export const ElasticSettingsSchema = Type.Object(
  {
    /** The cluster's URL, with a path prefix when a proxy serves it under one: `https://es.example.com:9200`. No credentials, no query. */
    endpoint: Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$' }),
    /** The index documents are created in. Give `index` or `data_stream`. */
    index: Type.Optional(TargetName),
    /** The data stream documents are created in (`logs-siemkit-default`): documents get `@timestamp`. Give `index` or `data_stream`. */
    data_stream: Type.Optional(TargetName),
    /**
     * `Authorization: ApiKey <api_key>`: the `encoded` value the create-API-key API returns
     * (base64 of `id:key`), or `id:key`, which is encoded here. A secret reference.
     */
    api_key: Type.Optional(Type.String({ minLength: 1, pattern: '^[^\\r\\n\\u0000]+$' })),
    /** Basic authentication (RFC 7617), with `password`. The user-id cannot hold a colon. */
    username: Type.Optional(Type.String({ minLength: 1, pattern: '^[^:\\r\\n\\u0000]+$' })),
    /** A secret reference. */
    password: Type.Optional(Type.String({ minLength: 1 })),
    /** `Content-Encoding: gzip` on every bulk request. */
    gzip: Type.Optional(Type.Boolean({ default: false })),
    /** The cluster's `http.max_content_length`, in bytes of the NDJSON body before compression. */
    max_bytes: Type.Optional(Type.Integer({ minimum: 1, default: DEFAULT_MAX_BYTES })),
  },
  { additionalProperties: false },
);
export type ElasticSettings = Static<typeof ElasticSettingsSchema>;

/** The settings that hold secrets, for the configuration loader. */
export const ELASTIC_SECRET_KEYS = ['api_key', 'password'] as const;
