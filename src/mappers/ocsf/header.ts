/**
 * The top of a mapped event: what `buildOcsfRecord` derives from the class and the activity
 * (`class_uid`, `class_name`, `category_uid`, `category_name`, `type_uid`, `type_name`) and the
 * ids with their captions (`activity_id`/`activity_name`, `severity_id`/`severity`,
 * `status_id`/`status`). The builder walks the schema for every attribute it is given, which
 * costs more than the rest of the mapping; these few attributes take few values, so it builds
 * each combination once and the mapper reuses it.
 */
import { buildOcsfRecord } from '../../ocsf/builder.js';
import type { MappedClassName } from './class-mapper.js';
import type { Obj } from './read.js';

/**
 * The header members in the order `buildOcsfRecord` writes them (the derived ones, then the ids
 * as given, then their captions), each only when present. Copied member by member with constant
 * keys, the copy is a plain object that takes the mapper's further members quickly; copying with
 * a spread or a loop over the keys costs several times more, which matters because every event
 * pays it.
 */
function copyInOrder(h: Readonly<Obj>): Obj {
  const out: Obj = { class_uid: h.class_uid, class_name: h.class_name, category_uid: h.category_uid, category_name: h.category_name, type_uid: h.type_uid };
  if (h.type_name !== undefined) out.type_name = h.type_name;
  out.activity_id = h.activity_id;
  out.severity_id = h.severity_id;
  if (h.status_id !== undefined) out.status_id = h.status_id;
  if (h.activity_name !== undefined) out.activity_name = h.activity_name;
  if (h.severity !== undefined) out.severity = h.severity;
  if (h.status !== undefined) out.status = h.status;
  return out;
}

function sameKeys(a: Readonly<Obj>, b: Readonly<Obj>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

interface CachedHeader {
  readonly members: Readonly<Obj>;
  /**
   * Whether `copyInOrder` gives the members in the builder's order. Checked once per header, so
   * a builder that one day writes other members or another order still gets its own order (by
   * the slower spread) rather than a silently different output.
   */
  readonly inOrder: boolean;
}

/**
 * Class x activity x severity x status, as nested maps keyed by the ids (no key string to build on
 * the hot path); bounded in case a registry has very many activities.
 */
const HEADERS = new Map<string, Map<number, CachedHeader>>();
const HEADERS_MAX = 4096;
let headerCount = 0;

/** A new event object holding the header of the class, activity, severity and status. */
export function newOcsfHeader(className: MappedClassName, activityId: number, severityId: number, statusId: number | undefined): Obj {
  let byClass = HEADERS.get(className);
  if (byClass === undefined) HEADERS.set(className, (byClass = new Map()));
  // activity ids fit in 16 bits and severity/status ids in 8 (OCSF enums go to 99): one number key.
  const key = activityId * 65_536 + severityId * 256 + (statusId ?? 255);
  let header = byClass.get(key);
  if (header === undefined) {
    const ids: Obj = { activity_id: activityId, severity_id: severityId };
    if (statusId !== undefined) ids.status_id = statusId;
    const members = Object.freeze(buildOcsfRecord(className, ids));
    header = { members, inOrder: sameKeys(copyInOrder(members), members) };
    if (++headerCount > HEADERS_MAX) {
      HEADERS.clear();
      headerCount = 1;
      HEADERS.set(className, (byClass = new Map()));
    }
    byClass.set(key, header);
  }
  return header.inOrder ? copyInOrder(header.members) : { ...header.members };
}
