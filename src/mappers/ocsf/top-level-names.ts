/**
 * Every top-level attribute a record of `toOcsf` can hold: the attributes of the classes it maps
 * to (MAPPED_CLASSES), profiles included, as the OCSF 1.1.0 schema declares them (the generated
 * class table). A superset: an event uses some of them. Users that must know which member names a
 * record may have (the Sentinel pre-flight lint, against the names Log Analytics reserves) read it
 * instead of each record.
 */
import { CLASSES } from '../../../generated/ocsf/1.1.0/validator.js';
import { MAPPED_CLASSES } from './class-mapper.js';

let names: ReadonlySet<string> | undefined;

export function ocsfTopLevelNames(): ReadonlySet<string> {
  if (names !== undefined) return names;
  const mapped: ReadonlySet<string> = new Set(MAPPED_CLASSES);
  const out = new Set<string>();
  for (const entry of CLASSES.values()) if (mapped.has(entry.name)) for (const name of Object.keys(entry.attributes)) out.add(name);
  names = out;
  return names;
}
