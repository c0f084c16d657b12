/**
 * `actor` <-> `actor.user` (the human or principal: `uid`, `name`, `email_addr`, `type_id`) and
 * `actor.invoked_by` (OCSF 1.1.0 `actor`: "the name of the service that invoked the activity",
 * which is what `actor.service_account` holds, e.g. from an OAuth `act` claim, RFC 8693 §4.1).
 *
 * `actor.type` -> `user.type_id`: `user` 1 User, `system` 3 System; OCSF has no id for a service
 * account or an API key, so those are 99 Other with `type` "Service Account" / "API Key".
 */
import type { Actor, ActorType } from '../../../schemas/canonical/actor.js';
import type { Resource } from '../../../schemas/canonical/resource.js';
import type { User } from '../../../generated/ocsf/1.1.0/types/index.js';
import type { MappedProfiles } from './class-mapper.js';
import type { FromContext, ToContext } from './context.js';
import { MappingError } from '../errors.js';
import type { Obj } from './read.js';
import { intAt, objAt, strAt } from './read.js';

export type OcsfUser = User<MappedProfiles>;

/** `user.type_id` and its caption, `type` (the OCSF caption, or the source's own name for 99). */
const USER_TYPES: Readonly<Record<ActorType, { readonly type_id: 1 | 3 | 99; readonly type: string }>> = {
  user: { type_id: 1, type: 'User' },
  system: { type_id: 3, type: 'System' },
  service_account: { type_id: 99, type: 'Service Account' },
  api_key: { type_id: 99, type: 'API Key' },
};

/** `user.type_id` (and `type` for 99) -> `actor.type`; 2 Admin is a user, anything unknown too. */
function actorType(user: Obj | undefined): ActorType {
  switch (intAt(user, 'type_id')) {
    case 3:
      return 'system';
    case 99: {
      const t = strAt(user, 'type')?.toLowerCase().replace(/[\s_-]/g, '');
      if (t === 'serviceaccount') return 'service_account';
      if (t === 'apikey') return 'api_key';
      return 'user';
    }
    default:
      return 'user';
  }
}

/**
 * An identity (the actor, or a resource that is an account) as an OCSF user: `uid`, `name`,
 * `email_addr`, each only when its home can hold it (else set aside in `group`). OCSF `user` needs
 * one of account, name, uid: without either, `uid` gets a placeholder recorded at `placeholderPath`.
 */
function ocsfUser(ctx: ToContext, group: 'actor' | 'resource', who: { readonly id: string; readonly name?: string; readonly email?: string }, placeholderPath: string): OcsfUser {
  const user: OcsfUser = {};
  const uid = ctx.textIn(group, 'id', who.id);
  if (uid !== undefined) user.uid = uid;
  const name = ctx.textIn(group, 'name', who.name);
  if (name !== undefined) user.name = name;
  const email = ctx.textIn(group, 'email', who.email);
  if (email !== undefined) user.email_addr = email;
  if (user.uid === undefined && user.name === undefined) user.uid = ctx.placeholder(placeholderPath);
  return user;
}

/** The actor's account as an OCSF user, with its type. */
function actorUser(ctx: ToContext): OcsfUser {
  const user = ocsfUser(ctx, 'actor', ctx.event.actor, 'actor.user.uid');
  const t = USER_TYPES[ctx.event.actor.type];
  user.type_id = t.type_id;
  user.type = t.type;
  return user;
}

/** Writes `actor` (every mapped class has it, some through the `host` profile). */
export function putActor(ctx: ToContext, out: Obj): void {
  const actor: Obj = { user: actorUser(ctx) };
  const invokedBy = ctx.textIn('actor', 'service_account', ctx.event.actor.service_account);
  if (invokedBy !== undefined) actor.invoked_by = invokedBy;
  out.actor = actor;
}

/**
 * A copy of the actor's account for a class attribute that is the actor's own account (the
 * subject of an authentication, the account of a self-service change); the placeholder, if any,
 * is listed under its new path too.
 */
export function actorAccount(ctx: ToContext, out: Obj, path: string): OcsfUser {
  const user = { ...(objAt(objAt(out, 'actor'), 'user') as OcsfUser) };
  if (ctx.isPlaceholder('actor.user.uid')) ctx.placeholder(`${path}.uid`);
  return user;
}

/**
 * The account a resource names (the user changed, granted, added), as an OCSF user. The resource's
 * `type` and `path` have no home in `user`; the caller keeps them.
 */
export function resourceUser(ctx: ToContext, r: Resource, path: string): OcsfUser {
  return ocsfUser(ctx, 'resource', r, `${path}.uid`);
}

/** The resource members an OCSF user holds (`id`, `name`, `email`). */
export function userResource(ctx: FromContext, user: Obj | undefined, path: string): Partial<Resource> | undefined {
  if (user === undefined) return undefined;
  const r: Partial<Resource> = {};
  const id = ctx.text(user, 'uid', `${path}.uid`);
  if (id !== undefined) r.id = id;
  const name = ctx.text(user, 'name', `${path}.name`);
  if (name !== undefined) r.name = name;
  const email = strAt(user, 'email_addr');
  if (email !== undefined) r.email = email;
  return r;
}

/**
 * The canonical actor, from `actor.user` (or, in a record from another producer that has none,
 * `fallback`: the class's own `user`) and `actor.invoked_by`, with the kept members winning.
 */
export function takeActor(ctx: FromContext, fallback: Obj | undefined): Actor {
  const actor = objAt(ctx.ocsf, 'actor');
  const user = objAt(actor, 'user') ?? fallback;
  const kept = ctx.keptIn('actor');
  const id = strAt(kept, 'id') ?? ctx.text(user, 'uid', 'actor.user.uid') ?? ctx.text(user, 'name', 'actor.user.name') ?? strAt(user, 'email_addr');
  if (id === undefined || id === '') {
    throw new MappingError(objAt(actor, 'user') !== undefined ? '/actor/user/uid' : '/actor/user', 'the canonical actor.id needs an actor.user with a uid, name or email_addr');
  }
  const out: Actor = { type: actorType(user), id };
  const email = strAt(kept, 'email') ?? strAt(user, 'email_addr');
  if (email !== undefined) out.email = email;
  const name = strAt(kept, 'name') ?? ctx.text(user, 'name', 'actor.user.name');
  if (name !== undefined) out.name = name;
  const serviceAccount = strAt(kept, 'service_account') ?? strAt(actor, 'invoked_by');
  if (serviceAccount !== undefined) out.service_account = serviceAccount;
  return out;
}
