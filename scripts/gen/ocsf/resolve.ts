/**
 * Stage 2, resolve: turns a raw OCSF schema repository into the IR.
 *
 * What the OCSF server's compiler does, and so what this stage does, in order:
 *  1. extensions: each `extensions/<dir>/extension.json` that the options select adds its
 *     dictionary, objects, profiles and classes. A new object or class is named `<ext>/<name>`; an
 *     extension object without a name of its own (or named like what it extends) patches the core
 *     object it extends (the `linux` extension adds the `linux_users` profile to `process`).
 *  2. `$include`: attributes of `includes/` files and of profiles are merged under the item's own
 *     attributes (its own definitions win). Profile attributes are tagged with the profile's name,
 *     so a validator admits them only when an event declares that profile; a local `"profile": null`
 *     removes the tag (Authentication keeps `actor` although the `host` profile brings it too).
 *  3. `extends`: an item's attributes are merged over its parent's; profiles are unioned; its own
 *     constraints and associations replace the parent's.
 *  4. dictionary: each attribute is merged over its dictionary entry (enums are unioned, so a
 *     class's `activity_id` values join the dictionary's `0 Unknown` and `99 Other`); a type that is
 *     not a dictionary type names an object.
 *  5. derived facts: `class_uid = category_uid * 1000 + uid` (plus `extension_uid * 100000` for an
 *     extension class), the one-value enums of `class_uid` and `category_uid`, the `type_uid` enum
 *     `class_uid * 100 + activity_id`, `<name>_dt` companions of every timestamp under the
 *     `datetime` profile, and the profiles an item can be affected by.
 */
import type {
  Ir,
  IrAttribute,
  IrCategory,
  IrClass,
  IrConstraints,
  IrEnumValue,
  IrExtension,
  IrObject,
  IrProfile,
  IrType,
  Requirement,
} from '../../../schemas/ocsf/ir.js';
import { sortKeys } from '../output.js';
import type { RawRepository } from './load.js';

type Json = Record<string, unknown>;

export interface ResolveOptions {
  /**
   * Which bundled extensions to compile, by folder or extension name (`windows`, `win`, `linux`);
   * `'all'` (the default) compiles every extension found, `[]` compiles the core schema only.
   */
  readonly extensions?: 'all' | readonly string[];
}

/** A schema that cannot be compiled: every problem found, one per line. */
export class SchemaError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the OCSF schema has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    this.name = 'SchemaError';
  }
}

interface Ext extends IrExtension {
  readonly dir: string;
}

/** Where a raw item comes from: the core schema or an extension folder. */
interface Origin {
  readonly ext?: Ext;
}

interface RawItem {
  readonly key: string;
  readonly raw: Json;
  readonly origin: Origin;
}

interface Resolved {
  attributes: Record<string, Json>;
  profiles: string[];
  constraints?: Json;
  associations?: Json;
  category?: string;
  observable?: number;
  deprecated?: Json;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Merges `over` into `base`: objects recursively, anything else replaced (a `null` too). */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isObject(base) && isObject(over)) {
    const out: Json = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
    return out;
  }
  return over;
}

function mergeAttributes(base: Record<string, Json>, over: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v) as Json;
  return out;
}

function union(...lists: (readonly string[] | undefined)[]): string[] {
  const out: string[] = [];
  for (const l of lists) for (const x of l ?? []) if (!out.includes(x)) out.push(x);
  return out;
}

const qualify = (origin: Origin, name: string): string => (origin.ext ? `${origin.ext.name}/${name}` : name);

