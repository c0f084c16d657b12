/** The canonical event's fields, from its TypeBox schema (schemas/canonical/event.ts). */
import { CanonicalEventSchema } from '../../../schemas/canonical/event.js';
import type { ColumnType, FieldNode } from './field-tree.js';

interface JsonSchema {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: unknown;
}

function scalar(s: JsonSchema): ColumnType {
  switch (s.type) {
    case 'string':
      return s.format === 'date-time' ? 'datetime' : 'string';
    case 'integer':
      return 'long';
    case 'number':
      return 'real';
    case 'boolean':
      return 'boolean';
    default:
      return 'dynamic';
  }
}

function node(name: string, s: JsonSchema, depth: number): FieldNode {
  const closed = s.type === 'object' && s.properties !== undefined && s.additionalProperties === false;
  if (!closed) return { name, type: scalar(s), origin: s.format ?? s.type ?? 'any' };
  const props = s.properties as Readonly<Record<string, JsonSchema>>;
  return { name, type: 'dynamic', origin: 'object', ...(depth > 0 ? { children: Object.entries(props).map(([k, v]) => node(k, v, depth - 1)) } : {}) };
}

/** The canonical event's members, objects expanded `depth` levels down (0: top level only). */
export function canonicalFields(depth = 0): FieldNode[] {
  const root = CanonicalEventSchema as unknown as JsonSchema;
  return Object.entries(root.properties ?? {}).map(([k, v]) => node(k, v, depth));
}
