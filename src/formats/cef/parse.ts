/**
 * `parseCef`: a CEF line (with or without a syslog header, with or without its line ending) back
 * to the canonical event `encodeCef` wrote. Strict: the header must have its seven fields, escapes
 * must be the standard's, each key known (dictionary.ts, or the rest keys), used once, within its
 * length, and the event must pass `validateEvent`. Never throws: failures are `ParseError`s with
 * the offset where reading stopped.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { codePointLength } from '../../../schemas/formats/code-points.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { validateEvent } from '../../validate/canonical.js';
import { joinTexts } from '../carried-fields.js';
import type { ParseResult } from '../parse-error.js';
import { failed, parsed } from '../parse-error.js';
import { severityOfText } from '../severity-scale.js';
import { afterSyslogPrefix } from '../syslog-prefix.js';
import { isoOfEpochMs } from '../epoch-ms.js';
import type { CefKey } from './dictionary.js';
import { CEF_DICTIONARY } from './dictionary.js';
import { CEF_FIELDS, CUSTOM_LABELS, IPV6_SOURCE_KEY, IPV6_SOURCE_LABEL, REST_KEY, REST_LABEL, REST_MORE_PREFIX } from './fields.js';

export interface CefParseOptions {
  /** Validation of the event uses this registry. Default: the built-in one. */
  readonly registry?: EventTypeRegistry;
}

/** What the header holds, for readers that want it (`readCef`). */
export interface CefRecord {
  readonly version: number;
  readonly vendor: string;
  readonly product: string;
  readonly productVersion: string;
  readonly signatureId: string;
  readonly name: string;
  readonly severity: string;
  /** Extension keys and their unescaped values, in line order. */
  readonly extension: ReadonlyMap<string, string>;
}

const LABELS: ReadonlyMap<string, string> = new Map([...CUSTOM_LABELS, [IPV6_SOURCE_KEY, IPV6_SOURCE_LABEL], [REST_KEY, REST_LABEL]]);

function unescapeHeader(text: string, base: number): string | [number, string] {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = text[++i];
    if (n === '\\' || n === '|') out += n;
    else if (n === 'n') out += '\n';
    else if (n === 'r') out += '\r';
    else return [base + i - 1, `"\\${n ?? ''}" is not a CEF header escape (\\\\, \\|)`];
  }
  return out;
}

/** Reads the header and the extension of a CEF line, without making an event of it. */
export function readCef(input: string): ParseResult<CefRecord> {
  let line = input;
  if (line.endsWith('\n')) line = line.slice(0, line.endsWith('\r\n') ? -2 : -1);
  const start = afterSyslogPrefix(line, 'CEF:');
  if (typeof start === 'string') return failed('cef', 0, start);
  // Header: CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|
  const fields: string[] = [];
  let i = start + 4;
  let from = i;
  while (fields.length < 7) {
    if (i >= line.length) return failed('cef', i, `the header has ${fields.length + 1} of its 8 fields`);
    const c = line.charCodeAt(i);
    if (c === 92) {
      // A backslash escapes the next character; one that ends the line escapes nothing.
      if (i + 1 >= line.length) return failed('cef', i, 'the line ends inside an escape (a lone \\ at its end)');
      i += 2;
    } else if (c === 124) {
      const raw = line.slice(from, i);
      const text = unescapeHeader(raw, from);
      if (typeof text !== 'string') return failed('cef', text[0], text[1]);
      fields.push(text);
      from = ++i;
    } else i++;
  }
  const [version, vendor, product, productVersion, signatureId, name, severity] = fields as [string, string, string, string, string, string, string];
  if (!/^(?:0|1)$/.test(version)) return failed('cef', start + 4, `CEF version "${version.slice(0, 10)}" is not 0 or 1`);
  const extension = new Map<string, string>();
  const ext = readExtension(line, from, extension);
  if (ext !== undefined) return failed('cef', ext[0], ext[1]);
  return parsed({ version: Number(version), vendor, product, productVersion, signatureId, name, severity, extension });
}

/** Whether `line` from `start` to `end` is a key: `[A-Za-z0-9_]+`. */
function isKey(line: string, start: number, end: number): boolean {
  if (start === end) return false;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/** Reads `key=value( key=value)*` from `start`; returns [offset, reason] on error. */
function readExtension(line: string, start: number, out: Map<string, string>): [number, string] | undefined {
  if (start === line.length) return undefined;
  const lf = line.indexOf('\n', start);
  const cr = line.indexOf('\r', start);
  if (lf !== -1 || cr !== -1) return [lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr), 'a raw line break inside the extension'];
  // The next backslash at or after the scan position, found once and kept until the scan passes
  // it (a value without escapes must not cost a search to the end of the line).
  let escapeAt = line.indexOf('\\', start);
  let keyStart = start;
  let eq = line.indexOf('=', keyStart);
  while (keyStart < line.length) {
    if (eq === -1) return [keyStart, 'an extension key without "="'];
    const key = line.slice(keyStart, eq);
    if (!isKey(line, keyStart, eq)) return [keyStart, `"${key.slice(0, 40)}" is not an extension key`];
    // The value runs to the space before the next unescaped "=" 's key, or to the end.
    let value = '';
    let segment = eq + 1;
    let next = line.length;
    let nextEq = line.indexOf('=', segment);
    for (;;) {
      if (escapeAt !== -1 && escapeAt < segment) escapeAt = line.indexOf('\\', segment);
      if (escapeAt !== -1 && (nextEq === -1 || escapeAt < nextEq)) {
        const n = line[escapeAt + 1];
        value += line.slice(segment, escapeAt);
        if (n === '\\' || n === '=' || n === '|') value += n;
        else if (n === 'n') value += '\n';
        else if (n === 'r') value += '\r';
        else return [escapeAt, `"\\${n ?? ''}" is not a CEF extension escape (\\\\, \\=, \\n, \\r)`];
        segment = escapeAt + 2;
        if (nextEq !== -1 && nextEq < segment) nextEq = line.indexOf('=', segment);
        continue;
      }
      if (nextEq === -1) {
        value += line.slice(segment);
        break;
      }
      // An unescaped "=": the last space before it starts the next key.
      let space = nextEq - 1;
      while (space >= segment && line.charCodeAt(space) !== 32) space--;
      if (space < segment) return [nextEq, 'an unescaped "=" inside a value'];
      value += line.slice(segment, space);
      next = space + 1;
      break;
    }
    // One lookup: a key seen before leaves the size as it was (the map is dropped on error).
    const size = out.size;
    if (out.set(key, value).size === size) return [keyStart, `key ${key} appears twice`];
    keyStart = next;
    // No "=" lies between the next key and the "=" that ended this value.
    eq = nextEq;
  }
  return undefined;
}

