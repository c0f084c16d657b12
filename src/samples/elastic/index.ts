/**
 * The Elastic setup files (issue 7): `sample.ndjson` (one `_bulk` request body, as the `elastic`
 * destination writes it into the data stream), `index-template.json`, `ingest-pipeline.json`,
 * `queries.json` (ES|QL) and `README.md`. Pure: the CLI writes them.
 */
import { bulkItem, frameBulk } from '../../destinations/elastic/encode.js';
import type { SampleFiles, SampleTargetOptions } from '../files.js';
import { json, sampleBatch } from '../files.js';
import { renderAll, renderEsql } from '../queries/render.js';
import { elasticReadme } from './readme.js';
import { elasticNames, indexTemplate, ingestPipeline } from './template.js';

export { countFields, esMappings, OCSF_DEPTH } from './mappings.js';
export type { EsMappings, EsProperty } from './mappings.js';
export { elasticNames, indexTemplate, ingestPipeline } from './template.js';
export type { ElasticNames, IndexTemplate } from './template.js';

/** The bulk items of the samples, as the destination encodes them for its data stream. */
export function bulkItems(options: SampleTargetOptions): string[] {
  const { events, records } = sampleBatch(options);
  const target = { name: elasticNames(options.format).dataStream, dataStream: true };
  return events.map((e, i) => bulkItem(target, records[i] as string, e));
}

export function elasticFiles(options: SampleTargetOptions): SampleFiles {
  const names = elasticNames(options.format);
  const queries = renderAll((q) => renderEsql(options.format, names.pattern, q));
  const files = { sample: 'sample.ndjson', template: 'index-template.json', pipeline: 'ingest-pipeline.json' };
  return {
    files: {
      [files.sample]: frameBulk(bulkItems(options)).toString('utf8'),
      [files.template]: json(indexTemplate(options.format, options.types)),
      [files.pipeline]: json(ingestPipeline(options.format)),
      'queries.json': json(queries),
      'README.md': elasticReadme(options.format, names, queries, files),
    },
  };
}
