/**
 * The LEEF 2.0 attribute delimiter (fact sheet §9.1): one character, given literally or in hex
 * (`xHH` or `0xHH`, one to four hex digits: `x09` is a tab, `x5E` is `^`). LEEF 1.0 always uses a
 * tab. siemkit writes the header field in hex for anything that is not a visible ASCII character,
 * and refuses delimiters that would make the line ambiguous: letters, digits and `_` (keys are made
 * of them), `=`, `%` (our value encoding) and line breaks.
 */

export const DEFAULT_LEEF_DELIMITER = '\t';

const HEX_FORM = /^0?[xX]([0-9A-Fa-f]{1,4})$/;

/** The delimiter a header field or an option names, or undefined when it names none. */
export function parseDelimiter(field: string): string | undefined {
  if (field === '') return DEFAULT_LEEF_DELIMITER;
  const hex = HEX_FORM.exec(field);
  if (hex !== null) return String.fromCharCode(Number.parseInt(hex[1] as string, 16));
  return [...field].length === 1 ? field : undefined;
}

/** Why a delimiter cannot be used, or undefined when it can. */
export function delimiterProblem(delimiter: string): string | undefined {
  // One UTF-16 unit: the header's hex form holds at most four digits, and a lone surrogate is no character.
  if (delimiter.length !== 1) return 'a LEEF delimiter is one character of the Basic Multilingual Plane';
  const code = delimiter.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return `U+${code.toString(16).toUpperCase()} is half of a surrogate pair, not a character`;
  if (/^[A-Za-z0-9_=%\r\n]$/.test(delimiter)) return `${JSON.stringify(delimiter)} cannot be a LEEF delimiter (letters, digits, _, =, % and line breaks are not allowed)`;
  return undefined;
}

/** The header field for a delimiter: visible ASCII as itself (but `|`), anything else as `xHH`. */
export function delimiterField(delimiter: string): string {
  const code = delimiter.charCodeAt(0);
  if (code > 32 && code < 127 && delimiter !== '|') return delimiter;
  return `x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}
