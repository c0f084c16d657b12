/**
 * Where each format keeps what the starter queries look at: the members the mappers write
 * (docs/mapping-ocsf.md, docs/mapping-ecs.md). Each path is checked against the format's schema
 * when a query is built (`fieldPath`), so a query cannot name a field the format does not have; the
 * tests also find every path in the mapped samples of the built-in types.
 */
import type { FieldNode } from '../fields/index.js';
import { schemaFields } from '../fields/index.js';
import type { SampleFormat } from '../records.js';

/** The things the starter queries ask about, by meaning. */
export const LOGICAL_FIELDS = ['action', 'outcome', 'user', 'source_ip', 'service_account', 'dropped_count', 'dropped_destination'] as const;
export type LogicalField = (typeof LOGICAL_FIELDS)[number];

export interface Vocabulary {
  readonly paths: Readonly<Record<LogicalField, string>>;
  /** The value `outcome` has for a failed attempt. */
  readonly failure: string | number;
  /** The member holding the event time as a date (for ES|QL and Splunk). */
  readonly time: string;
}

export const VOCABULARIES: Readonly<Record<SampleFormat, Vocabulary>> = {
  ocsf: {
    paths: { action: 'metadata.event_code', outcome: 'status_id', user: 'actor.user.uid', source_ip: 'src_endpoint.ip', service_account: 'actor.invoked_by', dropped_count: 'count', dropped_destination: 'unmapped.siemkit.payload.destination' },
    failure: 2,
    time: 'time_dt',
  },
  ecs: {
    paths: { action: 'event.action', outcome: 'event.outcome', user: 'user.id', source_ip: 'source.ip', service_account: 'service.origin.name', dropped_count: 'siemkit.payload.count', dropped_destination: 'siemkit.payload.destination' },
    failure: 'failure',
    time: '@timestamp',
  },
  canonical: {
    paths: { action: 'action', outcome: 'outcome', user: 'actor.id', source_ip: 'source.ip', service_account: 'actor.service_account', dropped_count: 'payload.count', dropped_destination: 'payload.destination' },
    failure: 'failure',
    time: 'timestamp',
  },
};

const trees = new Map<string, FieldNode[]>();

/** Whether the format's schema has the dotted path (a member below an open object counts). */
export function schemaHasPath(format: SampleFormat, path: string): boolean {
  const parts = path.split('.');
  const key = `${format}:${parts.length}`;
  let tree = trees.get(key);
  if (tree === undefined) trees.set(key, (tree = schemaFields(format, undefined, parts.length - 1)));
  let level: readonly FieldNode[] | undefined = tree;
  for (let i = 0; i < parts.length; i++) {
    const node: FieldNode | undefined = level?.find((n) => n.name === parts[i]);
    if (node === undefined) return false;
    if (node.children === undefined) return i === parts.length - 1 || node.type === 'dynamic';
    level = node.children;
  }
  return true;
}

/** The format's path for a logical field; throws when its schema does not have it. */
export function fieldPath(format: SampleFormat, field: LogicalField): string {
  const path = VOCABULARIES[format].paths[field];
  if (!schemaHasPath(format, path)) throw new Error(`${format} has no field ${path} (for ${field})`);
  return path;
}
