/**
 * `resource` <-> its ECS home, which depends on the category (DESIGN.md §2 says what the resource
 * is in each):
 *
 * | category | resource is | id | name | path | email |
 * |---|---|---|---|---|---|
 * | ACCOUNT_CHANGE, ACCESS_MANAGEMENT | the user acted upon | `user.target.id` | `user.target.name` | siemkit | `user.target.email` |
 * | GROUP_MANAGEMENT | the group | `group.id` | `group.name` | siemkit | siemkit |
 * | FILE_ACCESS | the file or folder | siemkit | `file.name` | `file.path` | siemkit |
 * | the others | a setting, entity or anything | siemkit | siemkit | siemkit | siemkit |
 *
 * "siemkit" is `siemkit.resource.<member>`. `resource.type` is free text with no ECS field
 * (`file.type` expects `file`/`dir`/`symlink`, `entity.type` a closed list), so it is always
 * `siemkit.resource.type`, which also says that the event had a resource.
 */
import type { Category } from '../../../schemas/canonical/category.js';
import type { Resource } from '../../../schemas/canonical/resource.js';
import { isPlainObject } from '../../validate/ecs-values.js';
import type { Doc, Field } from './field.js';
import { asString, field, readField, writeField } from './field.js';
import type { SiemkitFields } from './siemkit.js';

type Member = 'id' | 'name' | 'path' | 'email';
const MEMBERS: readonly Member[] = ['id', 'name', 'path', 'email'];

interface Home {
  readonly fields: Readonly<Partial<Record<Member, Field>>>;
  /** For documents from elsewhere, which have no `siemkit.resource.type`. */
  readonly type: string;
}

const USER: Home = { type: 'user', fields: { id: field('user.target.id'), name: field('user.target.name'), email: field('user.target.email') } };
const GROUP: Home = { type: 'group', fields: { id: field('group.id'), name: field('group.name') } };
const FILE: Home = { type: 'file', fields: { name: field('file.name'), path: field('file.path') } };
const NONE: Home = { type: 'resource', fields: {} };

export const RESOURCE_HOMES: Readonly<Record<Category, Home>> = {
  AUTHENTICATION: NONE,
  ACCOUNT_CHANGE: USER,
  GROUP_MANAGEMENT: GROUP,
  ACCESS_MANAGEMENT: USER,
  FILE_ACCESS: FILE,
  API_ACTIVITY: NONE,
  CONFIGURATION: NONE,
  SECURITY: NONE,
};

export function writeResource(resource: Resource, category: Category, doc: Doc, siemkit: SiemkitFields): void {
  const fields = RESOURCE_HOMES[category].fields;
  const rest: NonNullable<SiemkitFields['resource']> = { type: resource.type };
  for (const member of MEMBERS) {
    const value = resource[member];
    if (value === undefined) continue;
    const f = fields[member];
    if (f !== undefined) writeField(doc, f, value);
    else rest[member] = value;
  }
  siemkit.resource = rest;
}

/** The last segment of a POSIX or Windows path (ECS `file.name` is the name without the directory). */
function basename(path: string): string {
  const end = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return end === -1 ? path : path.slice(end + 1);
}

/**
 * The resource of a document. With `siemkit.resource` (a `toEcs` document) each member comes from
 * its one home. Without it, best effort: the category's ECS fields, typed by the category, with the
 * path or name as the id when there is no id, and a file's name from its path (a file is often
 * known only by its path).
 */
export function readResource(doc: Doc, category: Category, stored: unknown): Resource | undefined {
  const home = RESOURCE_HOMES[category];
  const rest = isPlainObject(stored) ? stored : undefined;
  const found: Partial<Record<Member, string>> = {};
  let any = false;
  for (const member of MEMBERS) {
    const f = home.fields[member];
    const value = (f === undefined ? undefined : asString(readField(doc, f))) ?? (rest === undefined ? undefined : asString(rest[member]));
    if (value === undefined) continue;
    found[member] = value;
    any = true;
  }
  const type = rest === undefined ? (any ? home.type : undefined) : asString(rest.type);
  if (rest === undefined && home === FILE && found.name === undefined && found.path !== undefined) found.name = basename(found.path);
  const id = found.id ?? (rest === undefined ? (found.path ?? found.name ?? found.email) : undefined);
  if (type === undefined || id === undefined) return undefined;
  const resource: Resource = { type, id };
  if (found.name !== undefined) resource.name = found.name;
  if (found.path !== undefined) resource.path = found.path;
  if (found.email !== undefined) resource.email = found.email;
  return resource;
}
