/**
 * `table.json`: the body of the Tables API call that creates the custom table
 * (`PUT .../workspaces/{ws}/tables/{Name}_CL?api-version=2022-10-01`, create-custom-table.md), so
 * `az rest --method put --body @table.json` creates it as is. Each column's `description` says where
 * it comes from; a renamed column's says from what and why (the layout's `renames` is the same
 * list for code). Nothing but the API's own members is written, so the API takes the file as is.
 */
import type { SentinelLayout } from './layout.js';

export interface TableDocument {
  readonly properties: { readonly schema: { readonly name: string; readonly columns: readonly { name: string; type: string; description: string }[] } };
}

export function tableDocument(layout: SentinelLayout): TableDocument {
  const renamed = new Map(layout.renames.map((r) => [r.column, r]));
  return {
    properties: {
      schema: {
        name: layout.table,
        columns: layout.columns.map((c) => {
          const r = renamed.get(c.name);
          const from = c.path === undefined ? 'the event time (set by the DCR transformation when a row has none)' : `${layout.format} ${c.path.join('.')}`;
          return { name: c.name, type: c.type, description: r === undefined ? `siemkit: ${from}` : `siemkit: ${from}, renamed from "${r.field}" (${r.reason})` };
        }),
      },
    },
  };
}
