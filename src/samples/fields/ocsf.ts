/**
 * The OCSF 1.1.0 fields of the classes the chosen event types map to, from the compiled schema
 * (generated/ocsf/1.1.0/ir.json): the union of the classes' attributes, every profile included.
 */
import type { OcsfAttribute } from '../../ocsf/schema.js';
import { findOcsfClass, ocsfSchema } from '../../ocsf/schema.js';
import { BUILT_IN_REGISTRY } from '../../registry/registry.js';
import type { ColumnType, FieldNode } from './field-tree.js';
import { mergeNodes } from './field-tree.js';

/** A dictionary type's Log Analytics type, through its base type (`port_t -> integer_t`). */
function scalar(type: string): ColumnType {
  const base = ocsfSchema().types[type]?.base ?? type;
  switch (base) {
    case 'boolean_t':
      return 'boolean';
    case 'integer_t':
      return 'int';
    case 'long_t':
    case 'timestamp_t':
      return 'long';
    case 'float_t':
      return 'real';
    case 'datetime_t':
      return 'datetime';
    case 'json_t':
      return 'dynamic';
    default:
      return 'string';
  }
}

function node(name: string, a: OcsfAttribute, depth: number): FieldNode {
  const origin = a.type === 'object_t' ? `${a.object_type as string}${a.is_array ? '[]' : ''}` : `${a.type}${a.is_array ? '[]' : ''}`;
  if (a.is_array) return { name, type: 'dynamic', origin };
  if (a.type !== 'object_t') return { name, type: scalar(a.type), origin };
  const attrs = ocsfSchema().objects[a.object_type as string]?.attributes ?? {};
  // An object without attributes (`object`, under `unmapped`) accepts any member: it stays one dynamic leaf.
  if (depth <= 0 || Object.keys(attrs).length === 0) return { name, type: 'dynamic', origin };
  return { name, type: 'dynamic', origin, children: Object.entries(attrs).map(([k, v]) => node(k, v, depth - 1)) };
}

/** The OCSF class names the actions map to (every built-in action when none is given). */
export function ocsfClassesFor(actions?: readonly string[]): string[] {
  const names = new Set<string>();
  for (const t of BUILT_IN_REGISTRY.types) if (actions === undefined || actions.includes(t.action)) names.add(t.ocsf.class);
  return [...names];
}

/** The attributes of those classes, objects expanded `depth` levels down (0: top level only). */
export function ocsfFields(actions?: readonly string[], depth = 0): FieldNode[] {
  return mergeNodes(
    ocsfClassesFor(actions).map((name) => {
      const c = findOcsfClass(name);
      if (c === undefined) throw new Error(`OCSF class "${name}" is not in the compiled schema`);
      return Object.entries(c.attributes).map(([k, a]) => node(k, a, depth));
    }),
  );
}
