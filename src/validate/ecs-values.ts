/**
 * What a JSON value must look like for each Elasticsearch field type that ECS uses.
 *
 * Elasticsearch coerces by default (`"42"` into a `long`, `42` into a `keyword`, `"true"` into a
 * `boolean`); these checks do not, because a producer that sends the wrong JSON type has a bug that
 * coercion hides, and other consumers of the same JSON (SIEMs, lakes) do not coerce.
 */
import { isIpAddress } from '../../schemas/formats/ip.js';
import { isIso8601DateTime } from './iso8601.js';

export interface ValueCheck {
  /** What the value must be, completing "expected ...". */
  readonly expected: string;
  test(value: unknown): boolean;
  /**
   * True when an array is one value of this type rather than several values: a geo_point may be
   * written `[lon, lat]`. Every other array is a list of values, each checked on its own.
   */
  readonly arrayIsOneValue?: (value: readonly unknown[]) => boolean;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const string: ValueCheck = { expected: 'a string', test: isString };

/** Integers in [min, maxExclusive): exclusive because 2^63 - 1 is not a double, 2^63 is. */
function integer(min: number, maxExclusive: number, range: string): ValueCheck {
  return {
    expected: `an integer in ${range}`,
    test: (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v < maxExclusive,
  };
}

function float(max: number, what: string): ValueCheck {
  return { expected: what, test: (v) => isFiniteNumber(v) && Math.abs(v) <= max };
}

const isLatitude = (v: unknown): boolean => isFiniteNumber(v) && v >= -90 && v <= 90;
const isLongitude = (v: unknown): boolean => isFiniteNumber(v) && v >= -180 && v <= 180;

/** Two or three numbers: one point in array form, not a list of points. */
function isCoordinateArray(v: readonly unknown[]): boolean {
  return (v.length === 2 || v.length === 3) && v.every((n) => typeof n === 'number');
}

/** `[lon, lat]` or `[lon, lat, z]`: GeoJSON order, as Elasticsearch reads arrays. */
function isLonLatArray(v: readonly unknown[]): boolean {
  return isCoordinateArray(v) && isLongitude(v[0]) && isLatitude(v[1]) && (v.length === 2 || isFiniteNumber(v[2]));
}

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
/** `"lat,lon"` (optionally `,z`): the order of Elasticsearch's string form. */
const LAT_LON_STRING = new RegExp(String.raw`^\s*(${NUMBER})\s*,\s*(${NUMBER})\s*(?:,\s*${NUMBER}\s*)?$`);
/** Well-known text `POINT (lon lat)` (optionally with z). */
const WKT_POINT = new RegExp(String.raw`^\s*POINT\s*\(\s*(${NUMBER})\s+(${NUMBER})(?:\s+${NUMBER})?\s*\)\s*$`, 'i');

function isGeoPoint(v: unknown): boolean {
  if (typeof v === 'string') {
    const latLon = LAT_LON_STRING.exec(v);
    if (latLon !== null) return isLatitude(Number(latLon[1])) && isLongitude(Number(latLon[2]));
    const wkt = WKT_POINT.exec(v);
    return wkt !== null && isLongitude(Number(wkt[1])) && isLatitude(Number(wkt[2]));
  }
  if (Array.isArray(v)) return isLonLatArray(v);
  if (!isPlainObject(v)) return false;
  if (v.type === 'Point' && Array.isArray(v.coordinates)) return isLonLatArray(v.coordinates);
  return isLatitude(v.lat) && isLongitude(v.lon);
}

const object: ValueCheck = { expected: 'an object', test: isPlainObject };

/**
 * One check per Elasticsearch field type. ECS 9.4 uses a subset; the other types are here so that
 * a future ECS release needs no change in the validator, and `ecs.ts` fails to compile when the
 * generated table names a type missing from this registry.
 */
export const VALUE_CHECKS = {
  keyword: string,
  constant_keyword: string,
  wildcard: string,
  text: string,
  match_only_text: string,
  version: string,
  long: integer(-(2 ** 63), 2 ** 63, '[-2^63, 2^63 - 1]'),
  integer: integer(-(2 ** 31), 2 ** 31, '[-2^31, 2^31 - 1]'),
  short: integer(-32_768, 32_768, '[-32768, 32767]'),
  byte: integer(-128, 128, '[-128, 127]'),
  unsigned_long: integer(0, 2 ** 64, '[0, 2^64 - 1]'),
  double: float(Number.MAX_VALUE, 'a finite number'),
  float: float(3.4028234663852886e38, 'a number within the 32-bit float range'),
  half_float: float(65_504, 'a number within the 16-bit float range (±65504)'),
  scaled_float: float(Number.MAX_VALUE, 'a finite number'),
  boolean: { expected: 'true or false', test: (v: unknown) => typeof v === 'boolean' },
  date: {
    expected: 'an ISO 8601 date string (e.g. 2016-05-23T08:05:34.853Z) or epoch milliseconds as a number',
    test: (v: unknown) => (typeof v === 'string' ? isIso8601DateTime(v) : isFiniteNumber(v)),
  },
  ip: { expected: 'an IPv4 or IPv6 address string', test: (v: unknown) => typeof v === 'string' && isIpAddress(v) },
  geo_point: {
    expected: 'a geo point: {"lat": n, "lon": n}, [lon, lat], "lat,lon", "POINT (lon lat)" or a GeoJSON Point',
    test: isGeoPoint,
    arrayIsOneValue: isCoordinateArray,
  },
  object,
  nested: object,
  flattened: object,
} satisfies Record<string, ValueCheck>;

export type CheckedFieldType = keyof typeof VALUE_CHECKS;
