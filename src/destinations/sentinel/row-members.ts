/**
 * The top-level members of a row given as JSON text, read without building the row: the member
 * names in order, and the raw value of `TimeGenerated`. It is what the
 * pre-flight lint needs of a row when no DCR declaration is at hand (dcr-lint.ts `lintRowText`),
 * where a full `JSON.parse` of each row cost more than encoding it.
 *
 * It reads well-formed JSON (RFC 8259), as the destination's own rows are (`JSON.stringify`); it
 * does not check well-formedness. It gives up (undefined) rather than guess: a row that is not an
 * object, a member name with an escape sequence (`"\u0069d"` is `id`), or text that ends early.
 */

/** `TimeGenerated` as the row holds it (the last one, as `JSON.parse` keeps). */
export type TimeGeneratedText =
  | { readonly kind: 'absent' }
  | { readonly kind: 'null' }
  /** A string without escape sequences: its characters. */
  | { readonly kind: 'string'; readonly text: string }
  /** A string with escape sequences, a number, a boolean, an object or an array. */
  | { readonly kind: 'other'; readonly escaped: boolean };

export interface RowMembers {
  /** Member names in the order of the text, a repeated name as often as it appears. */
  readonly names: readonly string[];
  readonly timeGenerated: TimeGeneratedText;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index after the string whose opening quote is at `i`, or -1 when it does not end. */
function skipString(text: string, i: number): number {
  let j = i;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return j + 1;
  }
}

/** The index after the value that starts at `i`, or -1 when the text ends first. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) {
        j = skipString(text, j);
        if (j === -1) return -1;
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    j++;
  }
  return j === i ? -1 : j;
}

function timeGeneratedOf(text: string, start: number, end: number): TimeGeneratedText {
  const value = text.slice(start, end);
  if (value === 'null') return { kind: 'null' };
  if (text.charCodeAt(start) !== QUOTE) return { kind: 'other', escaped: false };
  const inner = value.slice(1, -1);
  return inner.includes('\\') ? { kind: 'other', escaped: true } : { kind: 'string', text: inner };
}

/** The members of the JSON object `text`, or undefined when it is not one this reader decides. */
export function rowMembers(text: string): RowMembers | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipSpace(text, i + 1);
  const names: string[] = [];
  let timeGenerated: TimeGeneratedText = { kind: 'absent' };
  if (text.charCodeAt(i) === CLOSE_BRACE) return { names, timeGenerated };
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const nameEnd = skipString(text, i);
    if (nameEnd === -1) return undefined;
    const name = text.slice(i + 1, nameEnd - 1);
    if (name.includes('\\')) return undefined;
    i = skipSpace(text, nameEnd);
    if (text.charCodeAt(i) !== COLON) return undefined;
    const valueStart = skipSpace(text, i + 1);
    const valueEnd = skipValue(text, valueStart);
    if (valueEnd === -1) return undefined;
    if (name === 'TimeGenerated') timeGenerated = timeGeneratedOf(text, valueStart, valueEnd);
    names.push(name);
    i = skipSpace(text, valueEnd);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return { names, timeGenerated };
    if (c !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
}
