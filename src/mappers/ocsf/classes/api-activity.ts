/**
 * OCSF 6003 API Activity: the API_ACTIVITY category. `api` (required) holds `operation`
 * (`payload.operation`, else the action), `request.uid` (the request id), `response.code`
 * (`payload.status`) and `service.name` (the product, from the product identity); `resources[0]`
 * is the resource. `actor` and `src_endpoint` are required; `http_request` holds the user agent,
 * `payload.method` (when OCSF's enum has it) and `payload.path` (as `url.path`).
 *
 * `payload.operation` equal to the action stays in unmapped: in `api.operation` it would read back
 * as the action standing in for a missing operation.
 */
import type { Api, HttpRequest } from '../../../../generated/ocsf/1.1.0/types/index.js';
import type { ClassMapper, MappedProfiles } from '../class-mapper.js';
import { fits } from '../limits.js';
import type { PayloadHome } from '../payload.js';
import type { Obj } from '../read.js';
import { arrAt, intAt, isObj, objAt, strAt } from '../read.js';
import { namedObject, namedResource } from '../resource.js';

type OcsfApi = Api<MappedProfiles>;
type OcsfHttpRequest = HttpRequest<MappedProfiles>;

/** http_request.http_method's enum (OCSF 1.1.0): PATCH is not in it. */
const HTTP_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'TRACE']);

const api = (out: Obj): OcsfApi => (out.api ??= {}) as OcsfApi;
const httpRequest = (out: Obj): OcsfHttpRequest => (out.http_request ??= {}) as OcsfHttpRequest;

const PAYLOAD: readonly PayloadHome[] = [
  {
    key: 'operation',
    put(v, out, ctx) {
      if (typeof v !== 'string' || !fits(v) || v === ctx.event.action) return false;
      api(out).operation = v;
      return true;
    },
    take(ctx) {
      const op = ctx.text(objAt(ctx.ocsf, 'api'), 'operation', 'api.operation');
      return op === ctx.action ? undefined : op;
    },
  },
  {
    key: 'method',
    put(v, out) {
      if (typeof v !== 'string' || !HTTP_METHODS.has(v)) return false;
      httpRequest(out).http_method = v as NonNullable<OcsfHttpRequest['http_method']>;
      return true;
    },
    take: (ctx) => strAt(objAt(ctx.ocsf, 'http_request'), 'http_method'),
  },
  {
    key: 'path',
    put(v, out) {
      if (typeof v !== 'string' || !fits(v)) return false;
      httpRequest(out).url = { path: v };
      return true;
    },
    take: (ctx) => strAt(objAt(objAt(ctx.ocsf, 'http_request'), 'url'), 'path'),
  },
  {
    key: 'status',
    put(v, out) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return false;
      api(out).response = { code: v };
      return true;
    },
    take: (ctx) => intAt(objAt(objAt(ctx.ocsf, 'api'), 'response'), 'code'),
  },
];

export const apiActivity: ClassMapper = {
  name: 'api_activity',
  uid: 6003,
  homes: { actor: 'core', source: 'src_endpoint_required', userAgent: 'http_request', session: 'actor.session', requestId: 'api.request', outcome: 'status_id' },
  payload: PAYLOAD,
  toClass(ctx, out) {
    api(out).service = { name: ctx.product.name };
    const r = ctx.event.resource;
    if (r !== undefined) out.resources = [namedObject(ctx, r, 'resources.0')];
  },
  complete(ctx, out) {
    const a = api(out);
    if (a.operation === undefined) a.operation = fits(ctx.event.action) ? ctx.event.action : ctx.placeholder('api.operation');
  },
  resourceFrom(ctx) {
    const first = arrAt(ctx.ocsf, 'resources')?.[0];
    return namedResource(ctx, isObj(first) ? first : undefined, 'resources.0', 'resource');
  },
};
