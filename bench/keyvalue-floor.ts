/**
 * How fast a lossless CEF or LEEF encoder can be on this runtime, as near as we could write one:
 * the yardstick under issue 4's target of 1.0x `JSON.stringify` for those encoders
 * (bench/formats.bench.ts prints both beside `encodeCef` and `encodeLeef`).
 *
 * `floorCef` and `floorLeef` write the lines `encodeCef` and `encodeLeef` write for the golden
 * events (test/golden/canonical-events.ts), hand-written in straight lines for that shape and
 * for nothing else, cutting every corner those events allow:
 *   - each value is read by name, with no field table, no fit or length check and no category
 *     rule other than those the golden events need (a file's resource keys, `src` or `c6a2`);
 *   - the header is fixed per event type, as the real encoders keep it;
 *   - the rest is an object literal of what the keys of that shape leave, not found per event;
 *   - the escape test is four `indexOf`s per value, the fastest test measured here, and none for
 *     the source address and port.
 * What is left is the work no lossless encoder can skip: read each value, test it for the
 * characters to escape, write `key=value` pairs, and serialise what no key holds (payload,
 * labels, geo...). `checkFloors` proves the lines lossless first: the real parsers read each back
 * to its golden event. They are not product code: an event with a value over its key's length,
 * a special character in a source address, or a member the golden events lack would be written
 * wrong.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CanonicalEvent } from '../schemas/canonical/event.js';
import { parseCef } from '../src/formats/cef/index.js';
import { epochMs } from '../src/formats/epoch-ms.js';
import { parseLeef } from '../src/formats/leef/index.js';
import { SEVERITY_SCORE } from '../src/formats/severity-scale.js';
import { BUILT_IN_REGISTRY } from '../src/registry/registry.js';

type Obj = Record<string, unknown>;

/** A value with no `\`, `=`, LF or CR goes over as it is. */
const cefPlain = (s: string): boolean => s.indexOf('\\') === -1 && s.indexOf('=') === -1 && s.indexOf('\n') === -1 && s.indexOf('\r') === -1;
const cefEscape = (s: string): string => (cefPlain(s) ? s : s.replace(/[\\=]/g, '\\$&').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));
const cefPair = (prefix: string, v: string | undefined): string => (v === undefined ? '' : `${prefix}${cefEscape(v)}`);

