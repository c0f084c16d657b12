/**
 * LEEF has no escape mechanism (fact sheet §9.1): a value simply must not hold the delimiter. So
 * siemkit writes the few characters that would break a line as percent-encoded UTF-8 (RFC 3986
 * §2.1 style, which QRadar's URL-decode and every reader understand): `%` itself (`%25`), CR
 * (`%0D`), LF (`%0A`), the attribute delimiter (a tab is `%09`, `^` is `%5E`), and in header
 * fields `|` (`%7C`). Everything else is written as it is, so most values read as plain text.
 */
import { containsAnyOf } from '../contains-any.js';

function encodeChar(c: string): string {
  let out = '';
  for (const b of Buffer.from(c, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

const NEEDS = new Map<string, (text: string) => boolean>();

/** The test for the characters `percentEncode` must encode (`%`, CR, LF and each character of `special`), made once per `special`. */
function needsEncoding(special: string): (text: string) => boolean {
  let needs = NEEDS.get(special);
  if (needs === undefined) {
    needs = containsAnyOf(['%', '\r', '\n', ...special]);
    NEEDS.set(special, needs);
  }
  return needs;
}

/** Percent-encodes `%`, CR, LF and each character of `special`. */
export function percentEncode(text: string, special: string): string {
  return needsEncoding(special)(text) ? encodeAll(text, special) : text;
}

/** `percentEncode` for one `special`, its test made once (an encoder's hot path). */
export function percentEncoder(special: string): (text: string) => string {
  const needs = needsEncoding(special);
  return (text) => (needs(text) ? encodeAll(text, special) : text);
}

function encodeAll(text: string, special: string): string {
  // Character by character (a special one may be outside the BMP); the runs between go over as slices.
  let out = '';
  let from = 0;
  let at = 0;
  for (const c of text) {
    if (c === '%' || c === '\r' || c === '\n' || special.includes(c)) {
      out += `${text.slice(from, at)}${encodeChar(c)}`;
      from = at + c.length;
    }
    at += c.length;
  }
  return out + text.slice(from);
}

const HEX = /^[0-9A-Fa-f]{2}$/;
/**
 * `ignoreBOM: true` keeps a U+FEFF that starts a run of bytes: by default a TextDecoder takes it
 * for a byte order mark and drops it, and a value encoded with U+FEFF as the delimiter lost it.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes what `percentEncode` wrote; `undefined` for a malformed `%` sequence or bytes that are not UTF-8. */
export function percentDecode(text: string): string | undefined {
  if (!text.includes('%')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('%', i);
    if (at === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at);
    const bytes: number[] = [];
    i = at;
    while (text[i] === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!HEX.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    }
    try {
      out += UTF8.decode(Uint8Array.from(bytes));
    } catch {
      return undefined;
    }
  }
  return out;
}
