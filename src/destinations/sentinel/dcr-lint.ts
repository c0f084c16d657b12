/**
 * Pre-flight lint: would Azure Monitor keep these rows as they are? Rows that do not match the data
 * collection rule's stream declaration are not refused: the Logs Ingestion API answers 204 and the
 * members the declaration lacks are dropped (wire-protocols.md §2.3, §2.8). This check finds, per
 * record, before anything is sent:
 *
 * - `undeclared_property` (error): a member the stream does not declare; it would be dropped.
 * - `type_mismatch` (error): a value the column's type cannot hold (a string in a `long` column).
 * - `reserved_name` (error): a member named like a column Log Analytics reserves (§2.7) that the
 *   rule's transformation does not rename or remove.
 * - `record_too_large` (error): a record over 1 MB, more than one API call may carry (§2.4).
 * - `time_generated_missing` (warning): Azure Monitor stamps the time of ingestion instead (§2.7).
 * - `time_generated_out_of_window` (warning): older than 2 days or more than 1 day ahead of `now`;
 *   Azure Monitor replaces it with the time of receipt (§2.7).
 * - `field_too_large` (warning): a value over 64 KB, truncated by the service (§2.4).
 *
 * Pure: the records, the declaration and the clock in, findings out. The Sentinel destination runs
 * it before sending (`lint` setting: reject or warn; destination.ts); `siemkit sentinel lint` runs
 * it on files.
 */
import { rowMembers } from './row-members.js';

/** Column types a DCR stream declaration may use (§2.7). */
export const STREAM_COLUMN_TYPES = ['string', 'int', 'long', 'real', 'boolean', 'datetime', 'dynamic'] as const;
export type StreamColumnType = (typeof STREAM_COLUMN_TYPES)[number];

/** Column names Log Analytics reserves (§2.7, create-custom-table.md). Compared without regard to case. */
export const RESERVED_COLUMN_NAMES = ['_ResourceId', 'id', '_SubscriptionId', 'TenantId', 'Type', 'UniqueId', 'Title'] as const;

const RESERVED_LOWER: ReadonlySet<string> = new Set(RESERVED_COLUMN_NAMES.map((r) => r.toLowerCase()));
const RESERVED_LENGTHS: ReadonlySet<number> = new Set(RESERVED_COLUMN_NAMES.map((r) => r.length));

/** Whether a column name is reserved in Log Analytics. */
export function isReservedColumnName(name: string): boolean {
  return RESERVED_LENGTHS.has(name.length) && RESERVED_LOWER.has(name.toLowerCase());
}

/** Bytes one Logs Ingestion API call may carry (§2.4). */
export const MAX_RECORD_BYTES = 1_000_000;
/** Bytes of one field value the service keeps; longer values are truncated (§2.4). */
export const MAX_FIELD_BYTES = 64 * 1024;
/** `TimeGenerated` older than this before receipt is replaced by the receive time (§2.7). */
export const MAX_AGE_MS = 2 * 24 * 3_600_000;
/** `TimeGenerated` further than this ahead of receipt is replaced by the receive time (§2.7). */
export const MAX_AHEAD_MS = 24 * 3_600_000;

export interface StreamColumn {
  readonly name: string;
  readonly type: string;
}

/** One `streamDeclarations` entry: `{ "columns": [{ "name", "type" }] }`. */
export interface StreamDeclaration {
  readonly columns: readonly StreamColumn[];
}

export const DCR_LINT_CODES = ['not_an_object', 'undeclared_property', 'type_mismatch', 'reserved_name', 'record_too_large', 'time_generated_missing', 'time_generated_out_of_window', 'field_too_large'] as const;
export type DcrLintCode = (typeof DCR_LINT_CODES)[number];

