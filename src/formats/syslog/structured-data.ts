/**
 * STRUCTURED-DATA (RFC 5424 §6.3): one SD-ELEMENT `siemkit@<enterprise number>` that repeats the
 * key facts of the event as SD-PARAMs, so a receiver can route and filter without reading the body.
 *
 * SD-ID: a private SD-ID must be `name@<IANA Private Enterprise Number>` (§6.3.2, §7.2.2); the
 * default 32473 is the number reserved for documentation (RFC 5612). A deployment with its own
 * PEN configures it.
 *
 * PARAM-VALUE (§6.3.3): `"`, `\` and `]` are escaped with a backslash; nothing else is, and a
 * backslash before any other character is literal. RFC 5424 has no escape for a line break, NUL,
 * or a lone surrogate (which UTF-8 cannot carry), so a value holding CR, LF, NUL or a lone
 * surrogate is left out of the SD (the body carries it exactly) rather than altered: every
 * SD-PARAM present is an exact copy of the event's value. (syslog-ng, for one, renders a NUL in a
 * PARAM-VALUE as the four characters `\x00`.)
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { ParseResult, WireFormatName } from '../parse-error.js';
import { failed, parsed } from '../parse-error.js';
import { NILVALUE, runEnd } from './header-field.js';

/** The documentation Private Enterprise Number (RFC 5612): the SD-ID is `siemkit@32473` unless configured. */
export const DEFAULT_ENTERPRISE_NUMBER = 32473;

/** The SD-ID of siemkit's element for an enterprise number (a non-negative integer). */
export function structuredDataId(enterpriseNumber: number): string {
  if (!Number.isSafeInteger(enterpriseNumber) || enterpriseNumber < 0) throw new RangeError(`enterprise number must be a non-negative integer, got ${String(enterpriseNumber)}`);
  return `siemkit@${enterpriseNumber}`;
}

/** SD-IDs siemkit reads as its own: `siemkit@` and any enterprise number. */
export const SIEMKIT_SD_ID = /^siemkit@(?:0|[1-9]\d*)$/;

/** One SD-PARAM of siemkit's element: its name and the event value it repeats. */
export interface SdParam {
  readonly name: string;
  readonly value: (event: CanonicalEvent) => string | undefined;
}

/** The SD-PARAMs of siemkit's element, in the order they are written. */
export const SD_PARAMS: readonly SdParam[] = [
  { name: 'event_id', value: (e) => e.event_id },
  { name: 'tenant_id', value: (e) => e.tenant_id },
  { name: 'category', value: (e) => e.category },
  { name: 'action', value: (e) => e.action },
  { name: 'outcome', value: (e) => e.outcome },
  { name: 'severity', value: (e) => e.severity },
  { name: 'actor_type', value: (e) => e.actor.type },
  { name: 'actor_id', value: (e) => e.actor.id },
  { name: 'resource_type', value: (e) => e.resource?.type },
  { name: 'resource_id', value: (e) => e.resource?.id },
  { name: 'source_ip', value: (e) => e.source?.ip },
];

/**
 * ` name="` before the first param written, and `" name="` (the previous value's closing quote
 * with it) before each later one: one concatenation per param fewer.
 */
const FIRST_OPENINGS = SD_PARAMS.map((p) => ` ${p.name}="`);
const NEXT_OPENINGS = SD_PARAMS.map((p) => `" ${p.name}="`);

const ESCAPED = /["\\\]]/g;
/** Any character `paramValue` must look at: one to escape, one that cannot be carried, or half of a surrogate pair. */
const NOT_PLAIN = /["\\\]\r\n\0\ud800-\udfff]/;

/**
 * A value as PARAM-VALUE text, with `"`, `\` and `]` escaped (RFC 5424 §6.3.3), or undefined when
 * it holds what a PARAM-VALUE cannot carry exactly: CR, LF, NUL or a lone surrogate. One pass over
 * the value; no copy when nothing needs escaping.
 */
export function paramValue(value: string): string | undefined {
  // Nearly every value is plain: one regular-expression test (compiled to machine code) is faster
  // than the loop below.
  if (!NOT_PLAIN.test(value)) return value;
  let escapes = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 34 || c === 92 || c === 93) escapes++;
    else if (c === 13 || c === 10 || c === 0) return undefined;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return undefined;
      i++;
    }
  }
  return escapes === 0 ? value : value.replace(ESCAPED, '\\$&');
}

/** Whether a value goes into the SD (see the top of this file). */
export const carriedInParamValue = (value: string): boolean => paramValue(value) !== undefined;

/** RFC 5424 §6.3.3: `"`, `\` and `]` get a backslash (for a value known to be carried). */
export const escapeParamValue = (value: string): string => value.replace(ESCAPED, '\\$&');

/** The values siemkit's SD element holds for an event: every SD_PARAMS value that is present and carried. */
export function structuredDataParams(event: CanonicalEvent): [name: string, value: string][] {
  const out: [string, string][] = [];
  for (const p of SD_PARAMS) {
    const v = p.value(event);
    if (v !== undefined && carriedInParamValue(v)) out.push([p.name, v]);
  }
  return out;
}

