/**
 * CEF escaping (Implementation Standard, "Special characters"; fact sheet §8.2). Header fields
 * escape `\` and `|`; extension values escape `\`, `=`, and write LF as `\n` and CR as `\r`. A
 * raw line break in a header field (only a product identity can hold one) is written the same way,
 * so a CEF line is always one line.
 */

const HEADER_SPECIAL = /[\\|\n\r]/;
const VALUE_SPECIAL = /[\\=\n\r]/;

function escapeWith(text: string, special: RegExp, pipe: boolean): string {
  if (!special.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) out += '\\\\';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (pipe && c === 124) out += '\\|';
    else if (!pipe && c === 61) out += '\\=';
    else out += text[i];
  }
  return out;
}

export function escapeHeader(text: string): string {
  return escapeWith(text, HEADER_SPECIAL, true);
}

export function escapeValue(text: string): string {
  return escapeWith(text, VALUE_SPECIAL, false);
}