export function resolve(repo: RawRepository, options: ResolveOptions = {}): Ir {
  const problems: string[] = [];
  const get = (p: string): Json => {
    const v = repo.get(p);
    if (!isObject(v)) throw new SchemaError([`missing or malformed ${p}`]);
    return v;
  };

  const version = String(get('version.json').version);

  // 1. extensions ---------------------------------------------------------------------------
  const wanted = options.extensions ?? 'all';
  const exts: Ext[] = [];
  for (const [p, v] of repo) {
    const m = /^extensions\/([^/]+)\/extension\.json$/.exec(p);
    if (!m || !isObject(v)) continue;
    const dir = m[1] as string;
    const ext: Ext = { dir, name: String(v.name), caption: String(v.caption ?? v.name), uid: Number(v.uid), version: String(v.version ?? version) };
    if (wanted === 'all' || wanted.includes(dir) || wanted.includes(ext.name)) exts.push(ext);
  }
  exts.sort((a, b) => a.uid - b.uid);
  if (wanted !== 'all') {
    for (const w of wanted) if (!exts.some((e) => e.dir === w || e.name === w)) problems.push(`unknown extension '${w}' (have: ${[...repo.keys()].filter((p) => p.endsWith('/extension.json')).join(', ') || 'none'})`);
  }
  const origins: Origin[] = [{}, ...exts.map((ext) => ({ ext }))];
  const rootOf = (o: Origin): string => (o.ext ? `extensions/${o.ext.dir}/` : '');
  const filesUnder = (o: Origin, folder: string): [string, Json][] => {
    const prefix = `${rootOf(o)}${folder}/`;
    const out: [string, Json][] = [];
    for (const [p, v] of repo) {
      if (!p.startsWith(prefix) || !isObject(v)) continue;
      if (!o.ext && p.startsWith('extensions/')) continue;
      out.push([p, v]);
    }
    return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  };

  // dictionary and types ---------------------------------------------------------------------
  const dictionary = new Map<string, { entry: Json; origin: Origin }>();
  const rawTypes = new Map<string, Json>();
  for (const o of origins) {
    const p = `${rootOf(o)}dictionary.json`;
    const d = repo.get(p);
    if (!isObject(d)) continue;
    for (const [name, entry] of Object.entries((d.attributes as Json) ?? {})) {
      const prev = dictionary.get(name);
      dictionary.set(name, { entry: deepMerge(prev?.entry, entry) as Json, origin: prev && !o.ext ? prev.origin : o });
    }
    const types = isObject(d.types) && isObject(d.types.attributes) ? d.types.attributes : {};
    for (const [name, t] of Object.entries(types)) rawTypes.set(name, deepMerge(rawTypes.get(name), t) as Json);
  }

  // categories -------------------------------------------------------------------------------
  const categories: Record<string, IrCategory> = {};
  for (const o of origins) {
    const c = repo.get(`${rootOf(o)}categories.json`);
    if (!isObject(c)) continue;
    for (const [name, cat] of Object.entries((c.attributes as Json) ?? {})) {
      const cj = cat as Json;
      categories[name] = { name, caption: String(cj.caption), uid: Number(cj.uid), ...(o.ext ? { extension: o.ext.name } : {}) };
    }
  }

  // raw objects, classes, profiles ------------------------------------------------------------
  const rawObjects = new Map<string, RawItem>();
  const rawClasses = new Map<string, RawItem>();
  const patches = new Map<string, RawItem[]>();
  const rawProfiles = new Map<string, RawItem>();
  const collect = (folder: string, into: Map<string, RawItem>): void => {
    for (const o of origins) {
      for (const [p, raw] of filesUnder(o, folder)) {
        const name = typeof raw.name === 'string' ? raw.name : undefined;
        const ext = typeof raw.extends === 'string' ? raw.extends : undefined;
        if (o.ext && ext && (name === undefined || name === ext)) {
          const target = ext;
          patches.set(`${folder}:${target}`, [...(patches.get(`${folder}:${target}`) ?? []), { key: target, raw, origin: o }]);
          continue;
        }
        if (name === undefined) {
          problems.push(`${p} has no name`);
          continue;
        }
        const key = qualify(o, name);
        if (into.has(key)) problems.push(`${p}: ${folder === 'events' ? 'class' : 'object'} '${key}' is defined twice`);
        into.set(key, { key, raw, origin: o });
      }
    }
  };
  collect('objects', rawObjects);
  collect('events', rawClasses);
  for (const o of origins) {
    for (const [p, raw] of filesUnder(o, 'profiles')) {
      const name = typeof raw.name === 'string' ? raw.name : p.replace(/^.*\/|\.json$/g, '');
      rawProfiles.set(qualify(o, name), { key: qualify(o, name), raw, origin: o });
    }
  }

  // 2. $include --------------------------------------------------------------------------------
  /** Finds an included file relative to the including file's extension first, then the core. */
  const findInclude = (path: string, o: Origin): { file: Json; profile?: string } | undefined => {
    for (const candidate of o.ext ? [`${rootOf(o)}${path}`, path] : [path]) {
      const file = repo.get(candidate);
      if (!isObject(file)) continue;
      const isProfile = file.meta === 'profile' || /(^|\/)profiles\//.test(candidate);
      if (!isProfile) return { file };
      const inExt = candidate.startsWith('extensions/');
      const name = typeof file.name === 'string' ? file.name : candidate.replace(/^.*\/|\.json$/g, '');
      return { file, profile: inExt && o.ext ? `${o.ext.name}/${name}` : name };
    }
    return undefined;
  };

  const expandIncludes = (attrs: unknown, o: Origin, where: string, depth = 0): Record<string, Json> => {
    if (!isObject(attrs)) return {};
    let out: Record<string, Json> = {};
    const includes = attrs.$include === undefined ? [] : Array.isArray(attrs.$include) ? attrs.$include : [attrs.$include];
    for (const inc of includes) {
      const found = findInclude(String(inc), o);
      if (!found) {
        problems.push(`${where}: $include '${String(inc)}' not found`);
        continue;
      }
      if (depth > 8) {
        problems.push(`${where}: $include nesting too deep at '${String(inc)}'`);
        continue;
      }
      const annotations = isObject(found.file.annotations) ? found.file.annotations : {};
      const included = expandIncludes(found.file.attributes, o, String(inc), depth + 1);
      const tagged: Record<string, Json> = {};
      for (const [k, v] of Object.entries(included)) {
        const a: Json = { ...annotations, ...v };
        if (found.profile !== undefined && !('profile' in v)) a.profile = found.profile;
        tagged[k] = a;
      }
      out = mergeAttributes(out, tagged);
    }
    const own: Record<string, Json> = {};
    for (const [k, v] of Object.entries(attrs)) if (k !== '$include') own[k] = isObject(v) ? v : {};
    return mergeAttributes(out, own);
  };

  // 3. extends ---------------------------------------------------------------------------------
  const memo = new Map<string, Resolved>();
  const resolveItem = (items: Map<string, RawItem>, folder: string, key: string, chain: string[] = []): Resolved | undefined => {
    const cacheKey = `${folder}:${key}`;
    const cached = memo.get(cacheKey);
    if (cached) return cached;
    const item = items.get(key);
    if (!item) return undefined;
    if (chain.includes(key)) {
      problems.push(`extends cycle: ${[...chain, key].join(' -> ')}`);
      return undefined;
    }
    const { raw, origin } = item;
    let attributes = expandIncludes(raw.attributes, origin, key);
    let profiles = union(raw.profiles as string[] | undefined);
    for (const patch of patches.get(cacheKey) ?? []) {
      attributes = mergeAttributes(attributes, expandIncludes(patch.raw.attributes, patch.origin, `${patch.origin.ext?.name}/${key}`));
      profiles = union(profiles, patch.raw.profiles as string[] | undefined);
    }
    let r: Resolved = {
      attributes,
      profiles,
      ...(isObject(raw.constraints) ? { constraints: raw.constraints } : {}),
      ...(isObject(raw.associations) ? { associations: raw.associations } : {}),
      ...(typeof raw.category === 'string' ? { category: raw.category } : {}),
      ...(typeof raw.observable === 'number' ? { observable: raw.observable } : {}),
      ...(isObject(raw['@deprecated']) ? { deprecated: raw['@deprecated'] } : {}),
    };
    const parentName = typeof raw.extends === 'string' ? raw.extends : undefined;
    if (parentName !== undefined && parentName !== key) {
      const parentKey = origin.ext && items.has(qualify(origin, parentName)) && qualify(origin, parentName) !== key ? qualify(origin, parentName) : parentName;
      const parent = resolveItem(items, folder, parentKey, [...chain, key]);
      if (!parent) problems.push(`${key} extends unknown '${parentName}'`);
      else {
        r = {
          ...r,
          attributes: mergeAttributes(parent.attributes, attributes),
          profiles: union(parent.profiles, profiles),
          ...(r.constraints === undefined && parent.constraints ? { constraints: parent.constraints } : {}),
          ...(r.associations === undefined && parent.associations ? { associations: parent.associations } : {}),
          ...(r.category === undefined && parent.category ? { category: parent.category } : {}),
          ...(r.observable === undefined && parent.observable !== undefined ? { observable: parent.observable } : {}),
        };
      }
    }
    memo.set(cacheKey, r);
    return r;
  };

  // 4. dictionary ------------------------------------------------------------------------------
  const objectKeyFor = (typeName: string, origins: Origin[]): string | undefined => {
    for (const o of origins) if (o.ext && rawObjects.has(qualify(o, typeName))) return qualify(o, typeName);
    return rawObjects.has(typeName) ? typeName : undefined;
  };

  const finishAttribute = (name: string, local: Json, o: Origin, where: string): IrAttribute | undefined => {
    const dict = dictionary.get(name);
    if (!dict) {
      problems.push(`${where}: attribute '${name}' is not in the dictionary`);
      return undefined;
    }
    const a = deepMerge(dict.entry, local) as Json;
    const t = String(a.type ?? '');
    const out: Record<string, unknown> = { caption: String(a.caption ?? name), is_array: a.is_array === true };
    if (rawTypes.has(t)) out.type = t;
    else {
      const key = objectKeyFor(t, [o, dict.origin]);
      if (key === undefined) {
        problems.push(`${where}: attribute '${name}' has unknown type '${t}'`);
        return undefined;
      }
      out.type = 'object_t';
      out.object_type = key;
    }
    const req = a.requirement;
    out.requirement = (req === 'required' || req === 'recommended' ? req : 'optional') satisfies Requirement;
    if (typeof a.group === 'string') out.group = a.group;
    if (typeof a.profile === 'string') out.profile = a.profile;
    if (typeof a.sibling === 'string') out.sibling = a.sibling;
    if (typeof a.observable === 'number') out.observable = a.observable;
    if (isObject(a['@deprecated'])) out.deprecated_since = String(a['@deprecated'].since ?? '');
    if (isObject(a.enum)) {
      const e: Record<string, IrEnumValue> = {};
      for (const [v, def] of Object.entries(a.enum)) {
        const d = isObject(def) ? def : {};
        e[v] = { caption: String(d.caption ?? v), ...(isObject(d['@deprecated']) ? { deprecated_since: String(d['@deprecated'].since ?? '') } : {}) };
      }
      out.enum = e;
    }
    return out as unknown as IrAttribute;
  };

  const datetimeOn = rawProfiles.has('datetime');
  const finishAttributes = (attrs: Record<string, Json>, o: Origin, where: string): Record<string, IrAttribute> => {
    const out: Record<string, IrAttribute> = {};
    for (const [name, local] of Object.entries(attrs)) {
      const a = finishAttribute(name, local, o, `${where}.${name}`);
      if (a) out[name] = a;
    }
    if (datetimeOn) {
      for (const [name, a] of Object.entries(out)) {
        const dt = `${name}_dt`;
        if (a.type !== 'timestamp_t' || out[dt] !== undefined) continue;
        out[dt] = {
          caption: a.caption,
          type: 'datetime_t',
          is_array: a.is_array,
          requirement: 'optional',
          ...(a.group !== undefined ? { group: a.group } : {}),
          profile: 'datetime',
        };
      }
    }
    return out;
  };

  /**
   * An item's own profiles: those it declares (with its parents and patches), and `datetime` when
   * it has a timestamp. The profiles of the objects inside it are added by `closeProfiles`.
   */
  const ownProfiles = (declared: readonly string[], attrs: Record<string, IrAttribute>): string[] => {
    if (datetimeOn && Object.values(attrs).some((a) => a.type === 'timestamp_t')) return union(declared, ['datetime']);
    return [...declared];
  };

  const constraintsOf = (c: Json | undefined): IrConstraints | undefined => {
    if (!c) return undefined;
    const out: { at_least_one?: string[]; just_one?: string[] } = {};
    for (const [k, v] of Object.entries(c)) {
      if (k === 'at_least_one' || k === 'just_one') out[k] = (v as unknown[]).map(String);
      else problems.push(`unknown constraint '${k}'`);
    }
    return out;
  };

  // objects ------------------------------------------------------------------------------------
  const objects: Record<string, IrObject> = {};
  for (const [key, item] of rawObjects) {
    if (item.raw.name !== undefined && String(item.raw.name).startsWith('_')) continue; // abstract bases
    const r = resolveItem(rawObjects, 'objects', key);
    if (!r) continue;
    const attributes = finishAttributes(r.attributes, item.origin, key);
    const constraints = constraintsOf(r.constraints);
    objects[key] = {
      name: key,
      caption: String(item.raw.caption ?? key),
      ...(item.origin.ext ? { extension: item.origin.ext.name } : {}),
      ...(typeof item.raw.extends === 'string' ? { extends: item.raw.extends } : {}),
      profiles: ownProfiles(r.profiles, attributes).sort(),
      ...(r.observable !== undefined ? { observable: r.observable } : {}),
      ...(constraints ? { constraints } : {}),
      ...(r.deprecated ? { deprecated_since: String(r.deprecated.since ?? '') } : {}),
      attributes,
    };
  }

  // classes ------------------------------------------------------------------------------------
  /**
   * Profiles are closed over the objects an item holds: an item lists every profile of the
   * objects inside it (at any depth), `datetime` excepted, which only says that the item itself
   * has timestamps. This is a fixed point, so the order of the objects does not matter.
   */
  const childProfiles = (attrs: Record<string, IrAttribute>, closed: Record<string, string[]>): string[] =>
    Object.values(attrs).flatMap((a) => (a.object_type === undefined ? [] : (closed[a.object_type] ?? []).filter((p) => p !== 'datetime')));
  const closedObjects: Record<string, string[]> = {};
  for (const [k, o] of Object.entries(objects)) closedObjects[k] = [...o.profiles];
  for (let changed = true; changed; ) {
    changed = false;
    for (const [k, o] of Object.entries(objects)) {
      const next = union(closedObjects[k], childProfiles(o.attributes, closedObjects));
      if (next.length !== closedObjects[k]?.length) {
        closedObjects[k] = next;
        changed = true;
      }
    }
  }
  for (const [k, o] of Object.entries(objects)) objects[k] = { ...o, profiles: [...(closedObjects[k] ?? [])].sort() };

  const classes: Record<string, IrClass> = {};
  for (const [key, item] of rawClasses) {
    const isBase = key === 'base_event';
    if (item.raw.uid === undefined && !isBase) continue; // category-level abstract classes
    const r = resolveItem(rawClasses, 'events', key);
    if (!r) continue;
    const caption = String(item.raw.caption ?? key);
    const categoryName = isBase ? 'other' : r.category;
    const category = categoryName === undefined ? undefined : categories[categoryName];
    if (!isBase && !category) {
      problems.push(`class '${key}' has unknown category '${categoryName}'`);
      continue;
    }
    const categoryUid = category?.uid ?? 0;
    const uid = isBase ? 0 : (item.origin.ext ? item.origin.ext.uid * 100_000 : 0) + categoryUid * 1000 + Number(item.raw.uid);
    const attributes = finishAttributes(r.attributes, item.origin, key);
    // The derived enums of the classification attributes.
    const setEnum = (name: string, e: Record<string, IrEnumValue>): void => {
      const a = attributes[name];
      if (a) attributes[name] = { ...a, enum: e };
    };
    setEnum('class_uid', { [String(uid)]: { caption } });
    setEnum('category_uid', { [String(categoryUid)]: { caption: category?.caption ?? 'Uncategorized' } });
    const activities = attributes.activity_id?.enum ?? {};
    const typeEnum: Record<string, IrEnumValue> = {};
    for (const [id, v] of Object.entries(activities)) typeEnum[String(uid * 100 + Number(id))] = { caption: `${caption}: ${v.caption}` };
    setEnum('type_uid', typeEnum);
    const constraints = constraintsOf(r.constraints);
    classes[key] = {
      name: key,
      caption,
      uid,
      category: categoryName ?? 'other',
      category_uid: categoryUid,
      ...(item.origin.ext ? { extension: item.origin.ext.name } : {}),
      ...(typeof item.raw.extends === 'string' ? { extends: item.raw.extends } : {}),
      profiles: union(ownProfiles(r.profiles, attributes), childProfiles(attributes, closedObjects)).sort(),
      ...(constraints ? { constraints } : {}),
      ...(r.associations ? { associations: r.associations as Record<string, string[]> } : {}),
      ...(r.deprecated ? { deprecated_since: String(r.deprecated.since ?? '') } : {}),
      attributes,
    };
  }

  // profiles and types -------------------------------------------------------------------------
  const profiles: Record<string, IrProfile> = {};
  for (const [key, item] of rawProfiles) {
    const attrs = expandIncludes(item.raw.attributes, item.origin, key);
    const finished = finishAttributes(attrs, item.origin, `profile ${key}`);
    for (const [n, a] of Object.entries(finished)) finished[n] = { ...a, profile: key };
    profiles[key] = {
      name: key,
      caption: String(item.raw.caption ?? key),
      ...(item.origin.ext ? { extension: item.origin.ext.name } : {}),
      attributes: finished,
    };
  }
  const types: Record<string, IrType> = {};
  for (const [name, t] of rawTypes) {
    types[name] = {
      caption: String(t.caption ?? name),
      ...(typeof t.type === 'string' ? { base: t.type } : {}),
      ...(typeof t.max_len === 'number' ? { max_len: t.max_len } : {}),
      ...(Array.isArray(t.range) ? { range: [Number(t.range[0]), Number(t.range[1])] as const } : {}),
      ...(typeof t.regex === 'string' ? { regex: t.regex } : {}),
      ...(Array.isArray(t.values) ? { values: t.values } : {}),
      ...(typeof t.observable === 'number' ? { observable: t.observable } : {}),
    };
  }

  // The observable object's `type_id` enum lists every observable type the schema defines: each
  // dictionary type and each object that declares an `observable` id (not one it inherits).
  const observableTypeId = objects.observable?.attributes.type_id;
  if (observableTypeId) {
    const e: Record<string, IrEnumValue> = { ...observableTypeId.enum };
    for (const t of Object.values(types)) if (t.observable !== undefined) e[String(t.observable)] = { caption: `${t.caption} (Dictionary Type)` };
    for (const [key, item] of rawObjects) {
      const o = objects[key];
      if (o && typeof item.raw.observable === 'number') e[String(item.raw.observable)] = { caption: `${o.caption} (Object)` };
    }
    const observable = objects.observable as IrObject;
    objects.observable = { ...observable, attributes: { ...observable.attributes, type_id: { ...observableTypeId, enum: e } } };
  }

  if (problems.length > 0) throw new SchemaError(problems);
  const extensions: Record<string, IrExtension> = {};
  for (const e of exts) extensions[e.name] = { name: e.name, caption: e.caption, uid: e.uid, version: e.version };
  return sortKeys({ version, extensions, categories, types, profiles, objects, classes });
}
