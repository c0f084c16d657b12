/**
 * The starter queries in each SIEM's language, from the mapped format's field names.
 *
 * - KQL (Sentinel): over the custom table's columns, through the layout (renamed and flattened
 *   columns, members of `dynamic` columns); `TimeGenerated` is the event time.
 * - SPL (Splunk): JSON fields as `KV_MODE = json` extracts them (dotted paths), `_time` from the envelope.
 * - ES|QL (Elastic): dotted field names of the data stream, the format's date field.
 * - Datadog log search: `@`-attributes parsed from the JSON `message`; time range and group-by apart.
 * - Sumo Logic: `json` operator extractions from the raw line; the time range apart.
 */
import type { SampleFormat } from '../records.js';
import type { SentinelLayout } from '../sentinel/layout.js';
import { kqlName } from '../sentinel/transform.js';
import type { Condition, RenderedQuery, StarterQuery } from './starter.js';
import { queryFields, STARTER_QUERIES } from './starter.js';
import type { LogicalField } from './vocabulary.js';
import { fieldPath, VOCABULARIES } from './vocabulary.js';

const q = (s: string): string => JSON.stringify(s);
const fieldsOf = (format: SampleFormat, query: StarterQuery): string[] => queryFields(query).map((f) => fieldPath(format, f));

// ---- KQL ------------------------------------------------------------------------------------------

/** A KQL expression for a dotted path of the record in the table, and whether it is dynamic. */
export function kqlField(layout: SentinelLayout, path: string): string {
  const parts = path.split('.');
  let best: { name: string; depth: number; dynamic: boolean } | undefined;
  for (const c of layout.columns) {
    const p = c.path;
    if (p === undefined || p.length > parts.length || !p.every((x, i) => x === parts[i])) continue;
    if (best === undefined || p.length > best.depth) best = { name: c.name, depth: p.length, dynamic: c.type === 'dynamic' };
  }
  if (best === undefined) throw new Error(`table ${layout.table} has no column for ${path}`);
  const rest = parts.slice(best.depth);
  return rest.length === 0 ? kqlName(best.name) : kqlName(best.name) + rest.map(kqlName).join('');
}

function kqlCondition(layout: SentinelLayout, c: Condition): string {
  const v = VOCABULARIES[layout.format];
  const f = kqlField(layout, fieldPath(layout.format, c.field));
  switch (c.op) {
    case 'eq':
      return `tostring(${f}) == ${q((c.values as string[])[0] as string)}`;
    case 'in':
      return `tostring(${f}) in (${(c.values as string[]).map(q).join(', ')})`;
    case 'failure':
      return typeof v.failure === 'number' ? `toint(${f}) == ${v.failure}` : `tostring(${f}) == ${q(v.failure)}`;
    case 'exists':
      return `isnotempty(tostring(${f}))`;
  }
}

export function renderKql(layout: SentinelLayout, query: StarterQuery): RenderedQuery {
  const by = query.by.map((b) => `${b} = tostring(${kqlField(layout, fieldPath(layout.format, b))})`);
  const agg = query.sum !== undefined ? `${query.sum} = sum(tolong(${kqlField(layout, fieldPath(layout.format, query.sum))}))` : 'events = count()';
  const text = [layout.table, `where TimeGenerated > ago(${query.window.amount}${query.window.unit})`, ...query.where.map((c) => `where ${kqlCondition(layout, c)}`), `summarize ${agg} by ${by.join(', ')}`, `order by ${query.sum ?? 'events'} desc`].join('\n| ');
  return { id: query.id, title: query.title, language: 'KQL', query: text, fields: fieldsOf(layout.format, query) };
}

// ---- SPL ------------------------------------------------------------------------------------------

const splField = (path: string): string => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(path) ? path : `"${path}"`);

export function renderSpl(format: SampleFormat, sourcetype: string, query: StarterQuery): RenderedQuery {
  const v = VOCABULARIES[format];
  const terms = query.where.map((c) => {
    const f = splField(fieldPath(format, c.field));
    switch (c.op) {
      case 'eq':
        return `${f}=${q((c.values as string[])[0] as string)}`;
      case 'in':
        return `(${(c.values as string[]).map((x) => `${f}=${q(x)}`).join(' OR ')})`;
      case 'failure':
        return `${f}=${typeof v.failure === 'number' ? v.failure : q(v.failure)}`;
      case 'exists':
        return `${f}=*`;
    }
  });
  const by = query.by.map((b) => splField(fieldPath(format, b))).join(' ');
  const agg = query.sum !== undefined ? `sum(${splField(fieldPath(format, query.sum))}) AS ${query.sum}` : 'count AS events';
  const text = `sourcetype=${q(sourcetype)} earliest=-${query.window.amount}${query.window.unit} ${terms.join(' ')}\n| stats ${agg} BY ${by}\n| sort - ${query.sum ?? 'events'}`;
  return { id: query.id, title: query.title, language: 'SPL', query: text, fields: fieldsOf(format, query) };
}

