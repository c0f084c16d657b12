/** The customer's README.md for a Datadog setup: a test upload, the facets, the queries. */
import { markdownQueries } from '../files.js';
import type { RenderedQuery } from '../queries/starter.js';
import type { SampleFormat } from '../records.js';

export function datadogReadme(format: SampleFormat, queries: readonly RenderedQuery[], files: { sample: string; facets: string }): string {
  return `# Sending siemkit events to Datadog (${format})

These files were written by \`siemkit samples --for datadog --format ${format}\`.

| file | what |
|---|---|
| \`${files.sample}\` | one Logs intake v2 request body: the sample events as log entries, exactly as siemkit's \`datadog\` destination sends them (\`hostname\` fixed to \`siemkit-samples\`) |
| \`${files.facets}\` | the attributes of the records: those the starter queries need first (\`used_by\`), each as a facet or a measure |

## 1. Send the samples

Datadog does not index logs older than 18 hours: write samples for now first.

\`\`\`sh
siemkit samples --for datadog --format ${format} --out . --now "$(date -u +%FT%TZ)"
curl -sS https://http-intake.logs.datadoghq.com/api/v2/logs -H "DD-API-KEY: $DD_API_KEY" \\
  -H 'Content-Type: application/json' --data-binary @${files.sample}
\`\`\`

## 2. Declare the facets

Group-by and measures need facets. In Logs > Explorer, open a sample log, and for each entry of
\`${files.facets}\` with a \`used_by\`, click the attribute > "Create facet" (\`kind: measure\`:
"Create measure"), type as given. Others are optional.

## 3. Let siemkit send

\`\`\`yaml
destinations:
  - name: datadog
    type: datadog
    format: ${format}
    site: datadoghq.com
    api_key: "\${env:DD_API_KEY}"
\`\`\`

## 4. Starter queries (log search)

Each query is a search, with the time range and the group-by (and measure) to set beside it.

${markdownQueries(queries, 'text')}`;
}
