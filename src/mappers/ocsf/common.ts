/**
 * The base-event attributes every mapped class shares: the ids and what the class derives,
 * `metadata`, `time` / `time_dt` / `timezone_offset`, `message`, `metadata.labels`, and where
 * `session_id` and `request_id` go. Each `put*` writes one canonical field (and sets aside what
 * its home cannot hold); each `take*` reads it back.
 */
import type { Outcome } from '../../../schemas/canonical/outcome.js';
import { OUTCOMES } from '../../../schemas/canonical/outcome.js';
import type { Severity } from '../../../schemas/canonical/severity.js';
import type { Metadata } from '../../../generated/ocsf/1.1.0/types/index.js';
import { OCSF_VERSION } from '../../../generated/ocsf/1.1.0/version.js';
import type { CommonHomes, MappedClassName, MappedProfiles } from './class-mapper.js';
import type { FromContext, ToContext } from './context.js';
import { MappingError } from '../errors.js';
import { newOcsfHeader } from './header.js';
import { fits } from './limits.js';
import type { Obj } from './read.js';
import { arrAt, intAt, objAt, strAt } from './read.js';
import { formatEpochMillis, hasZone, parseDateTime } from './time.js';

/** `severity` -> `severity_id` (OCSF base_event: 1 Informational ... 5 Critical). */
export const SEVERITY_IDS: Readonly<Record<Severity, 1 | 2 | 3 | 4 | 5>> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };

/** `severity_id` -> `severity`; 0 Unknown and 99 Other read as info, 6 Fatal as critical. */
const SEVERITY_BY_ID: ReadonlyMap<number, Severity> = new Map([
  [0, 'info'],
  [1, 'info'],
  [2, 'low'],
  [3, 'medium'],
  [4, 'high'],
  [5, 'critical'],
  [6, 'critical'],
  [99, 'info'],
]);

/**
 * `outcome` -> `status_id` (base_event: 0 Unknown, 1 Success, 2 Failure). OCSF has no Denied, so a
 * denial is 2 Failure and `unmapped.siemkit.outcome` says `denied`.
 */
export const STATUS_IDS: Readonly<Record<Outcome, 0 | 1 | 2>> = { success: 1, failure: 2, denied: 2, unknown: 0 };

type OcsfMetadata = Metadata<MappedProfiles>;

/** `metadata`: product identity, version, the event's uid, tenant and code. Profiles, labels and correlation_uid come later. */
export function putMetadata(ctx: ToContext, out: Obj): void {
  const e = ctx.event;
  const p = ctx.product;
  const metadata: OcsfMetadata = {
    version: OCSF_VERSION,
    product: p.version === undefined ? { vendor_name: p.vendor, name: p.name } : { vendor_name: p.vendor, name: p.name, version: p.version },
    uid: e.event_id,
    tenant_uid: e.tenant_id,
  };
  if (fits(e.action)) metadata.event_code = e.action;
  else ctx.kept.action = e.action;
  out.metadata = metadata;
}

/** `metadata.profiles`: `datetime` for the `_dt` attributes, `host` where the class gets `actor` only through it. */
export function putProfiles(ctx: ToContext, homes: CommonHomes, out: Obj): void {
  const profiles: MappedProfiles[] = [];
  if (ctx.datetime) profiles.push('datetime');
  if (homes.actor === 'host') profiles.push('host');
  if (profiles.length > 0) (out.metadata as OcsfMetadata).profiles = profiles;
}

/** `time` (epoch ms), `time_dt` (the canonical string exactly) and `timezone_offset`. */
export function putTime(ctx: ToContext, out: Obj): void {
  const ts = ctx.event.timestamp;
  const instant = parseDateTime(ts);
  if (instant === undefined) throw new MappingError('/timestamp', `${JSON.stringify(ts)} is not an RFC 3339 date-time`);
  out.time = instant.ms;
  if (fits(ts)) {
    out.time_dt = ts;
    ctx.datetime = true;
  } else ctx.kept.timestamp = ts;
  // OCSF documents timezone_offset within ±1,080 minutes; RFC 3339 allows up to ±23:59.
  if (Math.abs(instant.offsetMinutes) <= 1080) out.timezone_offset = instant.offsetMinutes;
}