// ---- ES|QL ----------------------------------------------------------------------------------------

const esqlField = (path: string): string => (/^[A-Za-z_@][A-Za-z0-9_.]*$/.test(path) ? path : `\`${path}\``);

export function renderEsql(format: SampleFormat, indexPattern: string, query: StarterQuery): RenderedQuery {
  const v = VOCABULARIES[format];
  const conds = query.where.map((c) => {
    const f = esqlField(fieldPath(format, c.field));
    switch (c.op) {
      case 'eq':
        return `${f} == ${q((c.values as string[])[0] as string)}`;
      case 'in':
        return `${f} IN (${(c.values as string[]).map(q).join(', ')})`;
      case 'failure':
        return `${f} == ${typeof v.failure === 'number' ? v.failure : q(v.failure)}`;
      case 'exists':
        return `${f} IS NOT NULL`;
    }
  });
  const unit = query.window.unit === 'h' ? (query.window.amount === 1 ? 'hour' : 'hours') : 'days';
  const by = query.by.map((b) => esqlField(fieldPath(format, b))).join(', ');
  const agg = query.sum !== undefined ? `${query.sum} = SUM(${esqlField(fieldPath(format, query.sum))})` : 'events = COUNT(*)';
  const text = [`FROM ${indexPattern}`, `WHERE ${esqlField(v.time)} >= NOW() - ${query.window.amount} ${unit}`, ...conds.map((c) => `WHERE ${c}`), `STATS ${agg} BY ${by}`, `SORT ${query.sum ?? 'events'} DESC`].join('\n| ');
  return { id: query.id, title: query.title, language: 'ES|QL', query: text, fields: [...new Set([v.time, ...fieldsOf(format, query)])] };
}

// ---- Datadog log search ---------------------------------------------------------------------------

const ddValue = (s: string): string => (/^[A-Za-z0-9_.:@/-]+$/.test(s) ? s : q(s));

export function renderDatadog(format: SampleFormat, source: string, query: StarterQuery): RenderedQuery {
  const v = VOCABULARIES[format];
  const terms = [`source:${source}`, ...query.where.map((c) => {
    const f = `@${fieldPath(format, c.field)}`;
    switch (c.op) {
      case 'eq':
        return `${f}:${ddValue((c.values as string[])[0] as string)}`;
      case 'in':
        return `${f}:(${(c.values as string[]).map(ddValue).join(' OR ')})`;
      case 'failure':
        return `${f}:${ddValue(String(v.failure))}`;
      case 'exists':
        return `${f}:*`;
    }
  })];
  const measure = query.sum !== undefined ? `sum:@${fieldPath(format, query.sum)}` : 'count';
  return { id: query.id, title: query.title, language: 'Datadog log search', query: terms.join(' '), timeRange: `${query.window.amount}${query.window.unit}`, groupBy: [...query.by.map((b) => `@${fieldPath(format, b)}`), `measure ${measure}`], fields: fieldsOf(format, query) };
}

// ---- Sumo Logic -----------------------------------------------------------------------------------

export function renderSumo(format: SampleFormat, sourceCategory: string, query: StarterQuery): RenderedQuery {
  const v = VOCABULARIES[format];
  const fields = queryFields(query) as LogicalField[];
  const extract = fields.map((f) => `${q(fieldPath(format, f))} as ${f}`).join(', ');
  const conds = query.where.map((c) => {
    switch (c.op) {
      case 'eq':
        return `${c.field} = ${q((c.values as string[])[0] as string)}`;
      case 'in':
        return `${c.field} in (${(c.values as string[]).map(q).join(', ')})`;
      case 'failure':
        return `${c.field} = ${q(String(v.failure))}`;
      case 'exists':
        return `!isBlank(${c.field})`;
    }
  });
  const agg = query.sum !== undefined ? `sum(${query.sum}) as ${query.sum}` : 'count as events';
  const text = [`_sourceCategory=${sourceCategory}`, `json field=_raw ${extract} nodrop`, `where ${conds.join(' and ')}`, `${agg} by ${query.by.join(', ')}`, `sort by ${query.sum ?? 'events'}`].join('\n| ');
  return { id: query.id, title: query.title, language: 'Sumo Logic', query: text, timeRange: `-${query.window.amount}${query.window.unit}`, fields: fieldsOf(format, query) };
}

/** Every starter query through one renderer. */
export function renderAll(render: (q: StarterQuery) => RenderedQuery): RenderedQuery[] {
  return STARTER_QUERIES.map(render);
}
