/**
 * The starter queries, once, by meaning; each SIEM's renderer (render.ts: `renderKql`, `renderSpl`,
 * `renderEsql`, `renderDatadog`, `renderSumo`) writes them in its own language with the field names
 * of the mapped format.
 */
import type { LogicalField } from './vocabulary.js';

export interface Condition {
  readonly field: LogicalField;
  /** `eq`: equals the value; `in`: one of the values; `failure`: the format's failure outcome; `exists`: has a value. */
  readonly op: 'eq' | 'in' | 'failure' | 'exists';
  readonly values?: readonly string[];
}

export interface StarterQuery {
  readonly id: string;
  readonly title: string;
  /** The time window, as a number of `unit`s back from now. */
  readonly window: { readonly amount: number; readonly unit: 'h' | 'd' };
  readonly where: readonly Condition[];
  readonly by: readonly LogicalField[];
  /** Sum this field instead of counting events. */
  readonly sum?: LogicalField;
}

export const STARTER_QUERIES: readonly StarterQuery[] = [
  { id: 'failed_sign_ins', title: 'Failed sign-ins by user, last 24 hours', window: { amount: 24, unit: 'h' }, where: [{ field: 'action', op: 'eq', values: ['user.login'] }, { field: 'outcome', op: 'failure' }], by: ['user'] },
  { id: 'external_links', title: 'External link creations by user, last 7 days', window: { amount: 7, unit: 'd' }, where: [{ field: 'action', op: 'eq', values: ['link.create_external'] }], by: ['user'] },
  { id: 'downloads_by_source_ip', title: 'Files downloaded by source IP, last hour', window: { amount: 1, unit: 'h' }, where: [{ field: 'action', op: 'eq', values: ['file.download'] }], by: ['source_ip'] },
  { id: 'service_account_activity', title: 'Service-account activity by service account, last 24 hours', window: { amount: 24, unit: 'h' }, where: [{ field: 'service_account', op: 'exists' }], by: ['service_account'] },
  { id: 'denials_and_dlp_blocks', title: 'Permission denials and DLP blocks by user, last 24 hours', window: { amount: 24, unit: 'h' }, where: [{ field: 'action', op: 'in', values: ['permission.denied', 'dlp.block'] }], by: ['user', 'action'] },
  { id: 'delivery_drops', title: 'Events dropped by siemkit delivery (siem.delivery.dropped) by destination, last 7 days', window: { amount: 7, unit: 'd' }, where: [{ field: 'action', op: 'eq', values: ['siem.delivery.dropped'] }], by: ['dropped_destination'], sum: 'dropped_count' },
];

/** The logical fields a query names. */
export function queryFields(q: StarterQuery): LogicalField[] {
  return [...new Set([...q.where.map((c) => c.field), ...q.by, ...(q.sum !== undefined ? [q.sum] : [])])];
}

/** A rendered query: its text in the SIEM's language and the fields (dotted paths of the format) it names. */
export interface RenderedQuery {
  readonly id: string;
  readonly title: string;
  readonly language: 'KQL' | 'SPL' | 'ES|QL' | 'Datadog log search' | 'Sumo Logic';
  readonly query: string;
  /** For languages whose time range and grouping live outside the query text (Datadog, Sumo). */
  readonly timeRange?: string;
  readonly groupBy?: readonly string[];
  readonly fields: readonly string[];
}