/**
 * The ids and captions of `activity_id`, `severity_id` and `status_id` with what the class derives
 * (header.ts); `activity_name` for 99 (Other) is the event type's own. `outcome` goes to
 * `status_id`, and is kept when that loses it (`denied`) or when the class has no home for it.
 */
export function putHeader(ctx: ToContext, className: MappedClassName, homes: CommonHomes): Obj {
  const { activity_id, activity_name } = ctx.mapping.ocsf;
  const outcome = ctx.event.outcome;
  const status = homes.outcome === 'status_id' ? STATUS_IDS[outcome] : undefined;
  if (status === undefined || outcome === 'denied') ctx.kept.outcome = outcome;
  const out = newOcsfHeader(className, activity_id, SEVERITY_IDS[ctx.event.severity], status);
  if (activity_id === 99 && activity_name !== undefined && fits(activity_name)) out.activity_name = activity_name;
  return out;
}

export function putMessage(ctx: ToContext, out: Obj): void {
  const m = ctx.event.message;
  if (m === undefined) return;
  if (fits(m)) out.message = m;
  else ctx.kept.message = m;
}

/**
 * `labels` -> `metadata.labels` as `key=value` strings. Split at the first `=`, they give the pairs
 * back, unless a key holds `=`: then the keys are kept too. A pair over 65,535 characters keeps
 * them all in unmapped instead.
 */
export function putLabels(ctx: ToContext, out: Obj): void {
  const labels = ctx.event.labels;
  if (labels === undefined) return;
  const keys = Object.keys(labels);
  const list: string[] = [];
  let keysNeeded = false;
  for (const k of keys) {
    const label = `${k}=${labels[k]}`;
    if (!fits(label)) {
      ctx.kept.labels = { ...labels };
      return;
    }
    if (k.includes('=')) keysNeeded = true;
    list.push(label);
  }
  (out.metadata as OcsfMetadata).labels = list;
  if (keysNeeded) ctx.kept.label_keys = keys;
}

/** `session_id` -> `session.uid` (Authentication) or `actor.session.uid`. */
export function putSession(ctx: ToContext, homes: CommonHomes, out: Obj): void {
  const id = ctx.event.session_id;
  if (id === undefined) return;
  if (!fits(id)) {
    ctx.kept.session_id = id;
    return;
  }
  if (homes.session === 'session') out.session = { uid: id };
  else (out.actor as Obj).session = { uid: id };
}

