export type { ColumnType, FieldNode } from './field-tree.js';
export { findPath, leaves, mergeNodes } from './field-tree.js';
export { canonicalFields } from './canonical.js';
export { ecsColumnType, ecsFields } from './ecs.js';
export { ocsfClassesFor, ocsfFields } from './ocsf.js';
import type { SampleFormat } from '../records.js';
import { canonicalFields } from './canonical.js';
import { ecsFields } from './ecs.js';
import type { FieldNode } from './field-tree.js';
import { ocsfFields } from './ocsf.js';

/** The fields of a format's schema, objects expanded `depth` levels (OCSF: of the classes the actions map to). */
export function schemaFields(format: SampleFormat, actions?: readonly string[], depth = 0): FieldNode[] {
  switch (format) {
    case 'canonical':
      return canonicalFields(depth);
    case 'ocsf':
      return ocsfFields(actions, depth);
    case 'ecs':
      return ecsFields(depth);
  }
}
