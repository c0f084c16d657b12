/** The customer's README.md for a Sumo Logic setup: the HTTP source, its timestamp, a test upload, the queries. */
import { markdownQueries } from '../files.js';
import type { RenderedQuery } from '../queries/starter.js';
import type { SampleFormat } from '../records.js';
import type { SumoFieldList } from './index.js';

export function sumoReadme(format: SampleFormat, fields: SumoFieldList, queries: readonly RenderedQuery[], files: { sample: string; fields: string }): string {
  return `# Sending siemkit events to Sumo Logic (${format})

These files were written by \`siemkit samples --for sumo --format ${format}\`.

| file | what |
|---|---|
| \`${files.sample}\` | one HTTP Logs Source request body: the sample records one per line, exactly as siemkit's \`sumo\` destination sends them |
| \`${files.fields}\` | the source's timestamp settings, a field extraction rule for the starter queries' fields, and every field the records carry |

## 1. Create the HTTP source

Manage Data > Collection > a Hosted Collector > Add Source > HTTP Logs & Metrics:

- Source Category: \`${fields.sourceCategory}\`
- Timestamp Format: "Specify a format", format \`${fields.timestamp.format}\`, locator \`${fields.timestamp.locator}\`
  (otherwise Sumo Logic takes the leftmost thing in the line that looks like a time)

Optionally, Manage Data > Logs > Field Extraction Rules > Add: name \`${fields.fieldExtractionRule.name}\`,
scope \`${fields.fieldExtractionRule.scope}\`, parse expression:

\`\`\`
${fields.fieldExtractionRule.parseExpression}
\`\`\`

## 2. Send the samples

Sumo Logic moves a time more than a day away from the source's recent messages to now: write
samples for now first.

\`\`\`sh
siemkit samples --for sumo --format ${format} --out . --now "$(date -u +%FT%TZ)"
curl -sS -X POST "$SUMO_HTTP_SOURCE_URL" --data-binary @${files.sample}
\`\`\`

## 3. Let siemkit send

\`\`\`yaml
destinations:
  - name: sumo
    type: sumo
    format: ${format}
    url: "\${env:SUMO_HTTP_SOURCE_URL}"
    category: ${fields.sourceCategory}
\`\`\`

## 4. Starter queries

Each query with its time range beside it.

${markdownQueries(queries, 'text')}`;
}