/** What a key of our lines is, for parseCef: the label of a labelled key, the rest, or a dictionary key. */
type KeyRole = { readonly label: string; readonly of: string } | { readonly rest: true } | { readonly def: CefKey; readonly field: number };

const ROLES: ReadonlyMap<string, KeyRole> = new Map<string, KeyRole>([
  // `field`: the index in CEF_FIELDS of the field this key carries, -1 for none.
  ...CEF_DICTIONARY.map((def): [string, KeyRole] => [def.key, { def, field: CEF_FIELDS.findIndex((f) => f.key === def.key) }]),
  // A label key is checked as a label even where the dictionary also defines it (cs1Label...).
  ...[...LABELS].map(([key, label]): [string, KeyRole] => [`${key}Label`, { label, of: key }]),
  [REST_KEY, { rest: true }],
]);
/** Labelled keys and their label keys, for the check that every labelled key has its label. */
const LABEL_KEYS: readonly (readonly [string, string])[] = [...LABELS.keys()].map((key) => [key, `${key}Label`]);

export function parseCef(input: string, options: CefParseOptions = {}): ParseResult<CanonicalEvent> {
  if (typeof input !== 'string') return failed('cef', 0, 'input is not a string');
  const read = readCef(input);
  if (!read.ok) return read;
  const { extension } = read.value;
  const severity = severityOfText(read.value.severity);
  if (severity === undefined) return failed('cef', 0, `severity "${read.value.severity.slice(0, 20)}" is not 0-10 or Low, Medium, High, Very-High, Unknown`);
  let restText = '';
  const texts: (string | undefined)[] = new Array<string | undefined>(CEF_FIELDS.length).fill(undefined);
  for (const [key, value] of extension) {
    const role = ROLES.get(key);
    if (role !== undefined && 'label' in role) {
      if (role.label !== value) return failed('cef', 0, `${key} is "${value.slice(0, 40)}", not "${role.label}"`);
      continue;
    }
    if (role !== undefined && 'rest' in role) {
      restText = value + restText;
      continue;
    }
    if (key.startsWith(REST_MORE_PREFIX)) {
      const n = Number(key.slice(REST_MORE_PREFIX.length));
      if (!Number.isInteger(n) || n < 2 || extension.get(`${REST_MORE_PREFIX}${n - 1}`) === undefined && n > 2) return failed('cef', 0, `key ${key} is out of sequence`);
      restText += value;
      continue;
    }
    if (role === undefined) return failed('cef', 0, `key ${key} is not in the CEF dictionary`);
    const { maxLength } = role.def;
    if (maxLength !== undefined && value.length > maxLength && codePointLength(value) > maxLength) return failed('cef', 0, `key ${key} holds ${codePointLength(value)} characters, over its ${maxLength}`);
    if (role.field !== -1) texts[role.field] = value;
  }
  for (const [key, labelKey] of LABEL_KEYS) if (extension.has(key) && !extension.has(labelKey)) return failed('cef', 0, `key ${key} has no ${labelKey}`);
  let rest: Record<string, unknown> | undefined;
  if (restText !== '') {
    try {
      const doc = JSON.parse(restText) as unknown;
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return failed('cef', 0, `${REST_KEY} (${REST_LABEL}) is not a JSON object`);
      rest = doc as Record<string, unknown>;
    } catch {
      return failed('cef', 0, `${REST_KEY} (${REST_LABEL}) is not JSON`);
    }
  }
  const joined = joinTexts(texts, CEF_FIELDS, rest);
  if (typeof joined === 'string') return failed('cef', 0, joined);
  if (joined.timestamp === undefined) {
    const rt = extension.get('rt');
    if (rt === undefined || !/^-?\d{1,16}$/.test(rt)) return failed('cef', 0, 'no event time: rt (epoch milliseconds) is missing or not a number');
    const timestamp = isoOfEpochMs(Number(rt));
    if (timestamp === undefined) return failed('cef', 0, `rt ${rt} is out of range`);
    joined.timestamp = timestamp;
  }
  joined.severity = severity;
  const checked = validateEvent(joined, options.registry !== undefined ? { registry: options.registry } : {});
  if (!checked.valid) {
    const f = checked.errors[0];
    return failed('cef', 0, `the event is not valid: ${f?.path || '/'}: ${f?.message ?? ''}`);
  }
  return parsed(joined as unknown as CanonicalEvent);
}
