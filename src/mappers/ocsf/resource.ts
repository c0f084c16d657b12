/**
 * The canonical resource from what a class's object holds and what was kept, the kept members
 * winning (they are there because the object could not hold them). A record of another producer
 * may lack the `type` (the class's default is used) but never the `id`: without one there is no
 * resource.
 */
import type { Resource } from '../../../schemas/canonical/resource.js';
import type { FromContext, ToContext } from './context.js';
import type { Obj } from './read.js';
import { strAt } from './read.js';

export function mergeResource(home: Partial<Resource> | undefined, kept: Obj | undefined, defaultType: string): Resource | undefined {
  if (home === undefined && kept === undefined) return undefined;
  const id = strAt(kept, 'id') ?? home?.id;
  if (id === undefined) return undefined;
  const r: Resource = { type: strAt(kept, 'type') ?? home?.type ?? defaultType, id };
  for (const key of ['name', 'path', 'email'] as const) {
    const v = strAt(kept, key) ?? home?.[key];
    if (v !== undefined) r[key] = v;
  }
  return r;
}

/** Keeps the members of `r` that the class has no attribute for. */
export function keepResourceMembers(keep: (key: string, value: unknown) => void, r: Resource, keys: readonly (keyof Resource)[]): void {
  for (const key of keys) {
    const v = r[key];
    if (v !== undefined) keep(key, v);
  }
}

/** The identity members of an OCSF object that names the resource (`group`, `entity`, `resources[]`). */
export interface NamedObject {
  uid?: string;
  name?: string;
  type?: string;
}

/**
 * The resource as an object with `uid`, `name` and `type` (OCSF group, managed_entity,
 * resource_details), which needs a name or a uid: when neither fits, `name` is a placeholder.
 * `path` and `email` have no attribute there and are kept.
 */
export function namedObject(ctx: ToContext, r: Resource, path: string): NamedObject {
  const o: NamedObject = {};
  const uid = ctx.textIn('resource', 'id', r.id);
  if (uid !== undefined) o.uid = uid;
  const name = ctx.textIn('resource', 'name', r.name);
  if (name !== undefined) o.name = name;
  const type = ctx.textIn('resource', 'type', r.type);
  if (type !== undefined) o.type = type;
  if (uid === undefined && name === undefined) o.name = ctx.placeholder(`${path}.name`);
  keepResourceMembers((k, v) => ctx.keepIn('resource', k, v), r, ['path', 'email']);
  return o;
}

/** The resource from an object written by `namedObject` (or another producer's: its name stands in for a missing uid). */
export function namedResource(ctx: FromContext, o: Obj | undefined, path: string, defaultType: string): Resource | undefined {
  const kept = ctx.keptIn('resource');
  if (o === undefined && kept === undefined) return undefined;
  const home: Partial<Resource> = {};
  const name = ctx.text(o, 'name', `${path}.name`);
  const id = strAt(o, 'uid') ?? name;
  if (id !== undefined) home.id = id;
  if (name !== undefined) home.name = name;
  const type = strAt(o, 'type');
  if (type !== undefined) home.type = type;
  return mergeResource(home, kept, defaultType);
}
