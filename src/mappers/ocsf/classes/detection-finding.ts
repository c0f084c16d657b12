/**
 * OCSF 2004 Detection Finding: the SECURITY category (DLP, permission findings, siemkit's own
 * delivery drops). 2001 Security Finding is deprecated in 1.1.0.
 *
 * `finding_info` (required) is derived: `uid` the event id (one event, one finding), `title` the
 * event type's name (`DLP blocked`; the action for an unregistered one), `types` the action.
 * `resources[0]` is the resource. The source endpoint is evidence (`evidences[0].src_endpoint`):
 * the class has no `src_endpoint` of its own. `actor` comes through the `host` profile.
 *
 * `outcome` is kept: this class's `status_id` is the finding's workflow status (New, In Progress,
 * Resolved ...), not how the action ended.
 *
 * Payload homes: `rule` -> `finding_info.analytic` (type_id 1 Rule); for `siem.delivery.dropped`,
 * `count` -> `count`, `oldest` -> `start_time`, `newest` -> `end_time` (OCSF: "the time of the
 * least/most recent event included in the aggregate event"), with their `_dt`.
 */
import type { FindingInfo } from '../../../../generated/ocsf/1.1.0/types/index.js';
import type { ClassMapper, MappedProfiles } from '../class-mapper.js';
import type { ToContext } from '../context.js';
import { fits } from '../limits.js';
import type { PayloadHome } from '../payload.js';
import type { Obj } from '../read.js';
import { arrAt, intAt, isObj, objAt, strAt } from '../read.js';
import { namedObject, namedResource } from '../resource.js';
import { parseDateTime } from '../time.js';

/** analytic.type_id 1: Rule. */
const RULE = 1;

/**
 * A payload instant in `<attribute>` (epoch ms) and `<attribute>_dt` (as written), which `write`
 * sets by name: stored under a computed key (`out[attribute]`), they would turn the event, which
 * has many members by then, into a dictionary-mode object, slower to fill and to serialise.
 */
function instantHome(key: string, attribute: string, write: (out: Obj, ms: number, dt: string) => void): PayloadHome {
  return {
    key,
    only: ['siem.delivery.dropped'],
    put(v, out, ctx: ToContext) {
      if (typeof v !== 'string' || !fits(v)) return false;
      const instant = parseDateTime(v);
      if (instant === undefined) return false;
      write(out, instant.ms, v);
      ctx.datetime = true;
      return true;
    },
    take: (ctx) => strAt(ctx.ocsf, `${attribute}_dt`),
  };
}

const PAYLOAD: readonly PayloadHome[] = [
  {
    key: 'rule',
    put(v, out) {
      if (typeof v !== 'string' || !fits(v)) return false;
      (out.finding_info as Obj).analytic = { type_id: RULE, type: 'Rule', name: v };
      return true;
    },
    take: (ctx) => strAt(objAt(objAt(ctx.ocsf, 'finding_info'), 'analytic'), 'name'),
  },
  {
    key: 'count',
    only: ['siem.delivery.dropped'],
    put(v, out) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return false;
      out.count = v;
      return true;
    },
    take: (ctx) => intAt(ctx.ocsf, 'count'),
  },
  instantHome('oldest', 'start_time', (out, ms, dt) => {
    out.start_time = ms;
    out.start_time_dt = dt;
  }),
  instantHome('newest', 'end_time', (out, ms, dt) => {
    out.end_time = ms;
    out.end_time_dt = dt;
  }),
];

export const detectionFinding: ClassMapper = {
  name: 'detection_finding',
  uid: 2004,
  homes: { actor: 'host', source: 'evidences', userAgent: 'none', session: 'actor.session', requestId: 'metadata.correlation_uid', outcome: 'none' },
  payload: PAYLOAD,
  toClass(ctx, out) {
    const e = ctx.event;
    const title = ctx.mapping.cef.name;
    const info: FindingInfo<MappedProfiles> = { uid: e.event_id, title: fits(title) ? title : ctx.placeholder('finding_info.title') };
    if (fits(e.action)) info.types = [e.action];
    out.finding_info = info;
    const r = e.resource;
    if (r !== undefined) out.resources = [namedObject(ctx, r, 'resources.0')];
  },
  resourceFrom(ctx) {
    const first = arrAt(ctx.ocsf, 'resources')?.[0];
    return namedResource(ctx, isObj(first) ? first : undefined, 'resources.0', 'resource');
  },
};
