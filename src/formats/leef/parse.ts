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

/** The attributes siemkit writes: the index in LEEF_FIELDS of the field each carries, -1 for the others. */
const KNOWN: ReadonlyMap<string, number> = new Map([...LEEF_FIELDS.map((f, i): [string, number] => [f.key, i]), [REST_KEY, -1], ['devTime', -1], ['sev', -1]]);

/** Reads the header and attributes of a LEEF line, without making an event of it. */
export function readLeef(input: string): ParseResult<LeefRecord> {
  let line = input;
  if (line.endsWith('\n')) line = line.slice(0, line.endsWith('\r\n') ? -2 : -1);
  const start = afterSyslogPrefix(line, 'LEEF:');
  if (typeof start === 'string') return failed('leef', 0, start);
  const fields: string[] = [];
  let at = start + 5;
  for (let n = 0; n < 5; n++) {
    const bar = line.indexOf('|', at);
    if (bar === -1) return failed('leef', at, `the header has ${n + 1} of its fields; "|" expected`);
    fields.push(line.slice(at, bar));
    at = bar + 1;
  }
  const [version, vendor, product, productVersion, eventId] = fields as [string, string, string, string, string];
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
  const header: string[] = [];
  const raws = [vendor, product, productVersion, eventId];
  for (let i = 0; i < raws.length; i++) {
    const text = percentDecode(raws[i] as string);
    if (text === undefined) return failed('leef', start, `header field ${i + 2} has a malformed %-sequence`);
    header.push(text);
  }
  const attributes = new Map<string, string>();
  if (at < line.length) {
    // The next raw line break, found once and kept until the pairs pass it (a pair that holds
    // one fails after its other checks; a line break may also be the delimiter itself).
    let lineBreak = lineBreakFrom(line, at);
    for (;;) {
      const found = line.indexOf(delimiter, at);
      const end = found === -1 ? line.length : found;
      const eq = line.indexOf('=', at);
      const hasEq = eq !== -1 && eq < end;
      if (!hasEq || !isKey(line, at, eq)) {
        const pair = line.slice(at, end);
        return failed('leef', at, `"${pair.slice(0, 40)}" is not a key=value attribute`);
      }
      const key = line.slice(at, eq);
      if (attributes.has(key)) return failed('leef', at, `attribute ${key} appears twice`);
      const value = percentDecode(line.slice(eq + 1, end));
      if (value === undefined) return failed('leef', eq + 1, `attribute ${key} has a malformed %-sequence`);
      if (lineBreak !== -1 && lineBreak < at) lineBreak = lineBreakFrom(line, at);
      if (lineBreak !== -1 && lineBreak < end) return failed('leef', at, `attribute ${key} holds a raw line break`);
      attributes.set(key, value);
      if (found === -1) break;
      at = found + delimiter.length;
    }
  }
  const [v, p, pv, id] = header as [string, string, string, string];
  return parsed({ version, vendor: v, product: p, productVersion: pv, eventId: id, delimiter, attributes });
}

export function parseLeef(input: string, options: LeefParseOptions = {}): ParseResult<CanonicalEvent> {
  if (typeof input !== 'string') return failed('leef', 0, 'input is not a string');
  const read = readLeef(input);
  if (!read.ok) return read;
  const { attributes } = read.value;
  const texts: (string | undefined)[] = new Array<string | undefined>(LEEF_FIELDS.length).fill(undefined);
  for (const [key, value] of attributes) {
    const field = KNOWN.get(key);
    if (field === undefined) return failed('leef', 0, `attribute ${key} is not one siemkit writes`);
    if (field !== -1) texts[field] = value;
  }
  const sevText = attributes.get('sev');
  const severity = sevText !== undefined && /^(?:[1-9]|10)$/.test(sevText) ? severityOfScore(Number(sevText)) : undefined;
  if (severity === undefined) return failed('leef', 0, `sev "${(sevText ?? '').slice(0, 10)}" is missing or not 1-10`);
  let rest: Record<string, unknown> | undefined;
  const restText = attributes.get(REST_KEY);
  if (restText !== undefined) {
    try {
      const doc = JSON.parse(restText) as unknown;
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return failed('leef', 0, `${REST_KEY} is not a JSON object`);
      rest = doc as Record<string, unknown>;
    } catch {
      return failed('leef', 0, `${REST_KEY} is not JSON`);
    }
  }
  const joined = joinTexts(texts, LEEF_FIELDS, rest);
  if (typeof joined === 'string') return failed('leef', 0, joined);
  if (joined.timestamp === undefined) {
    const devTime = attributes.get('devTime');
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
