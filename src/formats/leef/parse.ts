/**
 * `parseLeef`: a LEEF 2.0 or 1.0 line (with or without a syslog header or line ending) back to
 * the canonical event `encodeLeef` wrote. Strict: five header fields (six in 2.0), `key=value`
 * attributes with keys used once, our percent-encoding decoded, every key known, and the event
 * valid under `validateEvent`. Never throws.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { validateEvent } from '../../validate/canonical.js';
import { joinTexts } from '../carried-fields.js';
import type { ParseResult } from '../parse-error.js';
import { failed, parsed } from '../parse-error.js';
import { severityOfScore } from '../severity-scale.js';
import { afterSyslogPrefix } from '../syslog-prefix.js';
import { isoOfEpochMs } from '../epoch-ms.js';
import { KeyTable } from '../key-table.js';
import { DEFAULT_LEEF_DELIMITER, parseDelimiter } from './delimiter.js';
import { LEEF_FIELDS, REST_KEY } from './fields.js';
import { percentDecode } from './value-encoding.js';

export interface LeefParseOptions {
  readonly registry?: EventTypeRegistry;
}

export interface LeefRecord {
  readonly version: '1.0' | '2.0';
  readonly vendor: string;
  readonly product: string;
  readonly productVersion: string;
  readonly eventId: string;
  readonly delimiter: string;
  readonly attributes: ReadonlyMap<string, string>;
}

/** Whether `line` from `start` to `end` is a key: `[A-Za-z][A-Za-z0-9_]*`. */
function isKey(line: string, start: number, end: number): boolean {
  if (start === end) return false;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (!(letter || (i > start && ((c >= 48 && c <= 57) || c === 95)))) return false;
  }
  return true;
}

/** The first CR or LF at or after `from`, or -1. */
function lineBreakFrom(line: string, from: number): number {
  const lf = line.indexOf('\n', from);
  const cr = line.indexOf('\r', from);
  return lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
}

/** The header of a LEEF line, decoded, and where its attributes start. */
interface LeefHeader {
  readonly line: string;
  readonly version: '1.0' | '2.0';
  /** Vendor, product, product version and event id, percent-decoded. */
  readonly fields: readonly [string, string, string, string];
  readonly delimiter: string;
  readonly at: number;
}

/** Reads the header of a LEEF line (behind any syslog prefix), for readLeef and parseLeef. */
function readHeader(input: string): ParseResult<LeefHeader> {
  let line = input;
  if (line.endsWith('\n')) line = line.slice(0, line.endsWith('\r\n') ? -2 : -1);
  const start = afterSyslogPrefix(line, 'LEEF:');
  if (typeof start === 'string') return failed('leef', 0, start);
  const raws: string[] = [];
  let at = start + 5;
  for (let n = 0; n < 5; n++) {
    const bar = line.indexOf('|', at);
    if (bar === -1) return failed('leef', at, `the header has ${n + 1} of its fields; "|" expected`);
    raws.push(line.slice(at, bar));
    at = bar + 1;
  }
  const version = raws[0] as string;
  if (version !== '1.0' && version !== '2.0') return failed('leef', start + 5, `LEEF version "${version.slice(0, 10)}" is not 1.0 or 2.0`);
  let delimiter = DEFAULT_LEEF_DELIMITER;
  if (version === '2.0') {
    // A literal "|" delimiter makes the field "|" itself: `...|EventID|||key=...`.
    const bar = line.startsWith('||', at) ? at + 1 : line.indexOf('|', at);
    if (bar === -1) return failed('leef', at, 'LEEF 2.0 header has no delimiter field');
    const named = parseDelimiter(line.slice(at, bar));
    if (named === undefined) return failed('leef', at, `"${line.slice(at, bar).slice(0, 10)}" is not a delimiter (one character, or xHH)`);
    delimiter = named;
    at = bar + 1;
  }
  const fields: string[] = [];
  for (let i = 1; i < raws.length; i++) {
    const text = percentDecode(raws[i] as string);
    if (text === undefined) return failed('leef', start, `header field ${i + 1} has a malformed %-sequence`);
    fields.push(text);
  }
  return parsed({ line, version, fields: fields as [string, string, string, string], delimiter, at });
}

/**
 * The attributes `scanAttributes` found: where each key is in the line and the decoded value. Kept
 * from call to call (a parse is synchronous), so that a line costs no arrays and no key strings of
 * its own.
 */
const SCAN = { keyStart: [] as number[], keyEnd: [] as number[], values: [] as string[] };

/**
 * Reads `key=value` attributes, `delimiter` between them, from `at` into SCAN; returns their
 * number, or [offset, reason] on error. Keys are checked for their characters and values decoded;
 * whether a key is known, and used once, is for the caller.
 */