export interface DcrLintFinding {
  /** The record's position in the list given (0-based). */
  readonly index: number;
  /** The top-level member concerned; `''` for the whole record. */
  readonly field: string;
  readonly code: DcrLintCode;
  /** `error`: Azure Monitor would drop or refuse data; `warning`: it would keep an altered row. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface DcrLintOptions {
  /** The receipt time the `TimeGenerated` window is measured from, epoch ms. Default `Date.now()`. */
  readonly now?: number;
  /** Members the rule's transformation renames or removes (see `transformRemovals`): a reserved name there is no finding. */
  readonly removedByTransform?: ReadonlySet<string>;
}

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The JSON type of a value, as findings name it. */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** ISO 8601 date-times as KQL `todatetime` reads them from JSON; the value's instant, or undefined. */
function instant(v: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/.test(v)) return undefined;
  const ms = Date.parse(v.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether a column of `type` holds `value` as sent (null is an empty cell in any column). */
export function holds(type: string, value: unknown): boolean {
  if (value === null) return true;
  switch (type.toLowerCase()) {
    case 'string':
      return typeof value === 'string';
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647;
    case 'long':
      return typeof value === 'number' && Number.isInteger(value);
    case 'real':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'datetime':
      return typeof value === 'string' && instant(value) !== undefined;
    case 'dynamic':
      return true;
    default:
      return false;
  }
}

/**
 * The input columns a `transformKql` renames or removes: the names after `project-away` and on the
 * right of a `project-rename` (`project-rename New = Old`). Names may be bare or `['quoted']`.
 */
export function transformRemovals(transformKql: string): Set<string> {
  const out = new Set<string>();
  const name = String.raw`(?:\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|([A-Za-z_][A-Za-z0-9_]*))`;
  for (const stage of transformKql.split('|')) {
    const s = stage.trim();
    if (s.startsWith('project-away')) {
      for (const m of s.slice('project-away'.length).matchAll(new RegExp(name, 'g'))) out.add((m[1] ?? m[2] ?? m[3]) as string);
    } else if (s.startsWith('project-rename')) {
      for (const m of s.slice('project-rename'.length).matchAll(new RegExp(`${name}\\s*=\\s*${name}`, 'g'))) out.add((m[4] ?? m[5] ?? m[6]) as string);
    }
  }
  return out;
}

/**
 * The findings for one record at `index`. Without a declaration (no DCR at hand) only what needs
 * none is checked: reserved names, sizes, `TimeGenerated`.
 */
export function lintRecord(record: unknown, index: number, declaration: StreamDeclaration | undefined, options: DcrLintOptions = {}): DcrLintFinding[] {
  const out: DcrLintFinding[] = [];
  const add = (field: string, code: DcrLintCode, severity: 'error' | 'warning', message: string): void => {
    out.push({ index, field, code, severity, message });
  };
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    add('', 'not_an_object', 'error', `a row is a JSON object, got ${jsonType(record)}`);
    return out;
  }
  const columns = declaration === undefined ? undefined : new Map(declaration.columns.map((c) => [c.name, c.type]));
  const row = record as Record<string, unknown>;
  const size = utf8(JSON.stringify(row));
  if (size > MAX_RECORD_BYTES) add('', 'record_too_large', 'error', `the record is ${size} bytes as JSON; one Logs Ingestion call carries at most ${MAX_RECORD_BYTES}`);
  for (const [key, value] of Object.entries(row)) {
    const type = columns?.get(key);
    if (columns !== undefined && type === undefined) {
      add(key, 'undeclared_property', 'error', `"${key}" is not a column of the stream declaration: Azure Monitor would drop it`);
    } else if (type !== undefined && !holds(type, value)) {
      add(key, 'type_mismatch', 'error', `a ${type} column cannot hold ${jsonType(value)} ${JSON.stringify(value)?.slice(0, 60)}`);
    }
    if (isReservedColumnName(key) && !(options.removedByTransform?.has(key) ?? false)) {
      add(key, 'reserved_name', 'error', reservedMessage(key));
    }
    const bytes = typeof value === 'string' ? utf8(value) : value !== null && typeof value === 'object' ? utf8(JSON.stringify(value)) : 0;
    if (bytes > MAX_FIELD_BYTES) add(key, 'field_too_large', 'warning', `the value is ${bytes} bytes; Azure Monitor truncates values over ${MAX_FIELD_BYTES}`);
  }
  const tg = row.TimeGenerated;
  if (tg === undefined || tg === null || (typeof tg === 'string' && instant(tg) !== undefined)) {
    const time = timeGeneratedFinding((tg ?? null) as string | null, index, options);
    if (time !== undefined) out.push(time);
  } else if (columns?.has('TimeGenerated') === true && columns.get('TimeGenerated')?.toLowerCase() !== 'datetime') {
    // Undeclared, or declared datetime: reported above already.
    add('TimeGenerated', 'type_mismatch', 'error', `TimeGenerated must be an ISO 8601 date-time string, got ${jsonType(tg)}`);
  }
  return out;
}

