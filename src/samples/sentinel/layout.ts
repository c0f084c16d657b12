/**
 * How a format's records land in a Log Analytics custom table: the stream declaration (the record's
 * top-level members as siemkit sends them, `TimeGenerated` first), the table's columns, and the
 * renames between them. Both come from the format's schema (../fields), never from samples.
 *
 * `nested: 'dynamic'` keeps each object as one `dynamic` column; `nested: 'flatten'` gives each
 * member of a closed object its own column (`actor_user_uid`) down to `depth` levels, deeper or
 * open objects staying `dynamic`. Either way the DCR transformation does the work, so siemkit
 * sends the same records whatever the table looks like.
 *
 * Column names (wire-protocols.md §2.7): a letter first, then letters, digits and `_`, at most 45
 * characters, none of the reserved names. A name that breaks a rule is renamed (`@timestamp` ->
 * `timestamp`, `TenantId` -> `TenantId_field`) and the rename recorded.
 */
import type { StreamColumnType } from '../../destinations/sentinel/dcr-lint.js';
import { isReservedColumnName } from '../../destinations/sentinel/dcr-lint.js';
import type { FieldNode } from '../fields/index.js';
import { leaves, schemaFields } from '../fields/index.js';
import type { SampleFormat } from '../records.js';

/** Table column types (the Tables API's, §2.7); `guid` is never derived, the schemas have no GUID type. */
export const TABLE_COLUMN_TYPES = ['string', 'int', 'long', 'real', 'boolean', 'datetime', 'dynamic', 'guid'] as const;
export type TableColumnType = (typeof TABLE_COLUMN_TYPES)[number];

/** Columns a custom table may have (Azure Monitor service limits: 500 per table, `TimeGenerated` included). */
export const MAX_TABLE_COLUMNS = 500;
const MAX_NAME = 45;
const RENAME_SUFFIX = '_field';

export type NestedMode = 'dynamic' | 'flatten';

export interface TableColumn {
  readonly name: string;
  readonly type: TableColumnType;
  /** The record member the column comes from (`actor.user.uid`); absent for `TimeGenerated`. */
  readonly path?: readonly string[];
}

export interface Rename {
  /** The member's dotted path in the record. */
  readonly field: string;
  readonly column: string;
  readonly reason: string;
}

export interface SentinelLayout {
  readonly format: SampleFormat;
  /** The table without `_CL`. */
  readonly name: string;
  readonly table: string;
  readonly stream: string;
  readonly streamColumns: readonly { name: string; type: StreamColumnType }[];
  readonly columns: readonly TableColumn[];
  readonly renames: readonly Rename[];
  /** KQL giving the event's own time from the input columns, when a row has no `TimeGenerated`. */
  readonly timeExpression: string;
}

export interface LayoutOptions {
  readonly format: SampleFormat;
  /** The table's name without `_CL`. Default `Siemkit` + the format (`SiemkitOcsf`). */
  readonly name?: string;
  /** Event types whose OCSF classes the table covers. Default: every built-in type. */
  readonly types?: readonly string[];
  readonly nested?: NestedMode;
  /** With `flatten`: object levels given their own columns. Default 1. */
  readonly depth?: number;
}

/** KQL that reads the event's time from each format's own member. */
const TIME_EXPRESSION: Readonly<Record<SampleFormat, string>> = {
  ocsf: "unixtime_milliseconds_todatetime(['time'])",
  ecs: "todatetime(['@timestamp'])",
  canonical: "todatetime(['timestamp'])",
};

export function defaultTableName(format: SampleFormat): string {
  return `Siemkit${format === 'ocsf' ? 'Ocsf' : format === 'ecs' ? 'Ecs' : 'Canonical'}`;
}

/** A legal column name for a member path, and why it differs from the plain joined path (if it does). */
export function columnName(path: readonly string[], taken: ReadonlySet<string>): { name: string; reason?: string } {
  const plain = path.join('_');
  let name = plain.replace(/[^A-Za-z0-9_]/g, '');
  const reasons: string[] = [];
  if (name !== plain) reasons.push('only letters, digits and _ are allowed');
  if (!/^[A-Za-z]/.test(name)) {
    name = `f_${name}`;
    reasons.push('a column name starts with a letter');
  }
  if (isReservedColumnName(name)) {
    name = `${name}${RENAME_SUFFIX}`;
    reasons.push('the name is reserved in Log Analytics');
  }
  if (name.length > MAX_NAME) {
    name = name.slice(0, MAX_NAME);
    reasons.push(`column names have at most ${MAX_NAME} characters`);
  }
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = `_${i}`;
    name = `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (i === 2) reasons.push('another column has the name');
  }
  return reasons.length === 0 ? { name } : { name, reason: reasons.join('; ') };
}

export function sentinelLayout(options: LayoutOptions): SentinelLayout {
  const { format } = options;
  const name = options.name ?? defaultTableName(format);
  if (!/^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(name) || name.endsWith('_CL')) throw new RangeError(`table name "${name}": a letter, then letters, digits or _, without the _CL suffix`);
  const nested = options.nested ?? 'dynamic';
  const depth = nested === 'flatten' ? (options.depth ?? 1) : 0;
  const top: FieldNode[] = schemaFields(format, options.types, 0);
  const streamColumns = [{ name: 'TimeGenerated', type: 'datetime' as StreamColumnType }, ...top.filter((n) => n.name !== 'TimeGenerated').map((n) => ({ name: n.name, type: n.type }))];
  const taken = new Set<string>(['timegenerated']);
  const columns: TableColumn[] = [{ name: 'TimeGenerated', type: 'datetime' }];
  const renames: Rename[] = [];
  for (const { path, node } of leaves(schemaFields(format, options.types, depth))) {
    if (path.length === 1 && path[0] === 'TimeGenerated') continue;
    const { name: column, reason } = columnName(path, taken);
    taken.add(column.toLowerCase());
    columns.push({ name: column, type: node.type, path });
    if (reason !== undefined) renames.push({ field: path.join('.'), column, reason });
  }
  if (columns.length > MAX_TABLE_COLUMNS) throw new RangeError(`the table would have ${columns.length} columns, more than the ${MAX_TABLE_COLUMNS} Log Analytics allows: flatten fewer levels`);
  return { format, name, table: `${name}_CL`, stream: `Custom-${name}`, streamColumns, columns, renames, timeExpression: TIME_EXPRESSION[format] };
}
