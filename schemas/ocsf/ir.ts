/**
 * The shape of a compiled OCSF schema, the intermediate representation (IR) that
 * `scripts/gen/ocsf/resolve.ts` produces and `generated/ocsf/<version>/ir.json` holds. Both the
 * generator and the runtime (`src/ocsf/schema.ts`) read it, so it sits in the leftmost layer.
 *
 * The IR: every class, object, profile,
 * type and category with `extends`, `$include`, profiles, dictionary types, enum siblings and
 * derived ids resolved. It is committed as `generated/ocsf/<version>/ir.json`, so a schema bump
 * reads as a diff, and every emitter reads only the IR.
 *
 * Facts only: names, captions, types, ids, enums, requirement levels, constraints. No description
 * prose is carried, so the generated code stays free of upstream documentation text.
 */

export type Requirement = 'required' | 'recommended' | 'optional';

/** A value of an enum attribute (`activity_id: 1 -> "Logon"`). */
export interface IrEnumValue {
  readonly caption: string;
  /** Present when the value is deprecated: the version it was deprecated in. */
  readonly deprecated_since?: string;
}

export interface IrAttribute {
  readonly caption: string;
  /**
   * A dictionary type (`string_t`, `timestamp_t`, `ip_t`...) for scalars, or `object_t` for an
   * object, whose name is then in `object_type`.
   */
  readonly type: string;
  readonly object_type?: string;
  readonly is_array: boolean;
  readonly requirement: Requirement;
  /** The attribute group of a class attribute (`classification`, `context`, `occurrence`, `primary`). */
  readonly group?: string;
  /** Only valid when the event declares this profile in `metadata.profiles`. */
  readonly profile?: string;
  /** The name of the string attribute that carries this enum's caption (`activity_id -> activity_name`). */
  readonly sibling?: string;
  /** Enum values keyed by their JSON value as a string (`"1"`, `"99"`). */
  readonly enum?: Readonly<Record<string, IrEnumValue>>;
  /** The observable `type_id` an attribute defines itself (`observable` in the schema). */
  readonly observable?: number;
  readonly deprecated_since?: string;
}

/** `at_least_one` / `just_one` attribute-name lists. */
export interface IrConstraints {
  readonly at_least_one?: readonly string[];
  readonly just_one?: readonly string[];
}

export interface IrObject {
  readonly name: string;
  readonly caption: string;
  /** The extension that defines it (`win`), if not core. */
  readonly extension?: string;
  readonly extends?: string;
  /** Every profile that can change this object's attribute set, sorted. */
  readonly profiles: readonly string[];
  readonly observable?: number;
  readonly constraints?: IrConstraints;
  readonly deprecated_since?: string;
  /** Attributes by name, sorted. An object with no attributes (`object`) accepts any member. */
  readonly attributes: Readonly<Record<string, IrAttribute>>;
}

export interface IrClass extends IrObject {
  /** `class_uid`: for a core class `category_uid * 1000 + uid`; for an extension class also `+ extension_uid * 100000`. */
  readonly uid: number;
  readonly category: string;
  readonly category_uid: number;
  readonly associations?: Readonly<Record<string, readonly string[]>>;
}

export interface IrType {
  readonly caption: string;
  /** The base type of a subtype (`email_t -> string_t`); absent for the primitive types. */
  readonly base?: string;
  readonly max_len?: number;
  readonly range?: readonly [number, number];
  readonly regex?: string;
  readonly values?: readonly unknown[];
  readonly observable?: number;
}

export interface IrProfile {
  readonly name: string;
  readonly caption: string;
  readonly extension?: string;
  /** The attributes the profile adds, as they are defined in the profile (requirements included). */
  readonly attributes: Readonly<Record<string, IrAttribute>>;
}

export interface IrCategory {
  readonly name: string;
  readonly caption: string;
  readonly uid: number;
  readonly extension?: string;
}

export interface IrExtension {
  readonly name: string;
  readonly caption: string;
  readonly uid: number;
  readonly version: string;
}

export interface Ir {
  readonly version: string;
  readonly extensions: Readonly<Record<string, IrExtension>>;
  readonly categories: Readonly<Record<string, IrCategory>>;
  readonly types: Readonly<Record<string, IrType>>;
  readonly profiles: Readonly<Record<string, IrProfile>>;
  readonly objects: Readonly<Record<string, IrObject>>;
  /** Concrete classes by name, `base_event` included; extension classes are named `ext/name`. */
  readonly classes: Readonly<Record<string, IrClass>>;
}
