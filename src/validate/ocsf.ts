/**
 * `validateOcsf`: checks an event against OCSF 1.1.0, with the OCSF server's finding codes.
 *
 * The generated functions in `generated/ocsf/1.1.0/validator.ts` check every attribute of the
 * class and of the objects inside it (types, enums, siblings, requirements, constraints, profile
 * gating). This module adds what needs the whole event: the class_uid dispatch, category_uid and
 * type_uid consistency, the declared profiles, metadata.version, and observable name references.
 */
import type { OcsfClassEntry, OcsfContext } from '../../generated/ocsf/1.1.0/validator.js';
import { CLASSES, jsonType, OBJECT_ATTRIBUTES, OCSF_VERSION, PROFILE_BITS } from '../../generated/ocsf/1.1.0/validator.js';
import type { Finding, ValidationResult } from './finding.js';

export interface OcsfValidateOptions {
  /** Report missing recommended attributes as warnings (`attribute_recommended_missing`). Default true. */
  readonly warnRecommended?: boolean;
  /**
   * Whether a key present with a `null` value satisfies an `at_least_one` or `just_one`
   * constraint. Default false: a null carries no data, and a null required attribute is missing
   * too. The OCSF server counts the key as present; pass true to reproduce its answers.
   */
  readonly nullSatisfiesConstraints?: boolean;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `x.y.z`, optionally `-dev` or `-rc.N`, as the OCSF server accepts in metadata.version. */
const VERSION_FORMAT = /^(\d+)\.(\d+)\.(\d+)(?:-dev|-rc\.\d+)?$/;

function compareVersions(a: RegExpExecArray, b: RegExpExecArray): number {
  for (let i = 1; i <= 3; i++) {
    const d = Number(a[i]) - Number(b[i]);
    if (d !== 0) return d;
  }
  return 0;
}
const SCHEMA_VERSION = VERSION_FORMAT.exec(OCSF_VERSION) as RegExpExecArray;
const FIRST_VERSION = VERSION_FORMAT.exec('1.0.0') as RegExpExecArray;

function result(errors: Finding[], warnings: Finding[]): ValidationResult {
  return { valid: errors.length === 0, errors, warnings };
}

/** Reads metadata.profiles into a bit set, reporting names no profile has. */
function declaredProfiles(event: Obj, errors: Finding[]): number {
  const metadata = event.metadata;
  if (!isObj(metadata) || !Array.isArray(metadata.profiles)) return 0;
  const names: unknown[] = metadata.profiles;
  let bits = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (typeof name !== 'string') continue; // a wrong type is reported by the attribute check
    // Own members only: `constructor` or `__proto__` is not a profile.
    const bit = Object.hasOwn(PROFILE_BITS, name) ? PROFILE_BITS[name] : undefined;
    if (bit === undefined) errors.push({ code: 'profile_unknown', path: `/metadata/profiles/${i}`, message: `profile "${name}" is not defined in OCSF ${OCSF_VERSION}` });
    else bits |= bit;
  }
  return bits;
}

/** A caption sibling (`class_name`, `category_name`, `type_name`) that differs from its caption is a warning, as in the OCSF server. */
function checkSibling(event: Obj, name: string, expected: string, warnings: Finding[]): void {
  const v = event[name];
  if (v !== undefined && v !== null && v !== expected) {
    warnings.push({ code: 'attribute_enum_sibling_incorrect', path: `/${name}`, message: `"${name}" is ${JSON.stringify(v)} but the caption is "${expected}"` });
  }
}

function checkClassification(event: Obj, cls: OcsfClassEntry, errors: Finding[], warnings: Finding[]): void {
  checkSibling(event, 'class_name', cls.caption, warnings);

  const category = event.category_uid;
  if (category !== undefined && category !== null) {
    if (!Number.isInteger(category)) {
      errors.push({ code: 'attribute_wrong_type', path: '/category_uid', message: `"category_uid" has the wrong type: expected integer_t, got ${jsonType(category)}` });
    } else if (category !== cls.category_uid) {
      errors.push({ code: 'category_uid_incorrect', path: '/category_uid', message: `"category_uid" is ${category} but class ${cls.name} (${cls.uid}) belongs to category ${cls.category_uid}` });
    } else checkSibling(event, 'category_name', cls.category_caption, warnings);
  }

  const type = event.type_uid;
  if (type !== undefined && type !== null) {
    if (!Number.isInteger(type)) {
      errors.push({ code: 'attribute_wrong_type', path: '/type_uid', message: `"type_uid" has the wrong type: expected long_t, got ${jsonType(type)}` });
      return;
    }
    const activity = event.activity_id;
    if (Number.isInteger(activity)) {
      const expected = cls.uid * 100 + (activity as number);
      if (type !== expected) {
        errors.push({ code: 'type_uid_incorrect', path: '/type_uid', message: `"type_uid" is ${type} but class_uid ${cls.uid} * 100 + activity_id ${activity} = ${expected}` });
        return;
      }
    }
    const caption = cls.types.get(type as number);
    if (caption !== undefined) {
      // With activity 99 (Other) type_name carries the source's own value, as activity_name does.
      if ((type as number) % 100 !== 99) checkSibling(event, 'type_name', caption, warnings);
    } else if (!Number.isInteger(activity)) {
      errors.push({ code: 'attribute_enum_value_unknown', path: '/type_uid', message: `"type_uid" ${type} is not a type of class ${cls.name} (${cls.uid})` });
    }
  }
}

