/**
 * `dcr.json`: an ARM template deploying a Direct data collection rule (wire-protocols.md §2.8): the
 * stream declaration `Custom-<Name>`, one Log Analytics destination, and the data flow into
 * `Custom-<Name>_CL` through the transformation. The workspace and the location are parameters;
 * the outputs are the values siemkit's `sentinel` destination needs (`dcr_immutable_id`, the
 * `endpoint` of a Direct rule, `stream`).
 */
import type { SentinelLayout } from './layout.js';
import { transformKql } from './transform.js';

/** The DCR API version: `kind: Direct` and `endpoints.logsIngestion` need 2023-03-11 or later. */
export const DCR_API_VERSION = '2023-03-11';
const DESTINATION = 'workspace';

export function dcrTemplate(layout: SentinelLayout): Record<string, unknown> {
  const id = "resourceId('Microsoft.Insights/dataCollectionRules', parameters('dataCollectionRuleName'))";
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      dataCollectionRuleName: { type: 'string', defaultValue: `dcr-siemkit-${layout.name.toLowerCase()}`, metadata: { description: 'Name of the data collection rule.' } },
      location: { type: 'string', defaultValue: '[resourceGroup().location]', metadata: { description: 'Region of the rule: the region of the Log Analytics workspace.' } },
      workspaceResourceId: { type: 'string', metadata: { description: `Resource ID of the Log Analytics workspace that holds ${layout.table}.` } },
    },
    resources: [
      {
        type: 'Microsoft.Insights/dataCollectionRules',
        apiVersion: DCR_API_VERSION,
        name: "[parameters('dataCollectionRuleName')]",
        location: "[parameters('location')]",
        kind: 'Direct',
        properties: {
          description: `siemkit ${layout.format} events into ${layout.table}`,
          streamDeclarations: { [layout.stream]: { columns: layout.streamColumns.map((c) => ({ name: c.name, type: c.type })) } },
          destinations: { logAnalytics: [{ workspaceResourceId: "[parameters('workspaceResourceId')]", name: DESTINATION }] },
          dataFlows: [{ streams: [layout.stream], destinations: [DESTINATION], transformKql: transformKql(layout), outputStream: `Custom-${layout.table}` }],
        },
      },
    ],
    outputs: {
      dataCollectionRuleId: { type: 'string', value: `[${id}]` },
      dcr_immutable_id: { type: 'string', value: `[reference(${id}).immutableId]` },
      endpoint: { type: 'string', value: `[reference(${id}).endpoints.logsIngestion]` },
      stream: { type: 'string', value: layout.stream },
    },
  };
}
