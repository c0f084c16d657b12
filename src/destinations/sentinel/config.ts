/**
 * The `sentinel` destination's own keys (DESIGN.md §5b): Microsoft Sentinel through the Azure
 * Monitor Logs Ingestion API (wire-protocols.md §2), authenticated as an Entra ID application with
 * the client-credentials grant. `timeout_ms` and `tls` are keys every destination has.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';

/** The public cloud's Entra ID (§2.2); sovereign clouds have their own (`https://login.microsoftonline.us`, `https://login.chinacloudapi.cn`). */
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
/**
 * The token's audience (§2.2): the Azure Monitor resource `https://monitor.azure.com/` + `/.default`.
 * Entra ID takes the single-slash form too (the current JS SDK sends it); sovereign clouds use
 * `https://monitor.azure.us//.default` or `https://monitor.azure.cn//.default`.
 */
export const DEFAULT_SCOPE = 'https://monitor.azure.com//.default';
/** The GA version of the API (§2.1). */
export const API_VERSION = '2023-01-01';
/**
 * Bytes per request at most (§2.4, "Max size of one API call: 1 MB", compressed or not): measured
 * on the JSON array before gzip, as the Azure SDK measures it (`splitDataToChunks`, §2.6).
 */
export const MAX_REQUEST_BYTES = 1_000_000;
/** Rows per request: the API sets no count, only the byte limit; `batch.max_events` chooses below this. */
export const MAX_REQUEST_ROWS = 10_000;

/**
 * What the pre-flight lint (dcr-lint.ts) does with a row that has an error finding (one Azure
 * Monitor would drop or refuse): `reject` dead-letters that row alone with the finding as the
 * reason and sends the others; `warn` sends it and reports the finding; `off` checks nothing.
 * Warnings (a `TimeGenerated` out of the window, a value over 64 KB) are reported in every mode but
 * `off`, and the row is sent.
 */
export const LINT_MODES = ['reject', 'warn', 'off'] as const;
export type LintMode = (typeof LINT_MODES)[number];

export const SentinelLintSchema = Type.Object(
  {
    /**
     * The data collection rule whose declaration of `stream` rows are checked against: the ARM
     * template `siemkit samples --for sentinel` writes, or the rule as Azure returns it
     * (`az monitor data-collection rule show`). Relative to the configuration file. Without it,
     * only what needs no declaration is checked (reserved names, sizes, `TimeGenerated`).
     */
    dcr_file: Type.Optional(Type.String({ minLength: 1 })),
    /** Default: `reject` with a `dcr_file`, `warn` without (no declaration, nothing is dropped for sure). */
    mode: Type.Optional(Type.Enum(LINT_MODES)),
  },
  { additionalProperties: false, default: {} },
);

const Url = Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+/?$' });

export const SentinelSettingsSchema = Type.Object(
  {
    /** The data collection endpoint (DCE), or the DCR's own `logsIngestion` endpoint: `https://<name>.<region>-1.ingest.monitor.azure.com`. */
    endpoint: Url,
    /** The DCR's immutable id (`dcr-0123…`), not its ARM resource id. */
    dcr_immutable_id: Type.String({ pattern: '^dcr-[0-9A-Za-z]+$' }),
    /** The input stream the DCR declares: `Custom-<Name>` for a custom stream. */
    stream: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]*$', maxLength: 256 }),
    /** The Entra ID tenant (directory) id of the application. */
    tenant_id: Type.String({ pattern: '^[A-Za-z0-9.-]+$' }),
    /** The application (client) id. */
    client_id: Type.String({ minLength: 1, pattern: '^[^\\s&=]+$' }),
    /** The application's client secret. A secret reference. */
    client_secret: Type.String({ minLength: 1 }),
    /** Where tokens come from: `{authority_host}/{tenant_id}/oauth2/v2.0/token`. */
    authority_host: Type.Optional(Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s?#]+$', default: DEFAULT_AUTHORITY_HOST })),
    /** The scope asked for; the audience of Azure Monitor in the cloud of `endpoint`. */
    scope: Type.Optional(Type.String({ minLength: 1, pattern: '^\\S+$', default: DEFAULT_SCOPE })),
    /** The pre-flight check of each row against the DCR's stream declaration, before sending (issue 7). */
    lint: Type.Optional(SentinelLintSchema),
  },
  { additionalProperties: false },
);
export type SentinelSettings = Static<typeof SentinelSettingsSchema>;
export type SentinelLintSettings = Static<typeof SentinelLintSchema>;

/** The settings that hold secrets, for the configuration loader. */
export const SENTINEL_SECRET_KEYS = ['client_secret'] as const;