function checkVersion(event: Obj, errors: Finding[], warnings: Finding[]): void {
  const metadata = event.metadata;
  if (!isObj(metadata) || typeof metadata.version !== 'string') return;
  const version = metadata.version;
  const m = VERSION_FORMAT.exec(version);
  if (!m) {
    errors.push({ code: 'version_invalid_format', path: '/metadata/version', message: `"metadata.version" ${JSON.stringify(version)} is not a semantic version such as ${OCSF_VERSION}` });
  } else if (compareVersions(m, FIRST_VERSION) < 0 || compareVersions(m, SCHEMA_VERSION) > 0) {
    errors.push({ code: 'version_incompatible', path: '/metadata/version', message: `"metadata.version" ${version} cannot be validated against OCSF ${OCSF_VERSION}` });
  } else if (version !== OCSF_VERSION) {
    warnings.push({ code: 'version_incorrect', path: '/metadata/version', message: `"metadata.version" ${version} is not ${OCSF_VERSION}, the version validated against` });
  }
}

/**
 * Whether a dotted observable name (`actor.user.name`) names an attribute the event may hold.
 * Array attributes may be written with `[]` or an index (`answers[].rdata`, `answers[0].rdata`),
 * as producers commonly do.
 */
function resolvesInClass(cls: OcsfClassEntry, name: string, profiles: number): boolean {
  let attrs = cls.attributes;
  const parts = name.split('.');
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i] as string;
    if (part.endsWith(']')) part = part.replace(/\[\d*\]$/, '');
    // Own members only: an observable named `constructor` names no attribute.
    const ref = Object.hasOwn(attrs, part) ? attrs[part] : undefined;
    if (ref === undefined) return false;
    const [objectType, profile] = ref;
    if (profile !== null && ((PROFILE_BITS[profile] ?? 0) & profiles) === 0) return false;
    if (i === parts.length - 1) return true;
    if (objectType === null) return false;
    const next = OBJECT_ATTRIBUTES[objectType];
    if (next === undefined) return false;
    attrs = next;
  }
  return false;
}

/** Observable names repeat from event to event: remember the answers (bounded). */
const referenceCache = new Map<string, boolean>();
const REFERENCE_CACHE_MAX = 4096;

function checkObservables(event: Obj, cls: OcsfClassEntry, profiles: number, errors: Finding[]): void {
  const observables = event.observables;
  if (!Array.isArray(observables)) return;
  for (let i = 0; i < observables.length; i++) {
    const o: unknown = observables[i];
    if (!isObj(o) || typeof o.name !== 'string') continue;
    const key = `${cls.uid}|${profiles}|${o.name}`;
    let ok = referenceCache.get(key);
    if (ok === undefined) {
      ok = resolvesInClass(cls, o.name, profiles);
      if (referenceCache.size >= REFERENCE_CACHE_MAX) referenceCache.clear();
      referenceCache.set(key, ok);
    }
    if (!ok) {
      errors.push({ code: 'observable_name_invalid_reference', path: `/observables/${i}/name`, message: `observable name "${o.name}" does not name an attribute of class ${cls.name} (${cls.uid})` });
    }
  }
}

/** Validates one OCSF event. Never throws: anything that is not an event is an error finding. */
export function validateOcsf(event: unknown, options: OcsfValidateOptions = {}): ValidationResult {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  if (!isObj(event)) {
    errors.push({ code: 'attribute_wrong_type', path: '', message: `an OCSF event is a JSON object, got ${jsonType(event)}` });
    return result(errors, warnings);
  }
  const uid = event.class_uid;
  if (uid === undefined || uid === null) {
    errors.push({ code: 'attribute_required_missing', path: '/class_uid', message: 'required attribute "class_uid" is missing' });
    return result(errors, warnings);
  }
  if (!Number.isInteger(uid)) {
    errors.push({ code: 'attribute_wrong_type', path: '/class_uid', message: `"class_uid" has the wrong type: expected integer_t, got ${jsonType(uid)}` });
    return result(errors, warnings);
  }
  const cls = CLASSES.get(uid as number);
  if (cls === undefined) {
    errors.push({ code: 'class_uid_unknown', path: '/class_uid', message: `no OCSF ${OCSF_VERSION} class has class_uid ${uid}` });
    return result(errors, warnings);
  }
  if (cls.deprecated_since !== undefined) {
    warnings.push({ code: 'class_deprecated', path: '', message: `class ${cls.name} (${cls.uid}) is deprecated since OCSF ${cls.deprecated_since}` });
  }
  const profiles = declaredProfiles(event, errors);
  const ctx: OcsfContext = {
    errors,
    warnings,
    profiles,
    recommended: options.warnRecommended ?? true,
    nullSatisfiesConstraints: options.nullSatisfiesConstraints ?? false,
    depth: 0,
  };
  cls.validate(event, '', ctx);
  checkClassification(event, cls, errors, warnings);
  checkVersion(event, errors, warnings);
  checkObservables(event, cls, profiles, errors);
  return result(errors, warnings);
}
