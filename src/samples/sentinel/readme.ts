/** The customer's README.md for a Sentinel setup: create the table and the rule, configure siemkit, query. */
import { markdownQueries } from '../files.js';
import type { RenderedQuery } from '../queries/starter.js';
import type { SentinelLayout } from './layout.js';

export function sentinelReadme(layout: SentinelLayout, queries: readonly RenderedQuery[], files: { sample: string; table: string; dcr: string }): string {
  const renames = layout.renames.length === 0 ? 'None: every member name is a legal column name.\n' : `| record member | column | why |\n|---|---|---|\n${layout.renames.map((r) => `| \`${r.field}\` | \`${r.column}\` | ${r.reason} |`).join('\n')}\n`;
  return `# Sending siemkit events to Microsoft Sentinel (${layout.format})

These files were written by \`siemkit samples --for sentinel --format ${layout.format}\`. They set up a
custom table \`${layout.table}\` and a data collection rule (DCR) whose stream \`${layout.stream}\`
matches, column for column, the records siemkit sends. Rows that do not match a DCR are dropped
by Azure Monitor while the request still succeeds: check records with \`siemkit sentinel lint\`.

| file | what |
|---|---|
| \`${files.sample}\` | sample records (${layout.format}, every built-in event type, with \`TimeGenerated\`), for the portal's wizard or a test upload |
| \`${files.table}\` | the table: ${layout.columns.length} columns, \`TimeGenerated\` first, typed from the ${layout.format} schema |
| \`${files.dcr}\` | ARM template of the DCR (kind \`Direct\`) with the stream declaration and the transformation |

## 1. Create the table

\`\`\`sh
RG=my-resource-group
WS=my-workspace
SUB=$(az account show --query id -o tsv)
az rest --method put \\
  --url "https://management.azure.com/subscriptions/$SUB/resourceGroups/$RG/providers/Microsoft.OperationalInsights/workspaces/$WS/tables/${layout.table}?api-version=2022-10-01" \\
  --body @${files.table}
\`\`\`

Renamed columns (Log Analytics column names: a letter first, letters, digits and \`_\`, at most 45
characters, not reserved); the DCR's transformation does the renaming:

${renames}
## 2. Create the data collection rule

\`\`\`sh
WS_ID=$(az monitor log-analytics workspace show -g $RG -n $WS --query id -o tsv)
az deployment group create -g $RG --template-file ${files.dcr} \\
  --parameters workspaceResourceId=$WS_ID \\
  --query properties.outputs
\`\`\`

The outputs hold \`dcr_immutable_id\`, \`endpoint\` (the rule's own logs ingestion endpoint) and
\`stream\`. The rule's region (\`location\`, default: the resource group's) must be the workspace's.

## 3. Let siemkit send

Create an Entra ID application with a client secret, and give it **Monitoring Metrics Publisher** on
the rule (it can take up to 30 minutes to apply; until then the API answers 403):

\`\`\`sh
APP_ID=$(az ad app create --display-name siemkit-sentinel --query appId -o tsv)
az ad sp create --id $APP_ID
SECRET=$(az ad app credential reset --id $APP_ID --query password -o tsv)
DCR_ID=$(az monitor data-collection rule show -g $RG -n dcr-siemkit-${layout.name.toLowerCase()} --query id -o tsv)
az role assignment create --assignee $APP_ID --role "Monitoring Metrics Publisher" --scope $DCR_ID
\`\`\`

Then the destination in siemkit's configuration:

\`\`\`yaml
destinations:
  - name: sentinel
    type: sentinel
    format: ${layout.format}
    endpoint: <outputs.endpoint>              # https://<dcr>.<region>-1.ingest.monitor.azure.com
    dcr_immutable_id: <outputs.dcr_immutable_id>   # dcr-...
    stream: ${layout.stream}
    tenant_id: <az account show --query tenantId -o tsv>
    client_id: <APP_ID>
    client_secret: "\${env:SENTINEL_CLIENT_SECRET}"
\`\`\`

\`siemkit test --config siemkit.yaml --destination sentinel\` sends one event; it appears in
\`${layout.table}\` within a few minutes.

## 4. Check records before they are sent

\`\`\`sh
siemkit sentinel lint --dcr ${files.dcr} ${files.sample}
\`\`\`

lists, per record, members the stream does not declare (Azure Monitor would drop them), values of
the wrong type, a missing or out-of-window \`TimeGenerated\` (over 2 days old or 1 day ahead: Azure
replaces it with the time of receipt), reserved names, records over 1 MB and values over 64 KB.
The samples carry fixed times; pass \`--now\` with their time, or write samples for today with
\`siemkit samples --now "$(date -u +%FT%TZ)"\`.

## 5. Starter queries (KQL)

${markdownQueries(queries, 'kql')}`;
}
