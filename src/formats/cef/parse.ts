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
import { KeyTable, keyHashStep } from '../key-table.js';
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

/** The header fields and where the extension starts, or a failure. */
function readHeader(input: string): ParseResult<{ line: string; fields: string[]; from: number }> {
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
  if (!/^(?:0|1)$/.test(fields[0] as string)) return failed('cef', start + 4, `CEF version "${(fields[0] as string).slice(0, 10)}" is not 0 or 1`);
  return parsed({ line, fields, from });
}

/** Reads the header and the extension of a CEF line, without making an event of it. */
export function readCef(input: string): ParseResult<CefRecord> {
  const header = readHeader(input);
  if (!header.ok) return header;
  const { line, fields, from } = header.value;
  const [version, vendor, product, productVersion, signatureId, name, severity] = fields as [string, string, string, string, string, string, string];
  const pairs = scanExtension(line, from);
  if (typeof pairs !== 'number') return failed('cef', pairs[0], pairs[1]);
  const extension = new Map<string, string>();
  for (let p = 0; p < pairs; p++) {
    const key = line.slice(SCAN.keyStart[p], SCAN.keyEnd[p]);
    if (extension.has(key)) return failed('cef', SCAN.keyStart[p] as number, `key ${key} appears twice`);
    extension.set(key, SCAN.values[p] as string);
  }
  return parsed({ version: Number(version), vendor, product, productVersion, signatureId, name, severity, extension });
}

/** Whether `c` may be in a key: `[A-Za-z0-9_]`. */
const isKeyChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/**
 * The pairs `scanExtension` found: where each key is in the line, its hash, and the unescaped
 * value. Kept from call to call (a parse is synchronous), so that a line costs no arrays and no key
 * strings of its own.
 */
const SCAN = { keyStart: [] as number[], keyEnd: [] as number[], keyHash: [] as number[], values: [] as string[] };

/**
 * Reads `key=value( key=value)*` from `start` into SCAN; returns the number of pairs, or
 * [offset, reason] on error. Keys are checked for their characters; whether they are known, and
 * used once, is for the caller.
 */
function scanExtension(line: string, start: number): number | [number, string] {
  if (start === line.length) return 0;
  const lf = line.indexOf('\n', start);
  const cr = line.indexOf('\r', start);
  if (lf !== -1 || cr !== -1) return [lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr), 'a raw line break inside the extension'];
  // The next backslash at or after the scan position, found once and kept until the scan passes
  // it (a value without escapes must not cost a search to the end of the line).
  let escapeAt = line.indexOf('\\', start);
  let keyStart = start;
  let eq = line.indexOf('=', keyStart);
  // The first key is checked and hashed here; each later one while looking back from its "=" for
  // the space before it.
  let keyOk = eq > keyStart;
  let hash = 0;
  for (let k = eq - 1; k >= keyStart && keyOk; k--) {
    const c = line.charCodeAt(k);
    keyOk = isKeyChar(c);
    hash = keyHashStep(hash, c);
  }
  let count = 0;
  while (keyStart < line.length) {
    if (eq === -1) return [keyStart, 'an extension key without "="'];
    if (!keyOk) return [keyStart, `"${line.slice(keyStart, Math.min(eq, keyStart + 40))}" is not an extension key`];
    // The value runs to the space before the next unescaped "=" 's key, or to the end.
    let value = '';
    let segment = eq + 1;
    let next = line.length;
    let nextEq = line.indexOf('=', segment);
    let nextHash = 0;
    let nextOk = true;
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
      for (; space >= segment; space--) {
        const c = line.charCodeAt(space);
        if (c === 32) break;
        nextOk &&= isKeyChar(c);
        nextHash = keyHashStep(nextHash, c);
      }
      if (space < segment) return [nextEq, 'an unescaped "=" inside a value'];
      value += line.slice(segment, space);
      next = space + 1;
      nextOk &&= next < nextEq;
      break;
    }
    SCAN.keyStart[count] = keyStart;
    SCAN.keyEnd[count] = eq;
    SCAN.keyHash[count] = hash;
    SCAN.values[count] = value;
    count++;
    keyStart = next;
    // No "=" lies between the next key and the "=" that ended this value.
    eq = nextEq;
    hash = nextHash;
    keyOk = nextOk;
  }
  return count;
}

/** What a key of our lines is, for parseCef: a dictionary key (carrying field `field` of CEF_FIELDS, or none: -1), the label of a labelled key, or the rest. */
type KeyRole = { readonly key: string; readonly kind: 'dictionary'; readonly def: CefKey; readonly field: number } | { readonly key: string; readonly kind: 'label'; readonly label: string; readonly of: string } | { readonly key: string; readonly kind: 'rest' };

