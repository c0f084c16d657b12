/**
 * `parseLeef`: a LEEF 2.0 or 1.0 line (with or without a syslog header or line ending) back to
 * the canonical event `encodeLeef` wrote. Strict: five header fields (six in 2.0), `key=value`
 * attributes with keys used once, our percent-encoding decoded, every key known, and the event
 * valid under `validateEvent`. Never throws.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { validateEvent } from '../../validate/canonical.js';
import { joinEvent } from '../carried-fields.js';
import type { ParseResult } from '../parse-error.js';
import { failed, parsed } from '../parse-error.js';
import { severityOfScore } from '../severity-scale.js';
import { afterSyslogPrefix } from '../syslog-prefix.js';
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

const KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
const KNOWN: ReadonlySet<string> = new Set([...LEEF_FIELDS.map((f) => f.key), REST_KEY, 'devTime', 'sev']);

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
  for (const [i, raw] of [vendor, product, productVersion, eventId].entries()) {
    const text = percentDecode(raw);
    if (text === undefined) return failed('leef', start, `header field ${i + 2} has a malformed %-sequence`);
    header.push(text);
  }
  const attributes = new Map<string, string>();
  if (at < line.length) {
    for (const pair of line.slice(at).split(delimiter)) {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      if (eq === -1 || !KEY.test(key)) return failed('leef', at, `"${pair.slice(0, 40)}" is not a key=value attribute`);
      if (attributes.has(key)) return failed('leef', at, `attribute ${key} appears twice`);
      const value = percentDecode(pair.slice(eq + 1));
      if (value === undefined) return failed('leef', at + eq + 1, `attribute ${key} has a malformed %-sequence`);
      if (/[\r\n]/.test(pair)) return failed('leef', at, `attribute ${key} holds a raw line break`);
      attributes.set(key, value);
      at += pair.length + delimiter.length;
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
  for (const key of attributes.keys()) if (!KNOWN.has(key)) return failed('leef', 0, `attribute ${key} is not one siemkit writes`);
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
  const joined = joinEvent(attributes, LEEF_FIELDS, rest);
  if (typeof joined === 'string') return failed('leef', 0, joined);
  if (joined.timestamp === undefined) {
    const devTime = attributes.get('devTime');
    if (devTime === undefined || !/^-?\d{1,16}$/.test(devTime)) return failed('leef', 0, 'no event time: devTime (epoch milliseconds) is missing or not a number');
    const date = new Date(Number(devTime));
    if (Number.isNaN(date.getTime())) return failed('leef', 0, `devTime ${devTime} is out of range`);
    joined.timestamp = date.toISOString();
  }
  joined.severity = severity;
  const checked = validateEvent(joined, options.registry !== undefined ? { registry: options.registry } : {});
  if (!checked.valid) {
    const f = checked.errors[0];
    return failed('leef', 0, `the event is not valid: ${f?.path || '/'}: ${f?.message ?? ''}`);
  }
  return parsed(joined as unknown as CanonicalEvent);
}
