/**
 * Loads configuration contract v1 (DESIGN.md §5b) from YAML or JSON: checks it against the schema
 * with every problem named by its place (`/destinations/1/batch/max_events: must be >= 1`,
 * `/destinations/0: unknown key "endpont"`), fills the defaults, requires secrets as references
 * and resolves them. A secret's value never appears in an error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';
import type { TSchema } from 'typebox';
import { parse as parseYaml } from 'yaml';
import type { ProductIdentity } from '../../mappers/product.js';
import type { DestinationType } from '../../destinations/registry.js';
import { DESTINATION_TYPES, destinationType } from '../../destinations/registry.js';
import type { AdaptiveConcurrencySettings } from '../adaptive-concurrency.js';
import type { FilterSpec } from '../filter.js';
import type { RetrySettings } from '../retry-policy.js';
import { resolveSecretRef } from '../secrets/secret-ref.js';
import type { HttpInputConfig, JetStreamInputConfig } from './schema.js';
import { ConfigTopSchema } from './schema.js';
import type { BatchSettings, BufferSettings, QueueSettings, TlsSettingsConfig } from './settings.js';
import { COMMON_DESTINATION_KEYS, CommonDestinationSchema } from './settings.js';

export interface DestinationConfig {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly tenants?: readonly string[];
  readonly filter?: FilterSpec;
  readonly batch: BatchSettings;
  readonly retry: RetrySettings;
  readonly buffer: BufferSettings;
  readonly queue: QueueSettings;
  readonly tls?: TlsSettingsConfig;
  readonly timeout_ms: number;
  /** Batches sent at once, or how their number adapts (settings.ts). */
  readonly concurrency: number | { readonly adaptive: AdaptiveConcurrencySettings };
  /** The type's own keys, defaults filled and secrets resolved. */
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface ForwarderConfig {
  readonly product: ProductIdentity;
  /** Absolute. */
  readonly data_dir: string;
  readonly validation: 'reject' | 'dead_letter';
  readonly inputs: { readonly http?: HttpInputConfig; readonly jetstream?: JetStreamInputConfig };
  readonly destinations: readonly DestinationConfig[];
  /** Every resolved secret value, for the redactor. Never printed. */
  readonly secrets: readonly string[];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface LoadOptions {
  /** Environment for `${env:NAME}` (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Relative `data_dir` and file references resolve against this (default: the file's directory). */
  readonly baseDir?: string;
}

const DEFAULT_PRODUCT: ProductIdentity = { vendor: 'siemkit', name: 'siemkit' };

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const compiled = new WeakMap<TSchema, ValidateFunction>();

function validator(schema: TSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (v === undefined) {
    v = ajv.compile(schema as object);
    compiled.set(schema, v);
  }
  return v;
}

function describe(base: string, e: ErrorObject): string {
  const at = `${base}${e.instancePath}` || '/';
  if (e.keyword === 'additionalProperties') return `${at}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'enum') return `${at}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'anyOf' || e.keyword === 'oneOf') return `${at}: is none of the allowed values`;
  return `${at}: ${e.message ?? e.keyword}`;
}

/** Validates `value` against `schema` in place (defaults filled); appends problems. */
function check(schema: TSchema, value: unknown, base: string, problems: string[]): boolean {
  const v = validator(schema);
  if (v(value)) return true;
  // Literal unions report one error per branch and then `anyOf`: keep one line per place, naming the allowed values.
  const errors = v.errors ?? [];
  const allowed = new Map<string, unknown[]>();
  for (const e of errors) {
    if (e.keyword === 'const') allowed.set(e.instancePath, [...(allowed.get(e.instancePath) ?? []), (e.params as { allowedValue: unknown }).allowedValue]);
  }
  // A union that says what it expects (`expected`) is one line saying it, instead of its branches' errors.
  const expected = new Map<string, { schemaPath: string; text: string }>();
  for (const e of errors) {
    const text = e.keyword === 'anyOf' ? schemaAt(schema, e.schemaPath.replace(/\/anyOf$/, ''))?.expected : undefined;
    if (typeof text === 'string') expected.set(e.instancePath, { schemaPath: e.schemaPath, text });
  }
  const seen = new Set<string>();
  for (const e of errors) {
    const union = expected.get(e.instancePath);
    if (union !== undefined && e.keyword !== 'anyOf' && e.schemaPath.startsWith(`${union.schemaPath}/`)) continue;
    if (e.keyword === 'const' && errors.some((o) => o.instancePath === e.instancePath && o.keyword === 'anyOf')) continue;
    const values = e.keyword === 'anyOf' ? allowed.get(e.instancePath) : undefined;
    const line = union !== undefined && e.keyword === 'anyOf' ? `${base}${e.instancePath}: must be ${union.text}` : values !== undefined ? describe(base, { ...e, keyword: 'enum', params: { allowedValues: values } }) : describe(base, e);
    if (!seen.has(line)) {
      seen.add(line);
      problems.push(line);
    }
  }
  return false;
}