/** `request_id` -> `api.request.uid`, `http_request.uid` or `metadata.correlation_uid`. */
export function putRequestId(ctx: ToContext, homes: CommonHomes, out: Obj): void {
  const id = ctx.event.request_id;
  if (id === undefined) return;
  if (!fits(id)) {
    ctx.kept.request_id = id;
    return;
  }
  switch (homes.requestId) {
    case 'api.request':
      ((out.api ??= {}) as Obj).request = { uid: id };
      break;
    case 'http_request':
      ((out.http_request ??= {}) as Obj).uid = id;
      break;
    case 'metadata.correlation_uid':
      (out.metadata as OcsfMetadata).correlation_uid = id;
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Back to canonical.

const EVENT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const TENANT_MAX_LEN = 128;

export function takeEventId(ocsf: Obj): string {
  const uid = strAt(objAt(ocsf, 'metadata'), 'uid');
  if (uid === undefined) throw new MappingError('/metadata/uid', 'metadata.uid is missing: it is the canonical event_id');
  if (!EVENT_ID.test(uid)) throw new MappingError('/metadata/uid', 'metadata.uid is not an event_id (1-128 characters of A-Z, a-z, 0-9, "_", ".", ":", "-")');
  return uid;
}

/**
 * `metadata.tenant_uid`; in a record of another producer without one, the account the event
 * belongs to (`cloud.account.uid`, or the actor's or user's `account.uid`), which is what a SaaS
 * product's tenant is in OCSF's terms.
 */
export function takeTenant(ocsf: Obj): string {
  const account = (o: Obj | undefined): string | undefined => strAt(objAt(o, 'account'), 'uid');
  const tenant =
    strAt(objAt(ocsf, 'metadata'), 'tenant_uid') ?? account(objAt(ocsf, 'cloud')) ?? account(objAt(objAt(ocsf, 'actor'), 'user')) ?? account(objAt(ocsf, 'user'));
  if (tenant === undefined || tenant === '' || !fits(tenant, TENANT_MAX_LEN)) {
    throw new MappingError('/metadata/tenant_uid', 'metadata.tenant_uid is missing (nor is there a cloud or user account): it is the canonical tenant_id, 1-128 characters');
  }
  return tenant;
}

/** The kept string, `time_dt` as written, or `time` as UTC. */
export function takeTimestamp(ocsf: Obj, kept: Obj): string {
  const exact = strAt(kept, 'timestamp');
  if (exact !== undefined) return exact;
  // Another producer's time_dt may lack the offset that RFC 3339 requires: `time` is UTC then.
  const dt = strAt(ocsf, 'time_dt');
  if (dt !== undefined && hasZone(dt) && parseDateTime(dt) !== undefined) return dt;
  const time = intAt(ocsf, 'time');
  const iso = time === undefined ? undefined : formatEpochMillis(time);
  if (iso === undefined) throw new MappingError('/time', 'neither time_dt nor time holds an instant: the canonical timestamp needs one');
  return iso;
}

export function takeSeverity(ocsf: Obj): Severity {
  const id = intAt(ocsf, 'severity_id');
  const severity = id === undefined ? undefined : SEVERITY_BY_ID.get(id);
  if (severity === undefined) throw new MappingError('/severity_id', 'severity_id is missing or not an OCSF severity: the canonical severity needs it');
  return severity;
}

export function takeOutcome(ctx: FromContext, homes: CommonHomes): Outcome {
  const kept = strAt(ctx.kept, 'outcome');
  if (kept !== undefined && (OUTCOMES as readonly string[]).includes(kept)) return kept as Outcome;
  if (homes.outcome === 'none') return 'unknown';
  switch (intAt(ctx.ocsf, 'status_id')) {
    case 1:
      return 'success';
    case 2:
      return 'failure';
    default:
      return 'unknown';
  }
}

export function takeMessage(ctx: FromContext): string | undefined {
  return strAt(ctx.kept, 'message') ?? strAt(ctx.ocsf, 'message');
}

export function takeLabels(ctx: FromContext): Record<string, string> | undefined {
  const kept = objAt(ctx.kept, 'labels');
  if (kept !== undefined) return Object.fromEntries(Object.entries(kept).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
  const list = arrAt(objAt(ctx.ocsf, 'metadata'), 'labels');
  if (list === undefined) return undefined;
  const keys = arrAt(ctx.kept, 'label_keys');
  const pairs: [string, string][] = [];
  for (let i = 0; i < list.length; i++) {
    const label = list[i];
    if (typeof label !== 'string') continue;
    const key = keys?.[i];
    if (typeof key === 'string' && label.startsWith(`${key}=`)) pairs.push([key, label.slice(key.length + 1)]);
    else {
      // A label of another producer without `=` is a key with an empty value.
      const eq = label.indexOf('=');
      pairs.push(eq === -1 ? [label, ''] : [label.slice(0, eq), label.slice(eq + 1)]);
    }
  }
  return Object.fromEntries(pairs);
}

export function takeSession(ctx: FromContext, homes: CommonHomes): string | undefined {
  const top = strAt(objAt(ctx.ocsf, 'session'), 'uid');
  const actor = strAt(objAt(objAt(ctx.ocsf, 'actor'), 'session'), 'uid');
  return strAt(ctx.kept, 'session_id') ?? (homes.session === 'session' ? (top ?? actor) : (actor ?? top));
}

export function takeRequestId(ctx: FromContext, homes: CommonHomes): string | undefined {
  const kept = strAt(ctx.kept, 'request_id');
  if (kept !== undefined) return kept;
  const o = ctx.ocsf;
  const byHome: Record<CommonHomes['requestId'], string | undefined> = {
    'api.request': strAt(objAt(objAt(o, 'api'), 'request'), 'uid'),
    http_request: strAt(objAt(o, 'http_request'), 'uid'),
    'metadata.correlation_uid': strAt(objAt(o, 'metadata'), 'correlation_uid'),
  };
  return byHome[homes.requestId] ?? byHome['api.request'] ?? byHome.http_request ?? byHome['metadata.correlation_uid'];
}