const reservedMessage = (key: string): string => `"${key}" is a column name Log Analytics reserves; rename it in the rule's transformKql`;

/** The finding for a missing `TimeGenerated` (null), or for one outside the window Azure Monitor keeps. */
function timeGeneratedFinding(tg: string | null, index: number, options: DcrLintOptions): DcrLintFinding | undefined {
  if (tg === null) {
    return { index, field: 'TimeGenerated', code: 'time_generated_missing', severity: 'warning', message: 'no TimeGenerated: Azure Monitor stamps the time of ingestion unless the transformation sets it' };
  }
  const at = instant(tg);
  if (at === undefined) return undefined;
  const now = options.now ?? Date.now();
  if (at >= now - MAX_AGE_MS && at <= now + MAX_AHEAD_MS) return undefined;
  return {
    index,
    field: 'TimeGenerated',
    code: 'time_generated_out_of_window',
    severity: 'warning',
    message: `${tg} is ${at < now ? 'more than 2 days before' : 'more than 1 day after'} ${new Date(now).toISOString()}: Azure Monitor would replace it with the time of receipt`,
  };
}

/**
 * The findings for one row as `JSON.stringify` wrote it (the destination's own rows): those of
 * `lintRecord` of its parse (an unreadable row is `not_an_object`).
 *
 * Without a declaration, a row too short to reach `MAX_FIELD_BYTES` in UTF-8 (21,845 UTF-16 code
 * units, 3 bytes each at most) is not parsed but read for its member names and `TimeGenerated`
 * (row-members.ts), with the same findings: `JSON.stringify` of the parse of such text is as long
 * as the text, so neither the record nor any value in it can be too large, and names and
 * `TimeGenerated` are all the other checks that need no declaration. Everything else is parsed.
 */
export function lintRowText(row: string, index: number, declaration: StreamDeclaration | undefined, options: DcrLintOptions = {}): DcrLintFinding[] {
  const members = declaration === undefined && row.length * 3 <= MAX_FIELD_BYTES ? rowMembers(row) : undefined;
  const tg = members?.timeGenerated;
  if (members === undefined || tg === undefined || (tg.kind === 'other' && tg.escaped)) {
    let value: unknown;
    try {
      value = JSON.parse(row) as unknown;
    } catch {
      value = undefined;
    }
    return lintRecord(value, index, declaration, options);
  }
  const out: DcrLintFinding[] = [];
  let reported: Set<string> | undefined;
  for (const key of members.names) {
    if (!isReservedColumnName(key) || (options.removedByTransform?.has(key) ?? false) || reported?.has(key) === true) continue;
    (reported ??= new Set()).add(key);
    out.push({ index, field: key, code: 'reserved_name', severity: 'error', message: reservedMessage(key) });
  }
  // A number, boolean, object or array: no finding without a declaration (lintRecord's too).
  const time = tg.kind === 'other' ? undefined : timeGeneratedFinding(tg.kind === 'string' ? tg.text : null, index, options);
  if (time !== undefined) out.push(time);
  return out;
}

