/**
 * ECS 9.4 fields, from the field definitions (generated/ecs/9.4.0/fields.ts), plus `siemkit`, the
 * custom field set the ECS mapper writes (src/mappers/ecs/siemkit.ts), as one open object.
 *
 * Every top-level ECS name is a field: the mapper writes only some of them, but a producer's own
 * event types and future mappings may use others, and a column costs nothing until it has data.
 */
import type { EcsField, EcsFieldType } from '../../../generated/ecs/9.4.0/index.js';
import { ECS_FIELDS } from '../../../generated/ecs/9.4.0/index.js';
import type { ColumnType, FieldNode } from './field-tree.js';

/** The ECS (Elasticsearch) field type's Log Analytics type. */
export function ecsColumnType(f: Pick<EcsField, 'type' | 'array'>): ColumnType {
  if (f.array) return 'dynamic';
  const t: EcsFieldType = f.type;
  switch (t) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
    case 'match_only_text':
    case 'ip':
      return 'string';
    case 'long':
      return 'long';
    case 'integer':
      return 'int';
    case 'float':
    case 'double':
    case 'scaled_float':
      return 'real';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'datetime';
    default:
      // geo_point, object, flattened, nested
      return 'dynamic';
  }
}

interface Branch {
  field?: EcsField;
  children: Map<string, Branch>;
}

function build(): Branch {
  const root: Branch = { children: new Map() };
  for (const [name, field] of Object.entries(ECS_FIELDS)) {
    let at = root;
    for (const part of name.split('.')) {
      let next = at.children.get(part);
      if (next === undefined) at.children.set(part, (next = { children: new Map() }));
      at = next;
    }
    at.field = field;
  }
  return root;
}

function node(name: string, b: Branch, depth: number): FieldNode {
  if (b.children.size === 0 && b.field !== undefined) return { name, type: ecsColumnType(b.field), origin: b.field.type };
  // A field set (or an object field with sub-fields): one dynamic leaf below the expansion depth, or where it is open.
  if (depth <= 0 || b.field?.open || b.field?.array) return { name, type: 'dynamic', origin: b.field?.type ?? 'object' };
  return { name, type: 'dynamic', origin: b.field?.type ?? 'object', children: [...b.children].map(([k, v]) => node(k, v, depth - 1)) };
}

let tree: Branch | undefined;

/** The ECS fields, objects expanded `depth` levels down (0: top level only), then `siemkit`. */
export function ecsFields(depth = 0): FieldNode[] {
  tree ??= build();
  return [...[...tree.children].map(([k, v]) => node(k, v, depth)), { name: 'siemkit', type: 'dynamic', origin: 'object' }];
}
