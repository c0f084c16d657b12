/**
 * `source` <-> the client's network endpoint: `ip`, `port` and `geo` go to a `network_endpoint`
 * (`src_endpoint`, or `evidences[0].src_endpoint` in a Detection Finding, which has no
 * `src_endpoint` of its own), `geo` as its `location` (`coordinates` is `[lon, lat]`, GeoJSON
 * order, and needs both); `user_agent` goes to `http_request.user_agent` where the class has
 * `http_request`. OCSF 1.1.0 has no attribute for `is_anonymous` (`session.is_vpn` is narrower:
 * a proxy or Tor is not a VPN), so it is kept.
 *
 * A `network_endpoint` needs one of ip, uid, name, hostname, ...: when it has no `ip` (none, or
 * one over `ip_t`'s 40 characters) but has a port or location, or the class requires it, its
 * `name` is a placeholder.
 */
import type { Source } from '../../../schemas/canonical/source.js';
import type { Location, NetworkEndpoint } from '../../../generated/ocsf/1.1.0/types/index.js';
import type { CommonHomes, MappedProfiles } from './class-mapper.js';
import type { FromContext, ToContext } from './context.js';
import { fits, IP_MAX_LEN } from './limits.js';
import type { Obj } from './read.js';
import { arrAt, boolAt, copyObj, intAt, isObj, numAt, objAt, strAt } from './read.js';
import type { Geo } from './unmapped.js';

type Endpoint = NetworkEndpoint<MappedProfiles>;

/** A text member of `geo` when `location` can hold it; otherwise it is set aside and undefined is returned. */
function geoText(ctx: ToContext, key: 'country' | 'region' | 'city', value: string | undefined): string | undefined {
  if (value === undefined || fits(value)) return value;
  ctx.keepGeo(key, value);
  return undefined;
}

// Member by member rather than in a loop over the keys: with constant keys the reads and writes
// stay cheap, and this runs for every event with a geo.
function locationOf(ctx: ToContext, geo: Geo): Location<MappedProfiles> | undefined {
  const loc: Location<MappedProfiles> = {};
  const country = geoText(ctx, 'country', geo.country);
  if (country !== undefined) loc.country = country;
  const region = geoText(ctx, 'region', geo.region);
  if (region !== undefined) loc.region = region;
  const city = geoText(ctx, 'city', geo.city);
  if (city !== undefined) loc.city = city;
  // One half of a coordinate pair has no home.
  if (geo.lat !== undefined && geo.lon !== undefined) loc.coordinates = [geo.lon, geo.lat];
  else if (geo.lat !== undefined) ctx.keepGeo('lat', geo.lat);
  else if (geo.lon !== undefined) ctx.keepGeo('lon', geo.lon);
  if (country !== undefined || region !== undefined || city !== undefined || loc.coordinates !== undefined) return loc;
  // An empty geo still comes back (the members set aside above bring it back already).
  ctx.keepEmptyGeo();
  return undefined;
}

/** Writes `source` where the class's homes say. */
export function putSource(ctx: ToContext, homes: CommonHomes, out: Obj): void {
  const s: Source | undefined = ctx.event.source;
  const placement = homes.source;
  if (s === undefined) {
    if (placement === 'src_endpoint_required') out.src_endpoint = { name: ctx.placeholder('src_endpoint.name') };
    return;
  }
  if (placement === 'none') {
    ctx.kept.source = s.geo === undefined ? copyObj(s) : { ...copyObj(s), geo: copyObj(s.geo) };
    return;
  }
  const ep: Endpoint = {};
  if (s.ip !== undefined) {
    if (fits(s.ip, IP_MAX_LEN)) ep.ip = s.ip;
    else ctx.keepIn('source', 'ip', s.ip);
  }
  if (s.port !== undefined) ep.port = s.port;
  if (s.geo !== undefined) {
    const loc = locationOf(ctx, s.geo);
    if (loc !== undefined) ep.location = loc;
  }
  if (s.user_agent !== undefined) {
    if (homes.userAgent === 'none') ctx.keepIn('source', 'user_agent', s.user_agent);
    else {
      const ua = ctx.textIn('source', 'user_agent', s.user_agent);
      if (ua !== undefined) ((out.http_request ??= {}) as Obj).user_agent = ua;
    }
  }
  if (s.is_anonymous !== undefined) ctx.keepIn('source', 'is_anonymous', s.is_anonymous);
  const path = placement === 'evidences' ? 'evidences.0.src_endpoint' : 'src_endpoint';
  const hasData = ep.ip !== undefined || ep.port !== undefined || ep.location !== undefined;
  if (ep.ip === undefined && (hasData || placement === 'src_endpoint_required')) ep.name = ctx.placeholder(`${path}.name`);
  if (hasData || placement === 'src_endpoint_required') {
    if (placement === 'evidences') out.evidences = [{ src_endpoint: ep }];
    else out.src_endpoint = ep;
  }
  // An empty source still comes back.
  if (Object.keys(s).length === 0) ctx.kept.source = {};
}

function takeGeo(location: Obj | undefined, kept: Obj | undefined): Geo | undefined {
  const geo: Geo = {};
  let found = kept !== undefined;
  for (const key of ['country', 'region', 'city'] as const) {
    const v = strAt(kept, key) ?? strAt(location, key);
    if (v !== undefined) geo[key] = v;
  }
  const coordinates = arrAt(location, 'coordinates');
  const lon = typeof coordinates?.[0] === 'number' ? coordinates[0] : undefined;
  const lat = typeof coordinates?.[1] === 'number' ? coordinates[1] : undefined;
  const keptLat = numAt(kept, 'lat') ?? lat;
  const keptLon = numAt(kept, 'lon') ?? lon;
  if (keptLat !== undefined) geo.lat = keptLat;
  if (keptLon !== undefined) geo.lon = keptLon;
  if (Object.keys(geo).length > 0) found = true;
  return found ? geo : undefined;
}

/** The canonical source, from the class's endpoint, `http_request` and the kept members. */
export function takeSource(ctx: FromContext, homes: CommonHomes): Source | undefined {
  const kept = ctx.keptIn('source');
  const ocsf = ctx.ocsf;
  let ep: Obj | undefined;
  if (homes.source === 'evidences') {
    const first = arrAt(ocsf, 'evidences')?.[0];
    ep = isObj(first) ? objAt(first, 'src_endpoint') : undefined;
  } else if (homes.source !== 'none') ep = objAt(ocsf, 'src_endpoint');
  const s: Source = {};
  const ip = strAt(kept, 'ip') ?? strAt(ep, 'ip');
  if (ip !== undefined) s.ip = ip;
  const port = intAt(kept, 'port') ?? intAt(ep, 'port');
  if (port !== undefined) s.port = port;
  const ua = strAt(kept, 'user_agent') ?? strAt(objAt(ocsf, 'http_request'), 'user_agent');
  if (ua !== undefined) s.user_agent = ua;
  const geo = takeGeo(objAt(ep, 'location'), objAt(kept, 'geo'));
  if (geo !== undefined) s.geo = geo;
  const anonymous = boolAt(kept, 'is_anonymous');
  if (anonymous !== undefined) s.is_anonymous = anonymous;
  return kept !== undefined || Object.keys(s).length > 0 ? s : undefined;
}
