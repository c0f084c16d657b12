import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../../../src/samples/events.js';
import { renderDatadog, renderEsql, renderKql, renderSpl, renderSumo } from '../../../src/samples/queries/render.js';
import type { RenderedQuery, StarterQuery } from '../../../src/samples/queries/starter.js';
import { STARTER_QUERIES } from '../../../src/samples/queries/starter.js';
import { fieldPath, LOGICAL_FIELDS, schemaHasPath, VOCABULARIES } from '../../../src/samples/queries/vocabulary.js';
import type { SampleFormat } from '../../../src/samples/records.js';
import { SAMPLE_FORMATS, sampleRecords } from '../../../src/samples/records.js';
import { sentinelLayout } from '../../../src/samples/sentinel/layout.js';

const events = sampleEvents({ count: 2 });

function get(record: unknown, path: string): unknown {
  let at: unknown = record;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** The mapped records a query's conditions select. */
function selected(format: SampleFormat, query: StarterQuery): Record<string, unknown>[] {
  const v = VOCABULARIES[format];
  return sampleRecords(events, format).filter((r) =>
    query.where.every((c) => {
      const value = get(r, fieldPath(format, c.field));
      if (c.op === 'eq' || c.op === 'in') return (c.values as string[]).includes(value as string);
      if (c.op === 'failure') return value === v.failure;
      return value !== undefined && value !== null && value !== '';
    }),
  );
}

const siems: { name: string; render: (format: SampleFormat, q: StarterQuery) => RenderedQuery }[] = [
  { name: 'sentinel (KQL, dynamic)', render: (f, q) => renderKql(sentinelLayout({ format: f }), q) },
  { name: 'sentinel (KQL, flatten)', render: (f, q) => renderKql(sentinelLayout({ format: f, nested: 'flatten' }), q) },
  { name: 'splunk (SPL)', render: (f, q) => renderSpl(f, `siemkit:${f}`, q) },
  { name: 'elastic (ES|QL)', render: (f, q) => renderEsql(f, 'logs-siemkit.audit-*', q) },
  { name: 'datadog', render: (f, q) => renderDatadog(f, 'siemkit', q) },
  { name: 'sumo', render: (f, q) => renderSumo(f, 'siemkit/audit', q) },
];

describe('vocabulary', () => {
  it('every logical field of every format is in that format\'s schema', () => {
    for (const format of SAMPLE_FORMATS) for (const f of LOGICAL_FIELDS) expect(schemaHasPath(format, VOCABULARIES[format].paths[f]), `${format} ${f}`).toBe(true);
  });
  it('refuses a path the schema does not have', () => {
    expect(schemaHasPath('ocsf', 'actor.user.no_such')).toBe(false);
    expect(schemaHasPath('ecs', 'event.no_such')).toBe(false);
    expect(schemaHasPath('canonical', 'actor.no_such')).toBe(false);
    expect(schemaHasPath('canonical', 'payload.anything')).toBe(true);
  });
});

describe.each(SAMPLE_FORMATS)('starter queries over %s', (format) => {
  it.each(STARTER_QUERIES.map((q) => [q.id, q] as const))('%s: the records it selects exist and hold every field it names, in every SIEM', (_id, query) => {
    const records = selected(format, query);
    expect(records.length, `${query.id} selects no ${format} sample`).toBeGreaterThan(0);
    for (const siem of siems) {
      const rendered = siem.render(format, query);
      expect(rendered.fields.length).toBeGreaterThan(0);
      for (const field of rendered.fields) {
        const holders = records.filter((r) => get(r, field) !== undefined);
        expect(holders.length, `${siem.name}: ${field} is in no selected ${format} record`).toBeGreaterThan(0);
        if (query.by.some((b) => fieldPath(format, b) === field)) expect(holders).toHaveLength(records.length);
      }
    }
  });

  it('KQL names only table columns', () => {
    for (const nested of ['dynamic', 'flatten'] as const) {
      const layout = sentinelLayout({ format, nested });
      const names = new Set(layout.columns.map((c) => c.name));
      for (const q of STARTER_QUERIES) {
        const text = renderKql(layout, q).query;
        expect(text.startsWith(`${layout.table}\n`)).toBe(true);
        // A column is the first ['x'] of an access path; the ones after it are members of a dynamic column.
        for (const m of text.matchAll(/(?<![\]\w])\['([^']+)'\]/g)) expect(names, `${q.id}: ${m[1]}`).toContain(m[1]);
      }
    }
  });
});

describe('rendered text', () => {
  it('writes each language\'s form', () => {
    const q = STARTER_QUERIES[0] as StarterQuery;
    expect(renderSpl('ecs', 'siemkit:ecs', q).query).toBe('sourcetype="siemkit:ecs" earliest=-24h event.action="user.login" event.outcome="failure"\n| stats count AS events BY user.id\n| sort - events');
    expect(renderEsql('ecs', 'logs-siemkit.audit-*', q).query).toBe('FROM logs-siemkit.audit-*\n| WHERE @timestamp >= NOW() - 24 hours\n| WHERE event.action == "user.login"\n| WHERE event.outcome == "failure"\n| STATS events = COUNT(*) BY user.id\n| SORT events DESC');
    expect(renderDatadog('ocsf', 'siemkit', q)).toMatchObject({ query: 'source:siemkit @metadata.event_code:user.login @status_id:2', timeRange: '24h', groupBy: ['@actor.user.uid', 'measure count'] });
    expect(renderSumo('canonical', 'siemkit/audit', q).query).toContain('json field=_raw "action" as action, "outcome" as outcome, "actor.id" as user nodrop');
    expect(renderKql(sentinelLayout({ format: 'ocsf' }), q).query).toContain("where toint(['status_id']) == 2");
  });
});
