/**
 * What every wire-format parser returns instead of throwing: a `ParseError` that names the format,
 * the offset in the input where the parser stopped (in UTF-16 code units of the string it was
 * given, or bytes for a byte input) and the reason. Parsers are strict: input that does not follow
 * the grammar, or that decodes to an event `validateEvent` rejects, is an error, never a guess.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';

/** The wire formats that have a parser back to canonical. */
export type WireFormatName = 'cef' | 'leef' | 'syslog5424' | 'syslog3164' | 'framing';

export class ParseError extends Error {
  override readonly name = 'ParseError';

  constructor(
    readonly format: WireFormatName,
    /** Where in the input the parser stopped. */
    readonly offset: number,
    /** Why, without the input itself (it may hold anything). */
    readonly reason: string,
  ) {
    super(`${format}: at offset ${offset}: ${reason}`);
  }
}

export type ParseResult<T = CanonicalEvent> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ParseError };

export function parsed<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function failed<T = never>(format: WireFormatName, offset: number, reason: string): ParseResult<T> {
  return { ok: false, error: new ParseError(format, offset, reason) };
}
