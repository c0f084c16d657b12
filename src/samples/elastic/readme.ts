/** The customer's README.md for an Elastic setup: the pipeline, the template, a test upload, ES|QL. */
import { markdownQueries } from '../files.js';
import type { RenderedQuery } from '../queries/starter.js';
import type { SampleFormat } from '../records.js';
import type { ElasticNames } from './template.js';

export function elasticReadme(format: SampleFormat, names: ElasticNames, queries: readonly RenderedQuery[], files: { sample: string; template: string; pipeline: string }): string {
  return `# Sending siemkit events to Elasticsearch (${format})

These files were written by \`siemkit samples --for elastic --format ${format}\`.

| file | what |
|---|---|
| \`${files.pipeline}\` | the ingest pipeline \`${names.pipeline}\` (a stub to add processors to) |
| \`${files.template}\` | the index template \`${names.template}\`: \`${names.pattern}\` is a data stream, mapped from the ${format} schema |
| \`${files.sample}\` | one \`_bulk\` request body: the sample events, exactly as siemkit's \`elastic\` destination writes them into \`${names.dataStream}\` |

## 1. Create the pipeline, then the template

The template names the pipeline as the data stream's default: create the pipeline first.

\`\`\`sh
ES=https://es.example.com:9200
curl -sS -X PUT "$ES/_ingest/pipeline/${names.pipeline}" -H "Authorization: ApiKey $ES_API_KEY" \\
  -H 'Content-Type: application/json' --data-binary @${files.pipeline}
curl -sS -X PUT "$ES/_index_template/${names.template}" -H "Authorization: ApiKey $ES_API_KEY" \\
  -H 'Content-Type: application/json' --data-binary @${files.template}
\`\`\`

Priority 200 puts it above the built-in \`logs-*-*\` template. Members of open objects (payloads,
labels) are mapped as they arrive, strings as \`keyword\`; nothing is guessed to be a date.

## 2. Send the samples

\`\`\`sh
curl -sS -X POST "$ES/_bulk" -H "Authorization: ApiKey $ES_API_KEY" \\
  -H 'Content-Type: application/x-ndjson' --data-binary @${files.sample}
\`\`\`

\`"errors":false\` in the answer: every document was created. The samples' times are fixed; write
samples for today with \`siemkit samples --for elastic --now "$(date -u +%FT%TZ)"\`.

## 3. Let siemkit send

\`\`\`yaml
destinations:
  - name: elastic
    type: elastic
    format: ${format}
    endpoint: https://es.example.com:9200
    data_stream: ${names.dataStream}
    api_key: "\${env:ES_API_KEY}"
\`\`\`

## 4. Starter queries (ES|QL)

${markdownQueries(queries, 'esql')}`;
}
