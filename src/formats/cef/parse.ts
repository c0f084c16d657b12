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
import { joinEvent } from '../carried-fields.js';
import type { ParseResult } from '../parse-error.js';
import { failed, parsed } from '../parse-error.js';
import { severityOfText } from '../severity-scale.js';
import { afterSyslogPrefix } from '../syslog-prefix.js';
import { cefKey } from './dictionary.js';
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

const KEY = /^[A-Za-z0-9_]+$/;
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
    if (c === 92) i += 2;
    else if (c === 124) {
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

/** Reads `key=value( key=value)*` from `start`; returns [offset, reason] on error. */
function readExtension(line: string, start: number, out: Map<string, string>): [number, string] | undefined {
  if (start === line.length) return undefined;
  const lineBreak = line.slice(start).search(/[\r\n]/);
  if (lineBreak !== -1) return [start + lineBreak, 'a raw line break inside the extension'];
  let keyStart = start;
  while (keyStart < line.length) {
    const eq = line.indexOf('=', keyStart);
    if (eq === -1) return [keyStart, 'an extension key without "="'];
    const key = line.slice(keyStart, eq);
    if (!KEY.test(key)) return [keyStart, `"${key.slice(0, 40)}" is not an extension key`];
    // The value runs to the space before the next unescaped "=" 's key, or to the end.
    let value = '';
    let segment = eq + 1;
    let next = line.length;
    let i = segment;
    for (;;) {
      const nextEq = line.indexOf('=', i);
      const nextEscape = line.indexOf('\\', i);
      if (nextEscape !== -1 && (nextEq === -1 || nextEscape < nextEq)) {
        const n = line[nextEscape + 1];
        value += line.slice(segment, nextEscape);
        if (n === '\\' || n === '=' || n === '|') value += n;
        else if (n === 'n') value += '\n';
        else if (n === 'r') value += '\r';
        else return [nextEscape, `"\\${n ?? ''}" is not a CEF extension escape (\\\\, \\=, \\n, \\r)`];
        i = segment = nextEscape + 2;
        continue;
      }
      if (nextEq === -1) {
        value += line.slice(segment);
        break;
      }
      // An unescaped "=": the last space before it starts the next key.
      const space = line.lastIndexOf(' ', nextEq);
      if (space < segment) return [nextEq, 'an unescaped "=" inside a value'];
      value += line.slice(segment, space);
      next = space + 1;
      break;
    }
    if (out.has(key)) return [keyStart, `key ${key} appears twice`];
    out.set(key, value);
    keyStart = next;
  }
  return undefined;
}

export function parseCef(input: string, options: CefParseOptions = {}): ParseResult<CanonicalEvent> {
  if (typeof input !== 'string') return failed('cef', 0, 'input is not a string');
  const read = readCef(input);
  if (!read.ok) return read;
  const { extension } = read.value;
  const severity = severityOfText(read.value.severity);
  if (severity === undefined) return failed('cef', 0, `severity "${read.value.severity.slice(0, 20)}" is not 0-10 or Low, Medium, High, Very-High, Unknown`);
  let restText = '';
  const values = new Map<string, string>();
  for (const [key, value] of extension) {
    if (key.endsWith('Label') && LABELS.has(key.slice(0, -5))) {
      if (LABELS.get(key.slice(0, -5)) !== value) return failed('cef', 0, `${key} is "${value.slice(0, 40)}", not "${LABELS.get(key.slice(0, -5))}"`);
      continue;
    }
    if (key === REST_KEY) {
      restText = value + restText;
      continue;
    }
    if (key.startsWith(REST_MORE_PREFIX)) {
      const n = Number(key.slice(REST_MORE_PREFIX.length));
      if (!Number.isInteger(n) || n < 2 || extension.get(`${REST_MORE_PREFIX}${n - 1}`) === undefined && n > 2) return failed('cef', 0, `key ${key} is out of sequence`);
      restText += value;
      continue;
    }
    const def = cefKey(key);
    if (def === undefined) return failed('cef', 0, `key ${key} is not in the CEF dictionary`);
    if (def.maxLength !== undefined && value.length > def.maxLength && codePointLength(value) > def.maxLength) return failed('cef', 0, `key ${key} holds ${codePointLength(value)} characters, over its ${def.maxLength}`);
    if (key !== 'rt') values.set(key, value);
  }
  for (const [key] of LABELS) if (extension.has(key) && !extension.has(`${key}Label`)) return failed('cef', 0, `key ${key} has no ${key}Label`);
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
  const joined = joinEvent(values, CEF_FIELDS, rest);
  if (typeof joined === 'string') return failed('cef', 0, joined);
  if (joined.timestamp === undefined) {
    const rt = extension.get('rt');
    if (rt === undefined || !/^-?\d{1,16}$/.test(rt)) return failed('cef', 0, 'no event time: rt (epoch milliseconds) is missing or not a number');
    const date = new Date(Number(rt));
    if (Number.isNaN(date.getTime())) return failed('cef', 0, `rt ${rt} is out of range`);
    joined.timestamp = date.toISOString();
  }
  joined.severity = severity;
  const checked = validateEvent(joined, options.registry !== undefined ? { registry: options.registry } : {});
  if (!checked.valid) {
    const f = checked.errors[0];
    return failed('cef', 0, `the event is not valid: ${f?.path || '/'}: ${f?.message ?? ''}`);
  }
  return parsed(joined as unknown as CanonicalEvent);
}