function scanAttributes(line: string, at: number, delimiter: string): number | [number, string] {
  if (at >= line.length) return 0;
  let count = 0;
  // The next raw line break, found once and kept until the pairs pass it (a pair that holds
  // one fails after its other checks; a line break may also be the delimiter itself).
  let lineBreak = lineBreakFrom(line, at);
  for (;;) {
    const found = line.indexOf(delimiter, at);
    const end = found === -1 ? line.length : found;
    const eq = line.indexOf('=', at);
    if (eq === -1 || eq >= end || !isKey(line, at, eq)) return [at, `"${line.slice(at, end).slice(0, 40)}" is not a key=value attribute`];
    const value = percentDecode(line.slice(eq + 1, end));
    if (value === undefined) return [eq + 1, `attribute ${line.slice(at, eq)} has a malformed %-sequence`];
    if (lineBreak !== -1 && lineBreak < at) lineBreak = lineBreakFrom(line, at);
    if (lineBreak !== -1 && lineBreak < end) return [at, `attribute ${line.slice(at, eq)} holds a raw line break`];
    SCAN.keyStart[count] = at;
    SCAN.keyEnd[count] = eq;
    SCAN.values[count] = value;
    count++;
    if (found === -1) return count;
    at = found + delimiter.length;
  }
}

/** Reads the header and attributes of a LEEF line, without making an event of it. */
export function readLeef(input: string): ParseResult<LeefRecord> {
  const header = readHeader(input);
  if (!header.ok) return header;
  const { line, version, fields, delimiter, at } = header.value;
  const pairs = scanAttributes(line, at, delimiter);
  if (typeof pairs !== 'number') return failed('leef', pairs[0], pairs[1]);
  const attributes = new Map<string, string>();
  for (let p = 0; p < pairs; p++) {
    const key = line.slice(SCAN.keyStart[p], SCAN.keyEnd[p]);
    if (attributes.has(key)) return failed('leef', SCAN.keyStart[p] as number, `attribute ${key} appears twice`);
    attributes.set(key, SCAN.values[p] as string);
  }
  const [vendor, product, productVersion, eventId] = fields;
  return parsed({ version, vendor, product, productVersion, eventId, delimiter, attributes });
}

/** The attributes siemkit writes, found by position in a line: LEEF_FIELDS' keys (index i carries field i), then these three. */
const KEYS = new KeyTable([...LEEF_FIELDS.map((f) => f.key), REST_KEY, 'devTime', 'sev']);
const REST = LEEF_FIELDS.length;
const DEV_TIME = REST + 1;
const SEV = REST + 2;
/** The value of each of KEYS in the line being parsed (kept from call to call, like SCAN). */
const VALUES: (string | undefined)[] = new Array<string | undefined>(KEYS.keys.length).fill(undefined);

export function parseLeef(input: string, options: LeefParseOptions = {}): ParseResult<CanonicalEvent> {
  if (typeof input !== 'string') return failed('leef', 0, 'input is not a string');
  const header = readHeader(input);
  if (!header.ok) return header;
  const { line, delimiter, at } = header.value;
  const pairs = scanAttributes(line, at, delimiter);
  if (typeof pairs !== 'number') return failed('leef', pairs[0], pairs[1]);
  KEYS.startLine();
  VALUES.fill(undefined);
  for (let p = 0; p < pairs; p++) {
    const keyStart = SCAN.keyStart[p] as number;
    const k = KEYS.find(line, keyStart, SCAN.keyEnd[p] as number);
    if (k === -1) return failed('leef', 0, `attribute ${line.slice(keyStart, SCAN.keyEnd[p])} is not one siemkit writes`);
    if (!KEYS.use(k)) return failed('leef', keyStart, `attribute ${KEYS.keys[k] as string} appears twice`);
    VALUES[k] = SCAN.values[p];
  }
  const sevText = VALUES[SEV];
  const severity = sevText !== undefined && /^(?:[1-9]|10)$/.test(sevText) ? severityOfScore(Number(sevText)) : undefined;
  if (severity === undefined) return failed('leef', 0, `sev "${(sevText ?? '').slice(0, 10)}" is missing or not 1-10`);
  let rest: Record<string, unknown> | undefined;
  const restText = VALUES[REST];
  if (restText !== undefined) {
    try {
      const doc = JSON.parse(restText) as unknown;
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return failed('leef', 0, `${REST_KEY} is not a JSON object`);
      rest = doc as Record<string, unknown>;
    } catch {
      return failed('leef', 0, `${REST_KEY} is not JSON`);
    }
  }
  // (joinTexts reads the first LEEF_FIELDS.length values: the fields'.)
  const joined = joinTexts(VALUES, LEEF_FIELDS, rest);
  if (typeof joined === 'string') return failed('leef', 0, joined);
  if (joined.timestamp === undefined) {
    const devTime = VALUES[DEV_TIME];
    if (devTime === undefined || !/^-?\d{1,16}$/.test(devTime)) return failed('leef', 0, 'no event time: devTime (epoch milliseconds) is missing or not a number');
    const timestamp = isoOfEpochMs(Number(devTime));
    if (timestamp === undefined) return failed('leef', 0, `devTime ${devTime} is out of range`);
    joined.timestamp = timestamp;
  }
  joined.severity = severity;
  const checked = validateEvent(joined, options.registry !== undefined ? { registry: options.registry } : {});
  if (!checked.valid) {
    const f = checked.errors[0];
    return failed('leef', 0, `the event is not valid: ${f?.path || '/'}: ${f?.message ?? ''}`);
  }
  return parsed(joined as unknown as CanonicalEvent);
}
