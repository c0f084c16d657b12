/**
 * Readers for `fromOcsf`, whose input is any JSON value: each returns the member when it has the
 * expected type and `undefined` otherwise, so a foreign record never makes the mapper throw
 * anything but a `MappingError`.
 */
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function objAt(o: Obj | undefined, key: string): Obj | undefined {
  const v = o?.[key];
  return isObj(v) ? v : undefined;
}

export function strAt(o: Obj | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function intAt(o: Obj | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

export function numAt(o: Obj | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function boolAt(o: Obj | undefined, key: string): boolean | undefined {
  const v = o?.[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function arrAt(o: Obj | undefined, key: string): readonly unknown[] | undefined {
  const v = o?.[key];
  return Array.isArray(v) ? v : undefined;
}

export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * A shallow copy of an object's own enumerable members; safe for keys such as `__proto__`.
 * `Object.fromEntries(Object.entries(o))` says the same, but costs several times more on every
 * event whose payload (or source) is kept whole.
 */
export function copyObj(o: Obj): Obj {
  const copy: Obj = {};
  for (const k of Object.keys(o)) {
    // An assignment to `__proto__` would set the prototype: define it as a member instead.
    if (k === '__proto__') Object.defineProperty(copy, k, { value: o[k], writable: true, enumerable: true, configurable: true });
    else copy[k] = o[k];
  }
  return copy;
}