/** The sub-schema at an ajv `schemaPath` (`#/properties/concurrency`), or undefined. */
function schemaAt(root: TSchema, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter((p) => p !== '')) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
  }
  return isObject(node) ? node : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveSecret(value: unknown, at: string, options: LoadOptions, secrets: string[], problems: string[]): string | undefined {
  try {
    const resolved = resolveSecretRef(value, at, { ...(options.env !== undefined ? { env: options.env } : {}), ...(options.baseDir !== undefined ? { baseDir: options.baseDir } : {}) });
    secrets.push(resolved);
    return resolved;
  } catch (err) {
    problems.push((err as Error).message);
    return undefined;
  }
}

/** Reads one secret-holding setting by its dotted path (`auth.password`), or undefined. */
function getPath(obj: Record<string, unknown>, dotted: string): { parent: Record<string, unknown>; key: string } | undefined {
  const parts = dotted.split('.');
  let cur: Record<string, unknown> = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (!isObject(next)) return undefined;
    cur = next;
  }
  const key = parts[parts.length - 1] as string;
  return key in cur ? { parent: cur, key } : undefined;
}

function loadDestination(raw: unknown, at: string, options: LoadOptions, secrets: string[], problems: string[]): DestinationConfig | undefined {
  if (!isObject(raw)) {
    problems.push(`${at}: a destination is an object`);
    return undefined;
  }
  const common: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) (COMMON_DESTINATION_KEYS.has(k) ? common : own)[k] = v;
  const type: DestinationType | undefined = typeof common.type === 'string' ? destinationType(common.type) : undefined;
  if (typeof common.type === 'string' && type === undefined) {
    problems.push(`${at}/type: "${common.type}" is not a destination type of this version (${DESTINATION_TYPES.map((t) => t.type).join(', ')})`);
  }
  const before = problems.length;
  check(CommonDestinationSchema, common, at, problems);
  if (type === undefined) return undefined;
  check(type.settings, own, at, problems);
  const format = typeof common.format === 'string' ? common.format : type.defaultFormat;
  if (!type.formats.includes(format)) problems.push(`${at}/format: ${type.type} destinations take ${type.formats.join(', ')}, not "${format}"`);
  for (const key of type.secretKeys) {
    const hit = getPath(own, key);
    if (hit === undefined) continue;
    const resolved = resolveSecret(hit.parent[hit.key], `${at}/${key.split('.').join('/')}`, options, secrets, problems);
    if (resolved !== undefined) hit.parent[hit.key] = resolved;
  }
  if (problems.length > before) return undefined;
  // Relative paths in a configuration are relative to its file, like the TLS files.
  for (const key of type.pathKeys ?? []) {
    const hit = getPath(own, key);
    if (hit !== undefined && typeof hit.parent[hit.key] === 'string') hit.parent[hit.key] = path.resolve(options.baseDir ?? process.cwd(), hit.parent[hit.key] as string);
  }
  const c = common as { name: string; tenants?: string[]; filter?: FilterSpec; batch?: unknown; retry?: unknown; buffer?: unknown; queue?: unknown; tls?: TlsSettingsConfig; timeout_ms?: number; concurrency?: number | 'adaptive'; adaptive_concurrency?: unknown };
  const concurrency = loadConcurrency(c.concurrency ?? type.defaultConcurrency ?? 1, c.adaptive_concurrency, at, problems);
  if (concurrency === undefined) return undefined;
  return {
    name: c.name,
    type: type.type,
    format,
    ...(c.tenants !== undefined ? { tenants: c.tenants } : {}),
    ...(c.filter !== undefined ? { filter: c.filter } : {}),
    batch: withDefaults(CommonDestinationSchema.properties.batch, c.batch),
    retry: withDefaults(CommonDestinationSchema.properties.retry, c.retry),
    buffer: withDefaults(CommonDestinationSchema.properties.buffer, c.buffer),
    queue: withDefaults(CommonDestinationSchema.properties.queue, c.queue),
    ...(c.tls !== undefined ? { tls: resolveTls(c.tls, options) } : {}),
    timeout_ms: c.timeout_ms ?? 30_000,
    concurrency,
    settings: own,
  };
}

