/**
 * The canonical category and action of an OCSF record. `metadata.event_code` holds the action; the
 * category follows from the action and the class: the registered type's category when the type
 * maps to this class, otherwise the category whose default class it is (DESIGN.md §2). `toOcsf`
 * keeps the category in `unmapped.siemkit` only when this reading would give another one.
 */
import type { Category } from '../../../schemas/canonical/category.js';
import { ACTION_PATTERN } from '../../../schemas/canonical/strings.js';
import { findOcsfClass } from '../../ocsf/schema.js';
import { CATEGORY_DEFAULTS } from '../../registry/category-defaults.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import type { MappedClassName } from './class-mapper.js';
import { fits } from './limits.js';
import type { Obj } from './read.js';
import { intAt, objAt, strAt } from './read.js';

const CATEGORY_OF_CLASS: ReadonlyMap<string, Category> = new Map(Object.entries(CATEGORY_DEFAULTS).map(([category, d]) => [d.ocsf.class, category as Category]));

/** The category an event of `action` in `className` reads back as. */
export function categoryOf(registry: EventTypeRegistry, action: string, className: MappedClassName): Category | undefined {
  const t = registry.get(action);
  if (t !== undefined && t.ocsf.class === className) return t.category;
  return CATEGORY_OF_CLASS.get(className);
}

const ACTION = new RegExp(ACTION_PATTERN);

/** `Assign Privileges` -> `assign_privileges`: one segment of an action. */
function segment(caption: string): string {
  const s = caption
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(s) ? s : `activity_${s || 'other'}`;
}

/**
 * The canonical action: the kept one, `metadata.event_code` when it is an action, else (a record
 * of another producer) the registered type of this class and activity, else
 * `<class>.<activity>` from the record's `activity_name` or the class's caption for its id
 * (`authentication.logon`).
 */
export function actionOf(ocsf: Obj, kept: Obj, registry: EventTypeRegistry, className: MappedClassName): string {
  const keptAction = strAt(kept, 'action');
  if (keptAction !== undefined && ACTION.test(keptAction)) return keptAction;
  const code = strAt(objAt(ocsf, 'metadata'), 'event_code');
  if (code !== undefined && ACTION.test(code)) return code;
  const activity = intAt(ocsf, 'activity_id');
  const name = strAt(ocsf, 'activity_name');
  for (const t of registry.types) {
    if (t.ocsf.class === className && t.ocsf.activity_id === activity && (activity !== 99 || t.ocsf.activity_name === name)) return t.action;
  }
  const caption = (name !== undefined && fits(name, 200) ? name : undefined) ?? (activity === undefined ? undefined : findOcsfClass(className)?.attributes.activity_id?.enum?.[String(activity)]?.caption);
  return `${className}.${segment(caption ?? 'other')}`;
}
