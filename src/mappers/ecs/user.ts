/**
 * The actor <-> ECS `user.*`, and the service that acted on the actor's behalf <-> `service.origin.name`.
 *
 * ECS has one field set for every principal, people and machines alike, so the actor is `user.*`
 * whatever its type, and `actor.type` is `siemkit.actor_type`.
 *
 * `actor.service_account` (the service that acted for the user, e.g. the OAuth `act` claim,
 * RFC 8693 §4.1) goes to `service.origin.*`, which ECS reserves for "the originating service of
 * an incoming request". Not `user.effective.*`: that is "the user whose privileges were assumed"
 * (sudo, setuid), and a delegated call runs with the user's privileges, not the service's, so
 * rules that compare `user.*` with `user.effective.*` would read every delegation as privilege
 * escalation. Not `service.*`: that is the service under observation, the product that logged
 * the event. `name` rather than `id`: the contract's value is free text naming the service.
 */
import type { Actor, ActorType } from '../../../schemas/canonical/actor.js';
import { ACTOR_TYPES } from '../../../schemas/canonical/actor.js';
import { MappingError } from '../errors.js';
import type { Doc } from './field.js';
import { asString, field, readField } from './field.js';

const USER_ID = field('user.id');
const USER_EMAIL = field('user.email');
const USER_NAME = field('user.name');
const SERVICE_ORIGIN_NAME = field('service.origin.name');
const ACTOR_TYPE = field('siemkit.actor_type');

const ACTOR_TYPE_SET: ReadonlySet<string> = new Set(ACTOR_TYPES);

/** Writes `user` and, for a delegated action, `service.origin`; the type goes to `siemkit.actor_type` (the caller's). */
export function writeActor(actor: Actor, doc: Doc): void {
  const user: Doc = { id: actor.id };
  if (actor.email !== undefined) user.email = actor.email;
  if (actor.name !== undefined) user.name = actor.name;
  doc.user = user;
  if (actor.service_account !== undefined) doc.service = { origin: { name: actor.service_account } };
}

/**
 * The actor of a document. From elsewhere: type `user` without `siemkit.actor_type`, and the id
 * falls back to `user.name`, then `user.email` (many sources log only a login name).
 */
export function readActor(doc: Doc): Actor {
  const typeValue = readField(doc, ACTOR_TYPE);
  const type: ActorType = typeof typeValue === 'string' && ACTOR_TYPE_SET.has(typeValue) ? (typeValue as ActorType) : 'user';
  const email = asString(readField(doc, USER_EMAIL));
  const name = asString(readField(doc, USER_NAME));
  const id = asString(readField(doc, USER_ID)) ?? name ?? email;
  if (id === undefined || id === '') throw new MappingError(USER_ID.pointer, 'no actor: the document has no user.id (nor user.name or user.email)');
  const actor: Actor = { type, id };
  if (email !== undefined) actor.email = email;
  if (name !== undefined) actor.name = name;
  const serviceAccount = asString(readField(doc, SERVICE_ORIGIN_NAME));
  if (serviceAccount !== undefined) actor.service_account = serviceAccount;
  return actor;
}
