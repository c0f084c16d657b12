/**
 * `source` <-> ECS `source.*` and `user_agent.original`.
 *
 * | canonical | ECS |
 * |---|---|
 * | `ip` | `source.ip` (an `ip` field); an address it cannot hold, as `siemkit.source.ip` |
 * | `port` | `source.port` |
 * | `user_agent` | `user_agent.original` (the unparsed string) |
 * | `geo.country`, `region`, `city` | `source.geo.country_iso_code`, `region_name`, `city_name` |
 * | `geo.lat` + `geo.lon` | `source.geo.location` (a `geo_point` needs both); one alone, as `siemkit.source.geo.*` |
 * | `is_anonymous` | `siemkit.source.is_anonymous`: ECS has no VPN/proxy/Tor flag for a source |
 *
 * A `source` (or `geo`) with no member would leave no trace, so it is written as `siemkit.source: {}`
 * (or `siemkit.source.geo: {}`), which Elasticsearch keeps in `_source` and does not index.
 */
import type { Source } from '../../../schemas/canonical/source.js';
import { isPlainObject } from '../../validate/ecs-values.js';
import { isIpAddress } from '../../../schemas/formats/ip.js';
import type { Doc } from './field.js';
import { asString, field, readField } from './field.js';
import type { SiemkitFields } from './siemkit.js';

type Geo = NonNullable<Source['geo']>;
type Rest = NonNullable<SiemkitFields['source']>;

const SOURCE_IP = field('source.ip');
const SOURCE_PORT = field('source.port');
const USER_AGENT = field('user_agent.original');
const COUNTRY = field('source.geo.country_iso_code');
const REGION = field('source.geo.region_name');
const CITY = field('source.geo.city_name');
const LOCATION = field('source.geo.location');

/** Writes `source.geo`'s fields into `out`; returns the members left for `siemkit.source.geo`, or undefined. */
function writeGeo(geo: Geo, out: Doc): Rest['geo'] {
  if (geo.country !== undefined) out.country_iso_code = geo.country;
  if (geo.region !== undefined) out.region_name = geo.region;
  if (geo.city !== undefined) out.city_name = geo.city;
  if (geo.lat !== undefined && geo.lon !== undefined) {
    out.location = { lat: geo.lat, lon: geo.lon };
    return undefined;
  }
  if (geo.lat !== undefined) return { lat: geo.lat };
  if (geo.lon !== undefined) return { lon: geo.lon };
  return out.country_iso_code === undefined && out.region_name === undefined && out.city_name === undefined ? {} : undefined;
}

export function writeSource(source: Source, doc: Doc, siemkit: SiemkitFields): void {
  const out: Doc = {};
  let rest: Rest | undefined;
  let written = false;
  if (source.ip !== undefined) {
    if (isIpAddress(source.ip)) out.ip = source.ip;
    else rest = { ip: source.ip };
  }
  if (source.port !== undefined) out.port = source.port;
  if (source.geo !== undefined) {
    const geo: Doc = {};
    const geoRest = writeGeo(source.geo, geo);
    if (geoRest !== undefined) (rest ??= {}).geo = geoRest;
    for (const _ in geo) {
      out.geo = geo;
      break;
    }
  }
  for (const _ in out) {
    doc.source = out;
    written = true;
    break;
  }
  if (source.user_agent !== undefined) {
    doc.user_agent = { original: source.user_agent };
    written = true;
  }
  if (source.is_anonymous !== undefined) (rest ??= {}).is_anonymous = source.is_anonymous;
  if (rest !== undefined || !written) siemkit.source = rest ?? {};
}

function readGeo(doc: Doc, stored: unknown): Geo | undefined {
  const rest = isPlainObject(stored) ? stored : undefined;
  const geo: Geo = {};
  let any = rest !== undefined;
  const country = asString(readField(doc, COUNTRY));
  if (country !== undefined) geo.country = country;
  const region = asString(readField(doc, REGION));
  if (region !== undefined) geo.region = region;
  const city = asString(readField(doc, CITY));
  if (city !== undefined) geo.city = city;
  const location = readField(doc, LOCATION);
  // `{lat, lon}` as toEcs writes it, or GeoJSON's `[lon, lat]` from elsewhere.
  const lat = isPlainObject(location) ? location.lat : Array.isArray(location) ? location[1] : rest?.lat;
  const lon = isPlainObject(location) ? location.lon : Array.isArray(location) ? location[0] : rest?.lon;
  if (typeof lat === 'number') geo.lat = lat;
  if (typeof lon === 'number') geo.lon = lon;
  any ||= country !== undefined || region !== undefined || city !== undefined || location !== undefined;
  return any ? geo : undefined;
}

/** The source of a document, or undefined when it names none. */
export function readSource(doc: Doc, stored: unknown): Source | undefined {
  const rest = isPlainObject(stored) ? stored : undefined;
  const source: Source = {};
  let any = rest !== undefined;
  const ip = asString(readField(doc, SOURCE_IP)) ?? asString(rest?.ip);
  if (ip !== undefined) source.ip = ip;
  const port = readField(doc, SOURCE_PORT);
  if (typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65_535) source.port = port;
  const userAgent = asString(readField(doc, USER_AGENT));
  if (userAgent !== undefined) source.user_agent = userAgent;
  const geo = readGeo(doc, rest?.geo);
  if (geo !== undefined) source.geo = geo;
  if (typeof rest?.is_anonymous === 'boolean') source.is_anonymous = rest.is_anonymous;
  any ||= ip !== undefined || source.port !== undefined || userAgent !== undefined || geo !== undefined;
  return any ? source : undefined;
}
