/** JSON Pointer helpers (RFC 6901). */

/** Escapes one reference token: `~` becomes `~0` and `/` becomes `~1` (RFC 6901 §3). */
export function escapeToken(token: string | number): string {
  const s = String(token);
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

/** Appends a reference token to a pointer. */
export function childPointer(parent: string, token: string | number): string {
  return `${parent}/${escapeToken(token)}`;
}
