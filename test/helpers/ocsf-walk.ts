/**
 * Walks an OCSF event along the IR, for tests that break one thing in a valid event and predict
 * the finding: every attribute value present (arrays, their elements, objects, scalars) and every
 * closed object, each with its path and JSON pointer; edits by path; and the constraint oracle.
 */
import type { Ir, IrAttribute, IrClass, IrObject } from '../../schemas/ocsf/ir.js';
import type { Finding } from '../../src/validate/finding.js';
import { childPointer } from '../../src/validate/pointer.js';
import type { Json } from './ocsf-events.js';
import { constraintHolds, constraintsOf, isJsonObject, isOpen, objectOf } from './ocsf-events.js';

export type Path = readonly (string | number)[];

export interface AttributeSite {
  readonly path: Path;
  readonly pointer: string;
  readonly name: string;
  readonly attribute: IrAttribute;
  readonly value: unknown;
  /** One element of an array attribute, rather than the attribute's whole value. */
  readonly element: boolean;
}

export interface ObjectSite {
  readonly path: Path;
  readonly pointer: string;
  /** The class (at the root) or object that defines the members. */
  readonly item: IrObject;
  readonly value: Json;
}

export const pointerOf = (path: Path): string => path.reduce<string>((p, k) => childPointer(p, k), '');

/** The reference tokens of a JSON pointer (RFC 6901 §4): `/a~1b/0` -> `['a/b', '0']`. */
export const parsePointer = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));

export function classByUid(ir: Ir, uid: unknown): IrClass {
  const cls = Object.values(ir.classes).find((c) => c.uid === uid);
  if (cls === undefined) throw new Error(`no class has class_uid ${String(uid)}`);
  return cls;
}

/**
 * The attribute values present (not null) and the closed objects of an event, outermost first.
 * Open objects (`object`) and json_t values are leaves: what is inside them is not an attribute.
 */
export function walkEvent(ir: Ir, event: Json): { attributes: AttributeSite[]; objects: ObjectSite[] } {
  const attributes: AttributeSite[] = [];
  const objects: ObjectSite[] = [];
  const visit = (item: IrObject, x: Json, path: Path): void => {
    objects.push({ path, pointer: pointerOf(path), item, value: x });
    for (const [name, v] of Object.entries(x)) {
      const a = item.attributes[name];
      if (a === undefined || v === null || v === undefined) continue;
      const at = [...path, name];
      attributes.push({ path: at, pointer: pointerOf(at), name, attribute: a, value: v, element: false });
      const target = a.type === 'object_t' ? objectOf(ir, a.object_type as string) : undefined;
      const inner = (value: unknown, p: Path): void => {
        if (target !== undefined && !isOpen(target) && isJsonObject(value)) visit(target, value, p);
      };
      if (a.is_array && Array.isArray(v)) {
        v.forEach((e: unknown, i) => {
          const ep = [...at, i];
          if (e !== null && e !== undefined) attributes.push({ path: ep, pointer: pointerOf(ep), name, attribute: a, value: e, element: true });
          inner(e, ep);
        });
      } else if (!a.is_array) inner(v, at);
    }
  };
  visit(classByUid(ir, event.class_uid), event, []);
  return { attributes, objects };
}

function parentOf(root: Json, path: Path): { parent: Record<string | number, unknown>; key: string | number } {
  if (path.length === 0) throw new Error('the root has no parent');
  let v: unknown = root;
  for (const k of path.slice(0, -1)) v = (v as Record<string | number, unknown>)[k];
  return { parent: v as Record<string | number, unknown>, key: path[path.length - 1] as string | number };
}

export function getAt(root: Json, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
}

/** Sets a member as an own data property, so that `__proto__` is a key and not the prototype. */
export function setAt(root: Json, path: Path, value: unknown): void {
  const { parent, key } = parentOf(root, path);
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

export function deleteAt(root: Json, path: Path): void {
  const { parent, key } = parentOf(root, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}

/**
 * One `constraint_failed` finding (code and path) per at_least_one / just_one constraint the event
 * breaks, computed from the IR and the event, not by the validator: the oracle for mutations.
 */
export function expectedConstraintFailures(ir: Ir, event: Json, nullSatisfies = false): { code: string; path: string }[] {
  const out: { code: string; path: string }[] = [];
  for (const o of walkEvent(ir, event).objects) {
    for (const c of constraintsOf(o.item)) if (!constraintHolds(c, o.value, nullSatisfies)) out.push({ code: 'constraint_failed', path: o.pointer });
  }
  return out;
}

/** Findings without their messages, sorted, for exact comparisons. */
export function codesAndPaths(findings: readonly Finding[]): { code: string; path: string }[] {
  return sortFindings(findings.map(({ code, path }) => ({ code, path })));
}

export function sortFindings<T extends { code: string; path: string }>(findings: T[]): T[] {
  return [...findings].sort((a, b) => (a.path === b.path ? (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) : a.path < b.path ? -1 : 1));
}
