/**
 * Builders that fill what an OCSF event's class already determines, so producers cannot get it
 * wrong: `class_uid`, `category_uid`, `type_uid` (class_uid * 100 + activity_id), the caption
 * siblings `class_name`, `category_name`, `type_name`, and the caption sibling of every enum id
 * they set anywhere in the event (`activity_id: 1` -> `activity_name: "Logon"`,
 * `severity_id: 3` -> `severity: "Medium"`, `actor.user.type_id: 1` -> `type: "User"`), plus
 * `metadata.version`.
 *
 * A sibling the producer gave that contradicts its id is an error (`OcsfBuildError`), never
 * silently replaced; for `99` (Other) the sibling is the source's own value and is left alone.
 */
import type { OcsfClassByName, OcsfClassName, OcsfProfile } from '../../generated/ocsf/1.1.0/types/index.js';
import type { OcsfAttribute, OcsfClass, OcsfObject } from './schema.js';
import { findOcsfClass, isStringAttribute, ocsfSchema } from './schema.js';

export class OcsfBuildError extends Error {
  constructor(
    readonly className: string,
    readonly problems: readonly string[],
  ) {
    super(`cannot build an OCSF ${className} event: ${problems.join('; ')}`);
    this.name = 'OcsfBuildError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The attributes the builder derives from the class and the activity. */
export const DERIVED_ATTRIBUTES = ['class_uid', 'category_uid', 'type_uid', 'class_name', 'category_name', 'type_name'] as const;

function fillSiblings(item: OcsfObject, x: Obj, path: string, problems: string[]): Obj {
  const out: Obj = { ...x };
  const objects = ocsfSchema().objects;
  for (const [name, value] of Object.entries(x)) {
    const a: OcsfAttribute | undefined = item.attributes[name];
    if (a === undefined) continue;
    // Only a string sibling holds a caption (OCSF 1.1.0 makes incident_finding's integer `priority` one).
    if (a.enum !== undefined && a.sibling !== undefined && isStringAttribute(item.attributes[a.sibling]) && (typeof value === 'number' || typeof value === 'string')) {
      const caption = a.enum[String(value)]?.caption;
      const given = x[a.sibling];
      if (caption !== undefined && value !== 99) {
        if (given === undefined || given === null) out[a.sibling] = caption;
        else if (given !== caption) problems.push(`${path}/${a.sibling} is ${JSON.stringify(given)} but ${path}/${name} ${value} means "${caption}"`);
      }
    }
    const target = a.object_type === undefined ? undefined : objects[a.object_type];
    if (target === undefined) continue;
    if (a.is_array && Array.isArray(value)) out[name] = value.map((v, i) => (isObj(v) ? fillSiblings(target, v, `${path}/${name}/${i}`, problems) : v));
    else if (isObj(value)) out[name] = fillSiblings(target, value, `${path}/${name}`, problems);
  }
  return out;
}

/** What a producer gives to build an event of class `N` under profiles `P`: the class without its derived attributes. */
export type OcsfBuildInput<N extends OcsfClassName, P extends OcsfProfile = never> = Omit<OcsfClassByName<P>[N], (typeof DERIVED_ATTRIBUTES)[number]>;

/**
 * Builds an event of an OCSF class from the fields the producer knows, typed by the class name
 * and the profiles the event declares: `buildOcsfEvent<'authentication', 'cloud'>('authentication', {...})`.
 * Returns a new object; `fields` is not modified.
 */
export function buildOcsfEvent<N extends OcsfClassName, P extends OcsfProfile = never>(cls: N, fields: OcsfBuildInput<N, P>): OcsfClassByName<P>[N] {
  return buildOcsfRecord(cls, fields as Readonly<Obj>) as OcsfClassByName<P>[N];
}

/**
 * The untyped form of `buildOcsfEvent`, for classes chosen at run time: `cls` is a class name
 * (`authentication`), caption or class_uid.
 */
export function buildOcsfRecord(cls: string | number, fields: Readonly<Obj>): Obj {
  const c: OcsfClass | undefined = findOcsfClass(cls);
  if (c === undefined) throw new OcsfBuildError(String(cls), [`no OCSF ${ocsfSchema().version} class is named or numbered ${JSON.stringify(cls)}`]);
  const problems: string[] = [];
  for (const d of DERIVED_ATTRIBUTES) {
    if (fields[d] !== undefined) problems.push(`/${d} is derived from the class and activity: leave it out`);
  }
  const activity = fields.activity_id;
  if (!Number.isInteger(activity)) problems.push(`/activity_id must be an integer (one of ${Object.keys(c.attributes.activity_id?.enum ?? {}).join(', ')})`);
  const event = fillSiblings(c, fields as Obj, '', problems);
  if (problems.length > 0) throw new OcsfBuildError(c.name, problems);

  const category = ocsfSchema().categories[c.category];
  const typeUid = c.uid * 100 + (activity as number);
  const typeCaption = c.attributes.type_uid?.enum?.[String(typeUid)]?.caption;
  const derived: Obj = {
    class_uid: c.uid,
    class_name: c.caption,
    category_uid: c.category_uid,
    category_name: category?.caption ?? 'Uncategorized',
    type_uid: typeUid,
    ...(typeCaption !== undefined ? { type_name: typeCaption } : {}),
  };
  const out: Obj = { ...derived, ...event };
  if (isObj(out.metadata) && out.metadata.version === undefined) out.metadata = { ...out.metadata, version: ocsfSchema().version };
  return out;
}
