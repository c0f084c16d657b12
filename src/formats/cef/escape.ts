/**
 * CEF escaping (Implementation Standard, "Special characters"; fact sheet §8.2). Header fields
 * escape `\` and `|`; extension values escape `\`, `=`, and write LF as `\n` and CR as `\r`. A
 * raw line break in a header field (only a product identity can hold one) is written the same way,
 * so a CEF line is always one line.
 */

import { containsAnyOf } from '../contains-any.js';

const holdsHeaderSpecial = containsAnyOf('\\|\n\r');
const holdsValueSpecial = containsAnyOf('\\=\n\r');

function escapeWith(text: string, holdsSpecial: (text: string) => boolean, pipe: boolean): string {
  if (!holdsSpecial(text)) return text;
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
  return escapeWith(text, holdsHeaderSpecial, true);
}

export function escapeValue(text: string): string {
  return escapeWith(text, holdsValueSpecial, false);
}
