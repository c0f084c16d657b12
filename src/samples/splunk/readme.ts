/** The customer's README.md for a Splunk setup: the HEC token, the sourcetype, a test upload, the dashboard. */
import { markdownQueries } from '../files.js';
import type { RenderedQuery } from '../queries/starter.js';
import type { SampleFormat } from '../records.js';

export function splunkReadme(format: SampleFormat, sourcetype: string, queries: readonly RenderedQuery[], files: { sample: string; props: string; dashboard: string }): string {
  const view = `siemkit_${format}`;
  return `# Sending siemkit events to Splunk (${format})

These files were written by \`siemkit samples --for splunk --format ${format}\`.

| file | what |
|---|---|
| \`${files.sample}\` | one HTTP Event Collector request body: the sample events as envelopes, exactly as siemkit's \`splunk_hec\` destination sends them (concatenated JSON objects, sourcetype \`${sourcetype}\`) |
| \`${files.props}\` | the sourcetype: JSON fields at search time (\`KV_MODE = json\`), time from the envelope (or the record, on /raw) |
| \`${files.dashboard}\` | a Simple XML dashboard with the starter queries below |

## 1. Install the sourcetype

Copy \`${files.props}\` into \`$SPLUNK_HOME/etc/apps/<your app>/local/props.conf\` on the indexers and
search heads (Splunk Cloud: Settings > Source types > New, with the same settings), then restart or
reload.

## 2. Create a HEC token

Settings > Data inputs > HTTP Event Collector > New Token: any name, source type \`${sourcetype}\`,
the index the events go to. Then send the samples (their times are fixed; search "All time", or write
samples for today with \`siemkit samples --for splunk --now "$(date -u +%FT%TZ)"\`):

\`\`\`sh
curl -sS https://splunk.example.com:8088/services/collector/event \\
  -H "Authorization: Splunk $HEC_TOKEN" --data-binary @${files.sample}
\`\`\`

## 3. Add the dashboard

Dashboards > Create New Dashboard > Classic > Source, and paste \`${files.dashboard}\`; or

\`\`\`sh
curl -sS -u admin https://splunk.example.com:8089/servicesNS/admin/search/data/ui/views \\
  -d name=${view} --data-urlencode eai:data@${files.dashboard}
\`\`\`

## 4. Let siemkit send

\`\`\`yaml
destinations:
  - name: splunk
    type: splunk_hec
    format: ${format}
    endpoint: https://splunk.example.com:8088
    token: "\${env:SPLUNK_HEC_TOKEN}"
    sourcetype: ${sourcetype}
\`\`\`

## 5. Starter queries (SPL)

${markdownQueries(queries, 'spl')}`;
}