/** How the destination's own rows begin (encode.ts `withTimeGenerated`): the value follows. */
const OWN_ROW_START = '{"TimeGenerated":"';

/**
 * `lintRowText` without a declaration, for a row whose top-level member names are known not to be
 * reserved (the record format's schema fixes them, and none is: `preflight.ts` checks that once)
 * and which begins with the `TimeGenerated` the destination wrote: only that value is read, from
 * the row's start, where `lintRowText` reads every top-level member to find the names. The
 * findings are the same. Any other row (another start, an escape in the value, a row long enough
 * for a value over `MAX_FIELD_BYTES`) goes to `lintRowText`.
 */
export function lintOwnRowText(row: string, index: number, options: DcrLintOptions = {}): DcrLintFinding[] {
  const end = row.startsWith(OWN_ROW_START) ? row.indexOf('"', OWN_ROW_START.length) : -1;
  if (end === -1 || row.length * 3 > MAX_FIELD_BYTES) return lintRowText(row, index, undefined, options);
  const tg = row.slice(OWN_ROW_START.length, end);
  if (tg.includes('\\')) return lintRowText(row, index, undefined, options);
  const time = timeGeneratedFinding(tg, index, options);
  return time === undefined ? [] : [time];
}

/** The findings for every record, in record order. */
export function lintRecords(records: readonly unknown[], declaration: StreamDeclaration | undefined, options: DcrLintOptions = {}): DcrLintFinding[] {
  return records.flatMap((r, i) => lintRecord(r, i, declaration, options));
}

/** A stream found in a DCR document, with the transformation of the data flow that reads it. */
export interface DcrStream {
  readonly name: string;
  readonly declaration: StreamDeclaration;
  readonly transformKql?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The streams a DCR document declares: an ARM template (`resources[]` of type
 * `Microsoft.Insights/dataCollectionRules`), a DCR resource as Azure returns it (`properties`), or
 * its bare `properties`. Throws with the reason when there is none, or a declaration is malformed.
 */
export function dcrStreams(dcr: unknown): DcrStream[] {
  const properties: Obj[] = [];
  if (isObj(dcr)) {
    if (Array.isArray(dcr.resources)) {
      for (const r of dcr.resources) if (isObj(r) && typeof r.type === 'string' && r.type.toLowerCase() === 'microsoft.insights/datacollectionrules' && isObj(r.properties)) properties.push(r.properties);
    } else if (isObj(dcr.properties)) properties.push(dcr.properties);
    else if (isObj(dcr.streamDeclarations)) properties.push(dcr);
  }
  const out: DcrStream[] = [];
  for (const p of properties) {
    const declarations = p.streamDeclarations;
    if (!isObj(declarations)) continue;
    const flows = Array.isArray(p.dataFlows) ? p.dataFlows.filter(isObj) : [];
    for (const [name, decl] of Object.entries(declarations)) {
      if (!isObj(decl) || !Array.isArray(decl.columns)) throw new Error(`streamDeclarations["${name}"] has no columns array`);
      const columns: StreamColumn[] = decl.columns.map((c, i) => {
        if (!isObj(c) || typeof c.name !== 'string' || typeof c.type !== 'string') throw new Error(`streamDeclarations["${name}"].columns[${i}] needs a string name and type`);
        return { name: c.name, type: c.type };
      });
      const flow = flows.find((f) => Array.isArray(f.streams) && f.streams.includes(name));
      out.push({ name, declaration: { columns }, ...(typeof flow?.transformKql === 'string' ? { transformKql: flow.transformKql } : {}) });
    }
  }
  if (out.length === 0) throw new Error('no streamDeclarations found: expected an ARM template with a Microsoft.Insights/dataCollectionRules resource, or a DCR with properties.streamDeclarations');
  return out;
}
