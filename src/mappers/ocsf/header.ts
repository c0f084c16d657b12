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

/** Class x activity x severity x status; bounded in case a registry has very many activities. */
const HEADERS = new Map<string, Readonly<Obj>>();
const HEADERS_MAX = 4096;

export function ocsfHeader(className: MappedClassName, activityId: number, severityId: number, statusId: number | undefined): Readonly<Obj> {
  const key = `${className}|${activityId}|${severityId}|${statusId ?? ''}`;
  let header = HEADERS.get(key);
  if (header === undefined) {
    const ids: Obj = { activity_id: activityId, severity_id: severityId };
    if (statusId !== undefined) ids.status_id = statusId;
    header = Object.freeze(buildOcsfRecord(className, ids));
    if (HEADERS.size >= HEADERS_MAX) HEADERS.clear();
    HEADERS.set(key, header);
  }
  return header;
}
