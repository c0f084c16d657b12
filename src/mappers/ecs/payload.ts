/**
 * `payload` members that have a natural ECS field, per category, and the rest <-> `siemkit.payload`.
 *
 * A member moves to its ECS field only when its value fits that field and comes back unchanged (a
 * built-in payload schema types it, but an unregistered action's payload is free), otherwise it
 * stays in `siemkit.payload` with everything else. Each ECS field takes one member per category,
 * so the way back is unambiguous:
 *
 * | category | member | ECS field |
 * |---|---|---|
 * | FILE_ACCESS | `size` (integer >= 0), `mime_type`, `sha256` (64 hex digits) | `file.size`, `file.mime_type`, `file.hash.sha256` |
 * | FILE_ACCESS | `url` (an external link) | `url.original` (as given, complete or not) |
 * | API_ACTIVITY | `method`, `status` (100-599), `path` | `http.request.method`, `http.response.status_code`, `url.original` (as requested, query included) |
 * | ACCESS_MANAGEMENT | `role` | `user.target.roles` (`[role]`: the role the target user gains or loses) |
 * | GROUP_MANAGEMENT | `member` `{id, email?, name?}` | `user.target.id`, `.email`, `.name` (Elastic's convention for group membership events) |
 * | SECURITY | `rule`, `policy` | `rule.name`, `rule.ruleset` |
 * | every category | `reason` | `event.reason` |
 *
 * `siemkit.payload` holds the members left, and is written whenever some are, or as `{}` for an
 * empty payload; a payload whose members all moved is recognised by them.
 */
import type { Category } from '../../../schemas/canonical/category.js';
import { isPlainObject } from '../../validate/ecs-values.js';
import type { Doc, Field } from './field.js';
import { asString, field, readField, setOwn, writeField } from './field.js';
import type { SiemkitFields } from './siemkit.js';

interface Lift {
  /** The payload member. */
  readonly key: string;
  readonly field: Field;
  /** The member's value fits the ECS field. */
  fits(value: unknown): boolean;
  /** The ECS value of a member that fits (the value itself unless given). */
  readonly toEcs?: (value: unknown) => unknown;
  /** The member's value from the ECS value, or undefined when that value cannot be one. */
  fromEcs(value: unknown): unknown;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const SHA256 = /^[0-9a-fA-F]{64}$/;

function text(key: string, name: string): Lift {
  return { key, field: field(name), fits: isString, fromEcs: asString };
}

/** A number that passes `fits` both ways. */
function number(key: string, name: string, fits: (v: unknown) => boolean): Lift {
  return { key, field: field(name), fits, fromEcs: (v) => (fits(v) ? v : undefined) };
}

/** An ECS `long` holds integers below 2^63. */
const isSize = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 63;
const isStatus = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599;

const REASON = text('reason', 'event.reason');

const ROLE: Lift = {
  key: 'role',
  field: field('user.target.roles'),
  fits: isString,
  toEcs: (v) => [v],
  fromEcs: asString,
};

export const PAYLOAD_LIFTS: Readonly<Record<Category, readonly Lift[]>> = {
  AUTHENTICATION: [REASON],
  ACCOUNT_CHANGE: [REASON],
  GROUP_MANAGEMENT: [REASON],
  ACCESS_MANAGEMENT: [ROLE, REASON],
  FILE_ACCESS: [
    number('size', 'file.size', isSize),
    text('mime_type', 'file.mime_type'),
    { key: 'sha256', field: field('file.hash.sha256'), fits: (v) => isString(v) && SHA256.test(v), fromEcs: (v) => (isString(v) && SHA256.test(v) ? v : undefined) },
    text('url', 'url.original'),
    REASON,
  ],
  API_ACTIVITY: [text('method', 'http.request.method'), number('status', 'http.response.status_code', isStatus), text('path', 'url.original'), REASON],
  CONFIGURATION: [REASON],
  SECURITY: [text('rule', 'rule.name'), text('policy', 'rule.ruleset'), REASON],
};

const MEMBER_ID = field('user.target.id');
const MEMBER_EMAIL = field('user.target.email');
const MEMBER_NAME = field('user.target.name');

/** `payload.member` as the contract shapes it (`{id, email?, name?}`, strings, nothing else): only then does it fit `user.target.*`. */
function isMember(v: unknown): v is { id: string; email?: string; name?: string } {
  if (!isPlainObject(v) || typeof v.id !== 'string') return false;
  for (const key of Object.keys(v)) {
    if ((key !== 'id' && key !== 'email' && key !== 'name') || typeof v[key] !== 'string') return false;
  }
  return true;
}

export function writePayload(payload: Readonly<Record<string, unknown>>, category: Category, doc: Doc, siemkit: SiemkitFields): void {
  let moved: string[] | undefined;
  for (const lift of PAYLOAD_LIFTS[category]) {
    if (!Object.hasOwn(payload, lift.key)) continue;
    const value = payload[lift.key];
    if (!lift.fits(value)) continue;
    writeField(doc, lift.field, lift.toEcs === undefined ? value : lift.toEcs(value));
    (moved ??= []).push(lift.key);
  }
  if (category === 'GROUP_MANAGEMENT' && Object.hasOwn(payload, 'member') && isMember(payload.member)) {
    const member = payload.member;
    writeField(doc, MEMBER_ID, member.id);
    if (member.email !== undefined) writeField(doc, MEMBER_EMAIL, member.email);
    if (member.name !== undefined) writeField(doc, MEMBER_NAME, member.name);
    (moved ??= []).push('member');
  }
  if (moved === undefined) {
    // A spread copies own members, `__proto__` included, as data.
    siemkit.payload = { ...payload };
    return;
  }
  // Copied member by member rather than spread and deleted from: deleting makes V8 fall back to a
  // slow dictionary object, which every later read and JSON.stringify pays for.
  let rest: Doc | undefined;
  for (const key of Object.keys(payload)) {
    if (!moved.includes(key)) setOwn((rest ??= {}), key, payload[key]);
  }
  if (rest !== undefined) siemkit.payload = rest;
}

/** The payload of a document: `siemkit.payload` and the members the category moves to ECS fields. */
export function readPayload(doc: Doc, category: Category, stored: unknown): Record<string, unknown> | undefined {
  let payload: Doc | undefined = isPlainObject(stored) ? { ...stored } : undefined;
  for (const lift of PAYLOAD_LIFTS[category]) {
    const raw = readField(doc, lift.field);
    if (raw === undefined) continue;
    const value = lift.fromEcs(raw);
    if (value !== undefined) (payload ??= {})[lift.key] = value;
  }
  if (category === 'GROUP_MANAGEMENT') {
    const email = asString(readField(doc, MEMBER_EMAIL));
    const name = asString(readField(doc, MEMBER_NAME));
    // From elsewhere a member may be known by name or e-mail only (Windows logs names).
    const id = asString(readField(doc, MEMBER_ID)) ?? name ?? email;
    if (id !== undefined) {
      const member: Doc = { id };
      if (email !== undefined) member.email = email;
      if (name !== undefined) member.name = name;
      (payload ??= {}).member = member;
    }
  }
  return payload;
}