/** `concurrency`, with `adaptive_concurrency`'s defaults filled when it is `adaptive`; undefined after a problem. */
function loadConcurrency(concurrency: number | 'adaptive', adaptive: unknown, at: string, problems: string[]): DestinationConfig['concurrency'] | undefined {
  if (concurrency !== 'adaptive') {
    if (adaptive === undefined) return concurrency;
    problems.push(`${at}/adaptive_concurrency: applies only with concurrency: adaptive, and concurrency is ${concurrency}`);
    return undefined;
  }
  const settings = withDefaults<AdaptiveConcurrencySettings>(CommonDestinationSchema.properties.adaptive_concurrency, adaptive);
  if (settings.initial_concurrency > settings.max_concurrency) {
    problems.push(`${at}/adaptive_concurrency/initial_concurrency: ${settings.initial_concurrency} is above max_concurrency (${settings.max_concurrency})`);
    return undefined;
  }
  return { adaptive: settings };
}

/** An optional sub-object with its defaults (ajv fills defaults only where the object exists). */
function withDefaults<T>(schema: TSchema, value: unknown): T {
  const v = isObject(value) ? value : {};
  validator(schema)(v);
  return v as T;
}

function resolveTls(tls: TlsSettingsConfig, options: LoadOptions): TlsSettingsConfig {
  const base = options.baseDir ?? process.cwd();
  const abs = (f: string | undefined): string | undefined => (f === undefined ? undefined : path.resolve(base, f));
  return {
    ...tls,
    ...(tls.ca_file !== undefined ? { ca_file: abs(tls.ca_file) } : {}),
    ...(tls.cert_file !== undefined ? { cert_file: abs(tls.cert_file) } : {}),
    ...(tls.key_file !== undefined ? { key_file: abs(tls.key_file) } : {}),
    verify: tls.verify ?? true,
  };
}

/** Checks and resolves a parsed configuration document. `source` names it in errors. */
export function parseConfig(doc: unknown, source: string, options: LoadOptions = {}): ForwarderConfig {
  const problems: string[] = [];
  if (!isObject(doc)) throw new ConfigError(source, ['/: a configuration is a YAML or JSON object']);
  const top = structuredClone(doc);
  check(ConfigTopSchema, top, '', problems);
  const secrets: string[] = [];
  const destinations: DestinationConfig[] = [];
  const rawDestinations = Array.isArray(top.destinations) ? top.destinations : [];
  rawDestinations.forEach((raw, i) => {
    const d = loadDestination(raw, `/destinations/${i}`, options, secrets, problems);
    if (d !== undefined) destinations.push(d);
  });
  const names = new Set<string>();
  rawDestinations.forEach((raw, i) => {
    const name = isObject(raw) ? raw.name : undefined;
    if (typeof name !== 'string') return;
    if (names.has(name)) problems.push(`/destinations/${i}/name: "${name}" is already the name of another destination`);
    names.add(name);
  });
  const inputs = (isObject(top.inputs) ? top.inputs : {}) as ForwarderConfig['inputs'];
  if (inputs.http?.token !== undefined) {
    const token = resolveSecret(inputs.http.token, '/inputs/http/token', options, secrets, problems);
    if (token !== undefined) (inputs.http as { token?: string }).token = token;
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  const base = options.baseDir ?? process.cwd();
  return {
    product: (top.product as ProductIdentity | undefined) ?? DEFAULT_PRODUCT,
    data_dir: path.resolve(base, (top.data_dir as string | undefined) ?? './.siemkit'),
    validation: (top.validation as 'reject' | 'dead_letter' | undefined) ?? 'reject',
    inputs,
    destinations,
    secrets,
  };
}

/** Reads and checks a YAML or JSON configuration file. */
export function loadConfigFile(file: string, options: LoadOptions = {}): ForwarderConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(file, [`is not YAML or JSON: ${(err as Error).message.split('\n')[0]}`]);
  }
  return parseConfig(doc, file, { ...options, baseDir: options.baseDir ?? path.dirname(path.resolve(file)) });
}
