/**
 * `index-template.json`: a composable index template (`PUT _index_template/<name>`) that makes
 * `logs-siemkit.<format>-*` a data stream (wire-protocols.md §3.1: a data stream takes `create`
 * only and needs `@timestamp`, which the `elastic` destination adds) with the format's mappings
 * (mappings.ts). Priority 200: above the built-in `logs-*-*` template (100), which would otherwise
 * match the same names first.
 *
 * `ingest-pipeline.json`: the stub of the default pipeline (`PUT _ingest/pipeline/<name>`) the
 * template names, to add processors to (GeoIP, enrichment). It records the time of ingestion where
 * the format has a member for it. The pipeline must exist before the first document arrives.
 */
import type { SampleFormat } from '../records.js';
import type { EsMappings } from './mappings.js';
import { countFields, esMappings } from './mappings.js';

/** Dynamic fields a document may add on top of the mapped ones (payload members, labels). */
const DYNAMIC_ROOM = 1_000;
/** Elasticsearch's default `index.mapping.total_fields.limit`. */
const DEFAULT_FIELDS_LIMIT = 1_000;

export interface ElasticNames {
  /** The data stream the samples (and the destination) write to: `logs-siemkit.<format>-default`. */
  readonly dataStream: string;
  /** The pattern the template and the ES|QL queries name: `logs-siemkit.<format>-*`. */
  readonly pattern: string;
  readonly template: string;
  readonly pipeline: string;
}

export function elasticNames(format: SampleFormat): ElasticNames {
  return { dataStream: `logs-siemkit.${format}-default`, pattern: `logs-siemkit.${format}-*`, template: `siemkit-${format}`, pipeline: `siemkit-${format}` };
}

export interface IndexTemplate {
  readonly index_patterns: readonly string[];
  readonly data_stream: Record<string, never>;
  readonly priority: number;
  readonly _meta: Readonly<Record<string, string>>;
  readonly template: { readonly settings: Record<string, unknown>; readonly mappings: EsMappings };
}

export function indexTemplate(format: SampleFormat, actions?: readonly string[]): IndexTemplate {
  const names = elasticNames(format);
  const mappings = esMappings(format, actions);
  const fields = countFields(mappings.properties) + DYNAMIC_ROOM;
  return {
    index_patterns: [names.pattern],
    data_stream: {},
    priority: 200,
    _meta: { description: `siemkit ${format} events`, managed_by: 'siemkit samples --for elastic' },
    template: {
      settings: { index: { default_pipeline: names.pipeline, mapping: { total_fields: { limit: Math.max(DEFAULT_FIELDS_LIMIT, Math.ceil(fields / 500) * 500) } } } },
      mappings,
    },
  };
}

/** The member each format keeps the time of ingestion in, if it has one. */
const INGESTED: Readonly<Record<SampleFormat, string | undefined>> = { ecs: 'event.ingested', ocsf: 'metadata.processed_time_dt', canonical: undefined };

export function ingestPipeline(format: SampleFormat): Record<string, unknown> {
  const field = INGESTED[format];
  return {
    description: `siemkit ${format} events: a stub, add processors here (written by siemkit samples --for elastic)`,
    processors: field === undefined ? [] : [{ set: { tag: 'ingested', field, value: '{{{_ingest.timestamp}}}', override: false } }],
  };
}
