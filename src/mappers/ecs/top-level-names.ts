/**
 * Every top-level member a document of `toEcs` can hold: the first part of each ECS 9.4 field name
 * (the field sets, `@timestamp`, `message`, `labels`, `tags`...), and the `siemkit` custom field
 * set. A superset: a document uses some of them. Users that must know which member names a
 * document may have (the Sentinel pre-flight lint, against the names Log Analytics reserves) read
 * it instead of each document.
 */
import { ECS_FIELDS } from '../../../generated/ecs/9.4.0/index.js';
import { SIEMKIT_FIELD_SET } from './siemkit.js';

let names: ReadonlySet<string> | undefined;

export function ecsTopLevelNames(): ReadonlySet<string> {
  if (names !== undefined) return names;
  const out = new Set<string>([SIEMKIT_FIELD_SET]);
  for (const field of Object.keys(ECS_FIELDS)) out.add(field.split('.', 1)[0] as string);
  names = out;
  return names;
}
