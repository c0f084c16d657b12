/**
 * A Simple XML dashboard holding the starter queries (SPL), one table panel per query, built with
 * `fast-xml-parser`'s XMLBuilder so the queries' `<`, `>`, `&` and quotes are escaped by the
 * library rather than by hand. Simple XML: `<dashboard version="1.1">` with `<row><panel>` and a
 * `<table>` whose `<search>` has `<query>`, `<earliest>`, `<latest>`.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { RenderedQuery } from '../queries/starter.js';
import { STARTER_QUERIES } from '../queries/starter.js';

export function dashboardXml(title: string, description: string, queries: readonly RenderedQuery[]): string {
  const window = new Map(STARTER_QUERIES.map((q) => [q.id, `-${q.window.amount}${q.window.unit}`]));
  const doc = {
    dashboard: {
      '@_version': '1.1',
      '@_theme': 'light',
      label: title,
      description,
      row: queries.map((q) => ({
        panel: {
          '@_id': q.id,
          title: q.title,
          table: {
            search: { query: q.query, earliest: window.get(q.id) ?? '-24h', latest: 'now' },
            option: [
              { '@_name': 'drilldown', '#text': 'cell' },
              { '@_name': 'count', '#text': '20' },
            ],
          },
        },
      })),
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc) as string}`;
}
