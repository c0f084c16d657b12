/**
 * The DCR's `transformKql`: from the stream's columns to the table's. It sets `TimeGenerated` from
 * the event's own time where a row has none, gives each renamed or flattened member its column,
 * and removes the input columns that have no column of their own. Only operators that the
 * transformation subset of KQL has are used (`extend`, `project-away`, `iif`, `isnull`, casts).
 * Every column is written `['quoted']`, so any member name is safe and the tests can check the
 * names against the declaration.
 */
import type { SentinelLayout, TableColumnType } from './layout.js';

const CAST: Readonly<Record<TableColumnType, string>> = { string: 'tostring', int: 'toint', long: 'tolong', real: 'toreal', boolean: 'tobool', datetime: 'todatetime', dynamic: '', guid: 'toguid' };

/** A column (or dynamic member) reference. */
export function kqlName(name: string): string {
  return `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

export function transformKql(layout: SentinelLayout): string {
  const stages = ['source', `extend ${kqlName('TimeGenerated')} = iif(isnull(${kqlName('TimeGenerated')}), ${layout.timeExpression}, ${kqlName('TimeGenerated')})`];
  const extend: string[] = [];
  const away = new Set<string>();
  for (const c of layout.columns) {
    const path = c.path;
    if (path === undefined) continue;
    if (path.length === 1 && path[0] === c.name) continue;
    const [head, ...rest] = path as [string, ...string[]];
    const access = kqlName(head) + rest.map(kqlName).join('');
    const cast = CAST[c.type];
    extend.push(`${kqlName(c.name)} = ${cast === '' ? access : `${cast}(${access})`}`);
    away.add(head);
  }
  // A member that keeps its name as a column is never removed, even when its children were flattened too.
  for (const c of layout.columns) if (c.path?.length === 1 && c.path[0] === c.name) away.delete(c.name);
  if (extend.length > 0) stages.push(`extend ${extend.join(', ')}`);
  if (away.size > 0) stages.push(`project-away ${[...away].map(kqlName).join(', ')}`);
  return stages.join('\n| ');
}
