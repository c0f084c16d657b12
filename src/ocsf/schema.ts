/**
 * The compiled OCSF schema (the IR in `generated/ocsf/1.1.0/ir.json`) for browsing and for the
 * builders: classes by name or uid, objects, enum captions. Read once, on first use, so that
 * validation alone never pays for it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ir, IrAttribute, IrClass, IrObject } from '../../schemas/ocsf/ir.js';
import { OCSF_VERSION } from '../../generated/ocsf/1.1.0/version.js';

/** The compiled schema's shapes are the IR's (schemas/ocsf/ir.ts), under the names users meet. */
export type { Requirement } from '../../schemas/ocsf/ir.js';
export type OcsfAttribute = IrAttribute;
export type OcsfObject = IrObject;
export type OcsfClass = IrClass;
export type OcsfSchema = Ir;

/** The IR sits at `generated/ocsf/<version>/ir.json` from the package root, in a checkout and in `dist/` alike. */
function findIr(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'generated', 'ocsf', OCSF_VERSION, 'ir.json');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`generated/ocsf/${OCSF_VERSION}/ir.json not found beside the siemkit package: run \`npm run gen\``);
}

let schema: OcsfSchema | undefined;
let byUid: Map<number, OcsfClass> | undefined;

/** The compiled OCSF schema (loaded on first call). */
export function ocsfSchema(): OcsfSchema {
  schema ??= JSON.parse(readFileSync(findIr(), 'utf8')) as OcsfSchema;
  return schema;
}

/** Every class, ordered by class_uid. */
export function ocsfClasses(): OcsfClass[] {
  return Object.values(ocsfSchema().classes).sort((a, b) => a.uid - b.uid);
}

/** A class by name (`authentication`, `win/registry_key_activity`), caption (case-insensitive) or uid. */
export function findOcsfClass(key: string | number): OcsfClass | undefined {
  const s = ocsfSchema();
  if (typeof key === 'number' || /^\d+$/.test(key)) {
    byUid ??= new Map(Object.values(s.classes).map((c) => [c.uid, c]));
    return byUid.get(Number(key));
  }
  const direct = s.classes[key];
  if (direct) return direct;
  const lower = key.toLowerCase();
  return Object.values(s.classes).find((c) => c.caption.toLowerCase() === lower || c.name.toLowerCase() === lower);
}

/** Whether an attribute holds a string (`string_t` or a subtype of it). */
export function isStringAttribute(a: OcsfAttribute | undefined): boolean {
  if (a === undefined || a.type === 'object_t') return false;
  return a.type === 'string_t' || ocsfSchema().types[a.type]?.base === 'string_t';
}
