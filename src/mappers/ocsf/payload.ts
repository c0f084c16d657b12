/**
 * Payload members with an OCSF home. A class lists the members that its attributes can hold
 * (`payload.size` -> `file.size`); what a home takes comes back from it, and every other member
 * stays in `unmapped.siemkit.payload`, which is written whenever the event has a payload (as `{}`
 * when every member found a home), so that its presence survives too.
 *
 * A home checks the value it is offered and declines what its attribute cannot hold exactly (a
 * `size` that is not an integer, a method outside OCSF's enum), so a type that a user registers
 * with other members of the same name loses nothing either.
 */
import type { FromContext, ToContext } from './context.js';
import type { Obj } from './read.js';
import { copyObj, isObj } from './read.js';

export interface PayloadHome {
  /** The payload member. */
  readonly key: string;
  /** Only for the built-in event types of these actions; for every event of the class when absent. */
  readonly only?: readonly string[];
  /** Writes the value into its home in `out`; false when the home cannot hold it exactly. */
  put(value: unknown, out: Obj, ctx: ToContext): boolean;
  /** The value the home holds, or undefined when it holds none. */
  take(ctx: FromContext): unknown;
}

function applies(home: PayloadHome, builtIn: boolean, action: string): boolean {
  return home.only === undefined || (builtIn && home.only.includes(action));
}

/** Puts the event's payload members into their homes and keeps the rest. */
export function putPayload(ctx: ToContext, homes: readonly PayloadHome[], out: Obj): void {
  const payload = ctx.event.payload;
  if (payload === undefined) return;
  // A class has a handful of homes at most: an array of the keys placed is cheaper than a Set.
  let placed: string[] | undefined;
  for (const home of homes) {
    if (!Object.hasOwn(payload, home.key) || !applies(home, ctx.builtIn, ctx.event.action)) continue;
    if (home.put(payload[home.key], out, ctx)) (placed ??= []).push(home.key);
  }
  if (placed === undefined) {
    ctx.kept.payload = copyObj(payload);
    return;
  }
  const rest: Obj = {};
  for (const k of Object.keys(payload)) if (!placed.includes(k)) rest[k] = payload[k];
  ctx.kept.payload = rest;
}

/** The payload: the kept members plus what the homes hold; undefined when there is neither. */
export function takePayload(ctx: FromContext, homes: readonly PayloadHome[]): Record<string, unknown> | undefined {
  const rest = ctx.kept.payload;
  let payload: Obj | undefined = isObj(rest) ? copyObj(rest) : undefined;
  for (const home of homes) {
    if ((payload !== undefined && Object.hasOwn(payload, home.key)) || !applies(home, ctx.builtIn, ctx.action)) continue;
    const value = home.take(ctx);
    if (value === undefined) continue;
    payload ??= {};
    payload[home.key] = value;
  }
  return payload;
}
