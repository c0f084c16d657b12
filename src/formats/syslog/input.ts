/**
 * Syslog messages arrive as text or as bytes. Bytes must be UTF-8 (the header is ASCII, SD values
 * are UTF-8 by RFC 5424 §6.3.3, and the MSG is UTF-8 after its BOM, §6.4); the parsers work on the
 * decoded text and report offsets in the unit of their input: UTF-16 code units for a string,
 * bytes for a Buffer (`ParseError`).
 */
import type { ParseResult, WireFormatName } from '../parse-error.js';
import { failed, ParseError } from '../parse-error.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629 §4:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or -1 when all of `bytes` is UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Runs a text parser (with its argument) on a message given as text or UTF-8 bytes, with offsets in the input's unit. */
export function parseInput<T, A = undefined>(message: string | Uint8Array, format: WireFormatName, parse: (text: string, arg: A) => ParseResult<T>, arg?: A): ParseResult<T> {
  if (typeof message === 'string') return parse(message, arg as A);
  if (!(message instanceof Uint8Array)) return failed(format, 0, 'a message is a string or a Buffer');
  let text: string;
  try {
    text = UTF8.decode(message);
  } catch {
    return failed(format, Math.max(0, firstInvalidUtf8(message)), 'the message is not valid UTF-8');
  }
  const result = parse(text, arg as A);
  if (result.ok) return result;
  const { error } = result;
  return { ok: false, error: new ParseError(error.format, Buffer.byteLength(text.slice(0, error.offset), 'utf8'), error.reason) };
}