const ROLE_LIST: readonly KeyRole[] = ([
  ...CEF_DICTIONARY.map((def): KeyRole => ({ key: def.key, kind: 'dictionary', def, field: CEF_FIELDS.findIndex((f) => f.key === def.key) })),
  // A label key is checked as a label even where the dictionary also defines it (cs1Label...).
  ...[...LABELS].map(([key, label]): KeyRole => ({ key: `${key}Label`, kind: 'label', label, of: key })),
  { key: REST_KEY, kind: 'rest' },
] as KeyRole[]).filter((role, i, all) => !all.some((r, j) => j > i && r.key === role.key));

/** The roles' keys, found by position in a line (index r is ROLE_LIST[r]), with the ones each line used. */
const ROLE_KEYS = new KeyTable(ROLE_LIST.map((role) => role.key));

const roleIndex = (key: string): number => ROLE_LIST.findIndex((r) => r.key === key);
const RT_ROLE = roleIndex('rt');
const REST_ROLE = roleIndex(REST_KEY);
/** Labelled keys and their label keys, as role indexes, for the check that every labelled key has its label. */
const LABEL_ROLES: readonly (readonly [number, number])[] = [...LABELS.keys()].map((key) => [roleIndex(key), roleIndex(`${key}Label`)]);

export function parseCef(input: string, options: CefParseOptions = {}): ParseResult<CanonicalEvent> {
  if (typeof input !== 'string') return failed('cef', 0, 'input is not a string');
  const header = readHeader(input);
  if (!header.ok) return header;
  const { line, fields, from } = header.value;
  const severityText = fields[6] as string;
  const severity = severityOfText(severityText);
  if (severity === undefined) return failed('cef', 0, `severity "${severityText.slice(0, 20)}" is not 0-10 or Low, Medium, High, Very-High, Unknown`);
  const pairs = scanExtension(line, from);
  if (typeof pairs !== 'number') return failed('cef', pairs[0], pairs[1]);
  ROLE_KEYS.startLine();
  // The rest: cs6's part (wherever cs6 stands), then siemkitRest2, siemkitRest3... in line order.
  let restHead = '';
  let restTail = '';
  let restParts = 1;
  let rt: string | undefined;
  const texts: (string | undefined)[] = new Array<string | undefined>(CEF_FIELDS.length).fill(undefined);
  for (let p = 0; p < pairs; p++) {
    const keyStart = SCAN.keyStart[p] as number;
    const keyEnd = SCAN.keyEnd[p] as number;
    const value = SCAN.values[p] as string;
    const r = ROLE_KEYS.find(line, keyStart, keyEnd, SCAN.keyHash[p] as number);
    if (r === -1) {
      const key = line.slice(keyStart, keyEnd);
      if (!key.startsWith(REST_MORE_PREFIX)) return failed('cef', 0, `key ${key} is not in the CEF dictionary`);
      if (key !== `${REST_MORE_PREFIX}${restParts + 1}`) return failed('cef', 0, `key ${key} is out of sequence`);
      restParts++;
      restTail += value;
      continue;
    }
    if (!ROLE_KEYS.use(r)) return failed('cef', keyStart, `key ${(ROLE_LIST[r] as KeyRole).key} appears twice`);
    const role = ROLE_LIST[r] as KeyRole;
    if (role.kind === 'label') {
      if (role.label !== value) return failed('cef', 0, `${role.key} is "${value.slice(0, 40)}", not "${role.label}"`);
    } else if (role.kind === 'rest') {
      restHead = value;
    } else {
      const { maxLength } = role.def;
      if (maxLength !== undefined && value.length > maxLength && codePointLength(value) > maxLength) return failed('cef', 0, `key ${role.key} holds ${codePointLength(value)} characters, over its ${maxLength}`);
      if (role.field !== -1) texts[role.field] = value;
      else if (r === RT_ROLE) rt = value;
    }
  }
  for (const [key, label] of LABEL_ROLES) if (ROLE_KEYS.used(key) && !ROLE_KEYS.used(label)) return failed('cef', 0, `key ${(ROLE_LIST[key] as KeyRole).key} has no ${(ROLE_LIST[label] as KeyRole).key}`);
  if (restParts > 1 && !ROLE_KEYS.used(REST_ROLE)) return failed('cef', 0, `key ${REST_MORE_PREFIX}2 without ${REST_KEY}`);
  const restText = restHead + restTail;
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
