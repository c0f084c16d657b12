/**
 * The Sumo Logic setup files (issue 7): `sample.ndjson` (one HTTP Logs Source request body, as the
 * `sumo` destination sends it: one record per line), `fields.json` (the source's timestamp
 * settings, a field extraction rule for the fields the starter queries use, and every field the
 * records carry), `queries.json` and `README.md`.
 *
 * Timestamps: Sumo Logic takes the leftmost thing that looks like a time (wire-protocols.md §5), which
 * in a JSON record may be another member; the source's "Timestamp Format" with the locator below
 * points it at the format's own time member.
 */
import { frameMessages, oneLine } from '../../destinations/sumo/encode.js';
import type { SampleFiles, SampleTargetOptions } from '../files.js';
import { json, queriesByField, recordLeaves, sampleBatch } from '../files.js';
import { renderAll, renderSumo } from '../queries/render.js';
import type { RenderedQuery } from '../queries/starter.js';
import { queryFields, STARTER_QUERIES } from '../queries/starter.js';
import { fieldPath } from '../queries/vocabulary.js';
import type { SampleFormat } from '../records.js';
import { sumoReadme } from './readme.js';

/** `_sourceCategory` of the samples and the queries (the destination's `category` setting). */
export const sumoCategory = (format: SampleFormat): string => `siemkit/${format}`;

/** The source's timestamp settings per format (Java date format, or `epoch` for milliseconds since 1970). */
const TIMESTAMP: Readonly<Record<SampleFormat, { readonly format: string; readonly locator: string }>> = {
  ocsf: { format: 'epoch', locator: String.raw`"time":(\d{13})` },
  ecs: { format: "yyyy-MM-dd'T'HH:mm:ss.SSSX", locator: String.raw`"@timestamp":"(.*?)"` },
  canonical: { format: "yyyy-MM-dd'T'HH:mm:ss.SSSX", locator: String.raw`"timestamp":"(.*?)"` },
};

export interface SumoFieldList {
  readonly sourceCategory: string;
  readonly timestamp: { readonly format: string; readonly locator: string };
  /** A field extraction rule: the starter queries' fields under their logical names. */
  readonly fieldExtractionRule: { readonly name: string; readonly scope: string; readonly parseExpression: string };
  readonly fields: readonly { readonly path: string; readonly types: readonly string[]; readonly used_by: readonly string[] }[];
}

/** The messages of the samples, as the destination sends them. */
export function sumoMessages(options: SampleTargetOptions): string[] {
  return sampleBatch(options).records.map((r) => oneLine('samples', r));
}

export function sumoFieldList(format: SampleFormat, records: readonly unknown[], queries: readonly RenderedQuery[]): SumoFieldList {
  const category = sumoCategory(format);
  const logical = [...new Set(STARTER_QUERIES.flatMap(queryFields))];
  const used = queriesByField(queries);
  return {
    sourceCategory: category,
    timestamp: TIMESTAMP[format],
    fieldExtractionRule: { name: `siemkit ${format}`, scope: `_sourceCategory=${category}`, parseExpression: `json ${logical.map((f) => `${JSON.stringify(fieldPath(format, f))} as ${f}`).join(', ')} nodrop` },
    fields: [...recordLeaves(records)].map(([path, types]) => ({ path, types: [...types], used_by: used.get(path) ?? [] })),
  };
}

export function sumoFiles(options: SampleTargetOptions): SampleFiles {
  const messages = sumoMessages(options);
  const category = sumoCategory(options.format);
  const queries = renderAll((q) => renderSumo(options.format, category, q));
  const files = { sample: 'sample.ndjson', fields: 'fields.json' };
  const fieldList = sumoFieldList(options.format, messages.map((m) => JSON.parse(m) as unknown), queries);
  return {
    files: {
      [files.sample]: frameMessages(messages),
      [files.fields]: json(fieldList),
      'queries.json': json(queries),
      'README.md': sumoReadme(options.format, fieldList, queries, files),
    },
  };
}
