/**
 * Whether `JSON.parse(JSON.stringify(value))` is `value` again, member for member: plain objects
 * (whose prototype is `Object.prototype` or `null`) and arrays, all the way down, holding only
 * strings, finite numbers other than -0, booleans and `null`. Anything else (`undefined`, a
 * `Date` or another class instance, a function, `NaN`, -0, a hole in an array) comes back from
 * JSON different or not at all.
 *
 * A record made from such an event is the record made from its canonical JSON, which is what
 * lets a destination's record be made at emit, from the event at hand (destination-pipeline.ts),
 * rather than from the queued JSON parsed again.
 */
export function isJsonFaithful(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      // -0 comes back as 0.
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!isJsonFaithful(value[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (!isJsonFaithful((value as Record<string, unknown>)[key])) return false;
  return true;
}
