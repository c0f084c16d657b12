/**
 * The Sentinel setup files (issue 7): `sample.json`, `table.json`, `dcr.json` and `README.md`, as
 * file name -> content, for one format. Pure: the CLI writes them.
 */
import { withTimeGenerated } from '../../destinations/sentinel/encode.js';
import type { SampleFiles, SampleTargetOptions } from '../files.js';
import { json, sampleBatch } from '../files.js';
import { renderAll, renderKql } from '../queries/render.js';
import { dcrTemplate } from './dcr.js';
import type { NestedMode, SentinelLayout } from './layout.js';
import { sentinelLayout } from './layout.js';
import { sentinelReadme } from './readme.js';
import { tableDocument } from './table.js';

export * from './dcr.js';
export * from './layout.js';
export * from './table.js';
export * from './transform.js';

export type { SampleFiles } from '../files.js';

export interface SentinelSampleOptions extends SampleTargetOptions {
  readonly name?: string;
  readonly nested?: NestedMode;
  readonly depth?: number;
}

/** The Sentinel rows: each record with `TimeGenerated` first, as the destination sends it. */
export function sentinelRows(options: SentinelSampleOptions): Record<string, unknown>[] {
  const { events, records } = sampleBatch(options);
  return records.map((r, i) => JSON.parse(withTimeGenerated(r, (events[i] as { timestamp: string }).timestamp)) as Record<string, unknown>);
}

export function sentinelFiles(options: SentinelSampleOptions): SampleFiles & { layout: SentinelLayout } {
  const layout = sentinelLayout({ format: options.format, ...(options.name !== undefined ? { name: options.name } : {}), ...(options.types !== undefined ? { types: options.types } : {}), ...(options.nested !== undefined ? { nested: options.nested } : {}), ...(options.depth !== undefined ? { depth: options.depth } : {}) });
  const queries = renderAll((q) => renderKql(layout, q));
  const names = { sample: 'sample.json', table: 'table.json', dcr: 'dcr.json' };
  return {
    layout,
    files: {
      [names.sample]: json(sentinelRows(options)),
      [names.table]: json(tableDocument(layout)),
      [names.dcr]: json(dcrTemplate(layout)),
      'queries.json': json(queries),
      'README.md': sentinelReadme(layout, queries, names),
    },
  };
}
