/**
 * The class mappers, one per OCSF class `toOcsf` targets, in one explicit array (a test proves it
 * covers every category's default class), with lookups by class name and class_uid.
 */
import type { ClassMapper } from './class-mapper.js';
import { accountChange } from './classes/account-change.js';
import { apiActivity } from './classes/api-activity.js';
import { authentication } from './classes/authentication.js';
import { detectionFinding } from './classes/detection-finding.js';
import { entityManagement } from './classes/entity-management.js';
import { fileHosting } from './classes/file-hosting.js';
import { groupManagement } from './classes/group-management.js';
import { userAccess } from './classes/user-access.js';

export const CLASS_MAPPERS: readonly ClassMapper[] = [authentication, accountChange, groupManagement, userAccess, fileHosting, apiActivity, entityManagement, detectionFinding];

const BY_NAME: ReadonlyMap<string, ClassMapper> = new Map(CLASS_MAPPERS.map((m) => [m.name, m]));
const BY_UID: ReadonlyMap<number, ClassMapper> = new Map(CLASS_MAPPERS.map((m) => [m.uid, m]));

export const classMapperByName = (name: string): ClassMapper | undefined => BY_NAME.get(name);
export const classMapperByUid = (uid: number): ClassMapper | undefined => BY_UID.get(uid);
