/**
 * The Datadog setup files (issue 7): `sample.json` (one Logs intake v2 request body, as the
 * `datadog` destination sends it), `facets.json` (the attributes to declare as facets and measures
 * in the Log Explorer: group-by and measures need them), `queries.json` and `README.md`.
 *
 * Entries are what the destination encodes with its defaults (`ddsource: siemkit`, no tags, no
 * service), except `hostname`, which defaults to the machine's name and is `siemkit-samples` here
 * so the file is the same on every machine.
 */
import { DEFAULT_DDSOURCE } from '../../destinations/datadog/config.js';
import type { EntryFields } from '../../destinations/datadog/encode.js';
import { encodeEntry, frameEntries } from '../../destinations/datadog/encode.js';
import type { LeafType, SampleFiles, SampleTargetOptions } from '../files.js';
import { json, queriesByField, recordLeaves, sampleBatch, sampleNowMs } from '../files.js';
import { renderAll, renderDatadog } from '../queries/render.js';
import type { RenderedQuery } from '../queries/starter.js';
import { STARTER_QUERIES } from '../queries/starter.js';
import { fieldPath } from '../queries/vocabulary.js';
import type { SampleFormat } from '../records.js';
import { datadogReadme } from './readme.js';

export const SAMPLE_HOSTNAME = 'siemkit-samples';
export const SAMPLE_ENTRY_FIELDS: EntryFields = { ddsource: DEFAULT_DDSOURCE, ddtags: '', hostname: SAMPLE_HOSTNAME };

export interface Facet {
  /** The attribute as the Log Explorer names it: `@` + the record's dotted path. */
  readonly path: string;
  /** Facets group and filter; measures (numbers) are summed. */
  readonly kind: 'facet' | 'measure';
  readonly type: 'string' | 'integer' | 'double';
  /** The starter queries that need it. */
  readonly used_by: readonly string[];
}

/** The log entries of the samples, as the destination encodes them, at the samples' clock. */
export function datadogEntries(options: SampleTargetOptions): string[] {
  const { events, records } = sampleBatch(options);
  const now = sampleNowMs(options);
  return events.map((e, i) => encodeEntry(e, records[i] as string, SAMPLE_ENTRY_FIELDS, now));
}

const facetType = (types: ReadonlySet<LeafType>): Facet['type'] => (types.size === 1 && types.has('integer') ? 'integer' : [...types].every((t) => t === 'integer' || t === 'number') ? 'double' : 'string');

/** Every attribute the sample records carry (Datadog parses the JSON `message` into them), the ones the queries need first. */
export function datadogFacets(format: SampleFormat, records: readonly unknown[], queries: readonly RenderedQuery[]): Facet[] {
  const used = queriesByField(queries);
  const measures = new Set(STARTER_QUERIES.flatMap((q) => (q.sum !== undefined ? [fieldPath(format, q.sum)] : [])));
  const facets = [...recordLeaves(records)].map(([path, types]): Facet => ({ path: `@${path}`, kind: measures.has(path) ? 'measure' : 'facet', type: facetType(types), used_by: used.get(path) ?? [] }));
  return [...facets.filter((f) => f.used_by.length > 0), ...facets.filter((f) => f.used_by.length === 0)];
}

export function datadogFiles(options: SampleTargetOptions): SampleFiles {
  const entries = datadogEntries(options);
  const queries = renderAll((q) => renderDatadog(options.format, SAMPLE_ENTRY_FIELDS.ddsource, q));
  const records = entries.map((e) => JSON.parse((JSON.parse(e) as { message: string }).message) as unknown);
  const files = { sample: 'sample.json', facets: 'facets.json' };
  return {
    files: {
      [files.sample]: frameEntries(entries).toString('utf8'),
      [files.facets]: json(datadogFacets(options.format, records, queries)),
      'queries.json': json(queries),
      'README.md': datadogReadme(options.format, queries, files),
    },
  };
}