/** STRUCTURED-DATA of an event: `[siemkit@32473 event_id="..." ...]`. */
export function encodeStructuredData(event: CanonicalEvent, sdId: string): string {
  let out = `[${sdId}`;
  let openings = FIRST_OPENINGS;
  for (let i = 0; i < SD_PARAMS.length; i++) {
    const v = (SD_PARAMS[i] as SdParam).value(event);
    const text = v === undefined ? undefined : paramValue(v);
    if (text === undefined) continue;
    out += (openings[i] as string) + text;
    openings = NEXT_OPENINGS;
  }
  return openings === FIRST_OPENINGS ? `${out}]` : `${out}"]`;
}

export interface SdElement {
  readonly id: string;
  /** PARAM-NAME and unescaped PARAM-VALUE pairs, in order (a name may repeat, §6.3.3). */
  readonly params: readonly (readonly [name: string, value: string])[];
  /** Where the element's `[` is. */
  readonly offset: number;
}

export interface ReadStructuredData {
  /** Empty for NILVALUE. */
  readonly elements: readonly SdElement[];
  /** The offset just after the last `]` (or the `-`). */
  readonly end: number;
}

/** SD-NAME characters (§6): PRINTUSASCII except `=`, SP, `]`, `"`; one more than the 32 allowed is enough to see a name is too long. */
const SD_NAME_RUN = /[!#-<>-\\^-~]{0,33}/y;
/** PARAM-VALUE characters that need no look: all but `"`, `\` and `]`. */
const PLAIN_VALUE_RUN = /[^"\\\]]*/y;

/** SD-NAME (§6): 1-32 PRINTUSASCII except `=`, SP, `]`, `"`. Returns the end offset (at most 33 past `start`). */
const sdNameEnd = (text: string, start: number): number => runEnd(SD_NAME_RUN, text, start);

/**
 * Reads STRUCTURED-DATA at `start` (RFC 5424 §6.3), strictly: SD-NAMEs of 1-32 allowed
 * characters, `"`, `\` and `]` escaped inside values (a raw `]` is an error; a backslash before any
 * other character is literal), no SD-ID twice (§6.3.2).
 */
export function readStructuredData(text: string, start: number, format: WireFormatName): ParseResult<ReadStructuredData> {
  if (text.charCodeAt(start) === 45 /* - */) return parsed({ elements: [], end: start + 1 });
  if (text.charCodeAt(start) !== 91 /* [ */) return failed(format, start, 'expected STRUCTURED-DATA: "-" or "["');
  const elements: SdElement[] = [];
  let i = start;
  while (text.charCodeAt(i) === 91) {
    const offset = i;
    const idEnd = sdNameEnd(text, i + 1);
    if (idEnd === i + 1) return failed(format, i + 1, 'SD-ID must be 1-32 printable ASCII characters other than =, space, ] and "');
    if (idEnd - (i + 1) > 32) return failed(format, i + 1, 'SD-ID is longer than 32 characters');
    const id = text.slice(i + 1, idEnd);
    for (const e of elements) if (e.id === id) return failed(format, i + 1, `SD-ID "${id}" appears twice (RFC 5424 §6.3.2)`);
    i = idEnd;
    const params: [string, string][] = [];
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 93 /* ] */) {
        i++;
        break;
      }
      if (c !== 32) return failed(format, i, i >= text.length ? 'STRUCTURED-DATA ends inside an SD-ELEMENT' : 'expected a space and an SD-PARAM, or "]"');
      const nameStart = i + 1;
      const nameEnd = sdNameEnd(text, nameStart);
      if (nameEnd === nameStart) return failed(format, nameStart, 'PARAM-NAME must be 1-32 printable ASCII characters other than =, space, ] and "');
      if (nameEnd - nameStart > 32) return failed(format, nameStart, 'PARAM-NAME is longer than 32 characters');
      if (text.charCodeAt(nameEnd) !== 61 || text.charCodeAt(nameEnd + 1) !== 34) return failed(format, nameEnd, 'expected =" after PARAM-NAME');
      // PARAM-VALUE: copy runs between escapes.
      let value = '';
      let run = nameEnd + 2;
      let j = run;
      for (;;) {
        j = runEnd(PLAIN_VALUE_RUN, text, j);
        if (j >= text.length) return failed(format, j, 'PARAM-VALUE has no closing quote');
        const v = text.charCodeAt(j);
        if (v === 34) break;
        if (v === 93) return failed(format, j, 'PARAM-VALUE holds an unescaped "]" (RFC 5424 §6.3.3)');
        if (v === 92 /* \ */) {
          const next = text.charCodeAt(j + 1);
          if (next === 34 || next === 92 || next === 93) {
            value += text.slice(run, j);
            run = j + 1;
            j += 2;
            continue;
          }
        }
        j++; // a backslash before any other character is literal
      }
      value += text.slice(run, j);
      params.push([text.slice(nameStart, nameEnd), value]);
      i = j + 1;
    }
    elements.push({ id, params, offset });
  }
  return parsed({ elements, end: i });
}

/** NILVALUE or the elements, for tests and tools that write STRUCTURED-DATA of their own. */
export function writeStructuredData(elements: readonly Pick<SdElement, 'id' | 'params'>[]): string {
  if (elements.length === 0) return NILVALUE;
  return elements.map((e) => `[${e.id}${e.params.map(([n, v]) => ` ${n}="${escapeParamValue(v)}"`).join('')}]`).join('');
}
