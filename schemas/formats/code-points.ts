/**
 * String length in Unicode code points, as JSON Schema's `maxLength`/`minLength` and OCSF's
 * `max_len` count it: a surrogate pair is one, a lone surrogate is one. JavaScript's `length`
 * counts UTF-16 units, so an emoji would count twice. One implementation for the generated
 * validators, the canonical validator's messages and the mappers' limits.
 */
export function codePointLength(s: string): number {
  const len = s.length;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}
