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
 * Class x activity x severity x status, as nested maps keyed by the ids (no key string to build on
 * the hot path); bounded in case a registry has very many activities.
 */
const HEADERS = new Map<string, Map<number, Readonly<Obj>>>();
const HEADERS_MAX = 4096;
let headerCount = 0;

export function ocsfHeader(className: MappedClassName, activityId: number, severityId: number, statusId: number | undefined): Readonly<Obj> {
  let byClass = HEADERS.get(className);
  if (byClass === undefined) HEADERS.set(className, (byClass = new Map()));
  // activity ids fit in 16 bits and severity/status ids in 8 (OCSF enums go to 99): one number key.
  const key = activityId * 65_536 + severityId * 256 + (statusId ?? 255);
  let header = byClass.get(key);
  if (header === undefined) {
    const ids: Obj = { activity_id: activityId, severity_id: severityId };
    if (statusId !== undefined) ids.status_id = statusId;
    header = Object.freeze(buildOcsfRecord(className, ids));
    if (++headerCount > HEADERS_MAX) {
      HEADERS.clear();
      headerCount = 1;
      HEADERS.set(className, (byClass = new Map()));
    }
    byClass.set(key, header);
  }
  return header;
}