/** A value with no `%`, LF, CR or tab (the default delimiter) goes over as it is. */
const leefPlain = (s: string): boolean => s.indexOf('%') === -1 && s.indexOf('\t') === -1 && s.indexOf('\n') === -1 && s.indexOf('\r') === -1;
const leefEncode = (s: string): string => (leefPlain(s) ? s : s.replace(/[%\t\n\r]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`));
const leefPair = (prefix: string, v: string | undefined): string => (v === undefined ? '' : `${prefix}${leefEncode(v)}`);

const PRODUCT = 'Acme|ScaiDrive|1.4.2|';
const cefHeaders = new WeakMap<object, string>();
const leefHeaders = new WeakMap<object, string>();

/** The CEF line of a golden event (see the top of this file). */
export function floorCef(e: CanonicalEvent): string {
  const { cef } = BUILT_IN_REGISTRY.mapping(e.category, e.action);
  let header = cefHeaders.get(cef);
  if (header === undefined) cefHeaders.set(cef, (header = `CEF:0|${PRODUCT}${cef.signature_id}|${cef.name}|`));
  const time = epochMs(e.timestamp);
  const { actor: a, resource: r, source: s } = e;
  const file = e.category === 'FILE_ACCESS';
  let line = `${header}${SEVERITY_SCORE[e.severity]}|rt=${time.ms}${cefPair(' externalId=', e.event_id)}${cefPair(' cat=', e.category)}${cefPair(' act=', e.action)}${cefPair(' outcome=', e.outcome)}${cefPair(' msg=', e.message)}${cefPair(' suid=', a.id)}${cefPair(' suser=', a.name)}${s?.ip === undefined ? '' : s.ip.includes(':') ? ` c6a2=${s.ip} c6a2Label=sourceAddress` : ` src=${s.ip}`}${s?.port === undefined ? '' : ` spt=${s.port}`}${cefPair(' requestClientApplication=', s?.user_agent)}`;
  if (r !== undefined) line += file ? `${cefPair(' fileId=', r.id)}${cefPair(' fname=', r.name)}${cefPair(' filePath=', r.path)}${cefPair(' fileType=', r.type)}` : `${cefPair(' duid=', r.id)}${cefPair(' duser=', r.name)}`;
  line += `${cefPair(' cs1=', e.tenant_id)}${e.tenant_id === undefined ? '' : ' cs1Label=tenantId'}${cefPair(' cs2=', e.session_id)}${e.session_id === undefined ? '' : ' cs2Label=sessionId'}${cefPair(' cs3=', e.request_id)}${e.request_id === undefined ? '' : ' cs3Label=requestId'}${cefPair(' cs4=', a.email)}${a.email === undefined ? '' : ' cs4Label=actorEmail'}${cefPair(' cs5=', a.service_account)}${a.service_account === undefined ? '' : ' cs5Label=serviceAccount'}`;
  const rest: Obj = {};
  if (!time.exact) rest.timestamp = e.timestamp;
  rest.actor = { type: a.type };
  // JSON leaves out a member whose value is undefined: one literal serves every golden shape.
  if (r !== undefined && !file) rest.resource = { type: r.type, path: r.path, email: r.email };
  if (s?.geo !== undefined || s?.is_anonymous !== undefined) rest.source = { is_anonymous: s.is_anonymous, geo: s.geo };
  if (e.labels !== undefined) rest.labels = e.labels;
  if (e.payload !== undefined) rest.payload = e.payload;
  return `${line} cs6=${cefEscape(JSON.stringify(rest))} cs6Label=siemkitRest`;
}

/** The LEEF line (tab delimiter) of a golden event (see the top of this file). */
export function floorLeef(e: CanonicalEvent): string {
  const { cef } = BUILT_IN_REGISTRY.mapping(e.category, e.action);
  let header = leefHeaders.get(cef);
  if (header === undefined) leefHeaders.set(cef, (header = `LEEF:2.0|${PRODUCT}${cef.signature_id}|x09|devTime=`));
  const time = epochMs(e.timestamp);
  const { actor: a, resource: r, source: s } = e;
  let line = `${header}${time.ms}\tsev=${SEVERITY_SCORE[e.severity]}${leefPair('\tcat=', e.category)}${leefPair('\tusrName=', a.id)}${leefPair('\tsrc=', s?.ip)}${s?.port === undefined ? '' : `\tsrcPort=${s.port}`}${leefPair('\tresource=', r?.name)}${leefPair('\taccountName=', a.name)}${leefPair('\teventId=', e.event_id)}${leefPair('\ttenantId=', e.tenant_id)}${leefPair('\taction=', e.action)}${leefPair('\toutcome=', e.outcome)}${leefPair('\tactorType=', a.type)}${leefPair('\tactorEmail=', a.email)}${leefPair('\tserviceAccount=', a.service_account)}`;
  if (r !== undefined) line += `${leefPair('\tresourceType=', r.type)}${leefPair('\tresourceId=', r.id)}${leefPair('\tresourcePath=', r.path)}${leefPair('\tresourceEmail=', r.email)}`;
  line += `${leefPair('\tuserAgent=', s?.user_agent)}${leefPair('\tsessionId=', e.session_id)}${leefPair('\trequestId=', e.request_id)}${leefPair('\tmessage=', e.message)}`;
  const rest: Obj = {};
  let left = false;
  if (!time.exact) left = (rest.timestamp = e.timestamp) !== undefined;
  if (s?.geo !== undefined || s?.is_anonymous !== undefined) left = (rest.source = { is_anonymous: s.is_anonymous, geo: s.geo }) !== undefined;
  if (e.labels !== undefined) left = (rest.labels = e.labels) !== undefined;
  if (e.payload !== undefined) left = (rest.payload = e.payload) !== undefined;
  return left ? `${line}\tsiemkitRest=${leefEncode(JSON.stringify(rest))}` : line;
}

/**
 * Throws unless the real parsers read every line of both floors back to its event: the floors
 * are lossless for these events, so what they cost is a cost a lossless encoder can have.
 */
export function checkFloors(events: readonly CanonicalEvent[]): void {
  for (const event of events) {
    const cef = parseCef(floorCef(event));
    if (!cef.ok || !isDeepStrictEqual(cef.value, event)) throw new Error(`floorCef does not give event ${event.event_id} back: ${cef.ok ? 'another event' : cef.error.reason}`);
    const leef = parseLeef(floorLeef(event));
    if (!leef.ok || !isDeepStrictEqual(leef.value, event)) throw new Error(`floorLeef does not give event ${event.event_id} back: ${leef.ok ? 'another event' : leef.error.reason}`);
  }
}
