/**
 * `timestamp` <-> `@timestamp`.
 *
 * The contract's `date-time` (RFC 3339 §5.6 as ajv-formats checks it) allows forms that an ECS
 * `date` (Elasticsearch's `strict_date_optional_time`, src/validate/iso8601.ts) rejects: a
 * lower-case `t` or `z` (RFC 3339 §5.6 NOTE), a space instead of `T`, more than nine fraction
 * digits, a leap second (`23:59:60`, §5.7) and offsets beyond ±18:00 (java.time's limit; RFC 3339
 * allows up to ±23:59). Those get an equivalent ECS date in `@timestamp` and keep the exact string
 * in `siemkit.timestamp`; every other timestamp is `@timestamp` exactly as written.
 */
import { isIso8601DateTime } from '../../validate/iso8601.js';

/** RFC 3339 `date-time` with ajv-formats' tolerances (any whitespace separator, `±hh`, `±hhmm`). */
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt\s](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** RFC 3339 as the contract reads it (`T`, seconds and `±hh:mm` required): returned as written. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Any date Elasticsearch or ajv-formats reads, to complete foreign values: seconds, zone and a colon in the offset optional. */
const LENIENT = /^(\d{4}-\d{2}-\d{2})(?:[Tt\s](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/** The instants whose ISO string has a four-digit year: [YEAR_0, YEAR_10000). */
const YEAR_0 = new Date(0).setUTCFullYear(0, 0, 1);
const YEAR_10000 = new Date(0).setUTCFullYear(10_000, 0, 1);

/**
 * The value for `@timestamp`: `ts` itself when ECS can hold it, else the same instant as ECS writes
 * it (or, outside years 0000-9999 once moved to UTC, as epoch milliseconds, which ECS also accepts).
 */
export function toEcsTimestamp(ts: string): string | number {
  if (isIso8601DateTime(ts)) return ts;
  const m = RFC3339.exec(ts);
  // Not a canonical timestamp: toEcs maps valid events, so leave it for validateEcs to report.
  if (m === null) return ts;
  const [, date, hh, mm, ss, fraction, z, sign, offH, offM] = m as unknown as [string, string, string, string, string, string | undefined, string | undefined, string | undefined, string | undefined, string | undefined];
  // A leap second is the last instant of its minute that ECS can write, keeping the order of events.
  const leap = ss === '60';
  const second = leap ? '59' : ss;
  const digits = leap ? '999999999' : fraction?.slice(0, 9);
  const dot = digits === undefined ? '' : `.${digits}`;
  const zone = z !== undefined ? 'Z' : `${sign}${offH}:${offM ?? '00'}`;
  const local = `${date}T${hh}:${mm}:${second}${dot}${zone}`;
  if (isIso8601DateTime(local)) return local;
  // The offset is beyond ±18:00: the same instant in UTC.
  const offsetMs = z !== undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM ?? '0')) * 60_000;
  const utc = new Date(0);
  utc.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  utc.setUTCHours(Number(hh), Number(mm), Number(second), Number((digits ?? '').padEnd(3, '0').slice(0, 3)));
  const ms = utc.getTime() - offsetMs;
  if (ms < YEAR_0 || ms >= YEAR_10000) return ms;
  return `${new Date(ms).toISOString().slice(0, 19)}${dot}Z`;
}

/**
 * The canonical timestamp of an `@timestamp` value: an RFC 3339 string as written (so whatever
 * `toEcs` put there comes back unchanged); another ISO 8601 form completed to RFC 3339 (seconds,
 * `T`, `±hh:mm`, and `Z` where there is no zone, as Elasticsearch reads a zone-less time as UTC);
 * epoch milliseconds as an ISO string. `undefined` when the value is none of these. Whether the
 * date is a real one is left to the canonical validator.
 */
export function fromEcsTimestamp(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < YEAR_0 || value >= YEAR_10000) return undefined;
    return new Date(Math.trunc(value)).toISOString();
  }
  if (typeof value !== 'string') return undefined;
  if (CANONICAL.test(value)) return value;
  const m = LENIENT.exec(value);
  if (m === null) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', fraction, z, sign, offH, offM] = m;
  const zone = z !== undefined || sign === undefined ? 'Z' : `${sign}${offH}:${offM ?? '00'}`;
  return `${date}T${hh}:${mm}:${ss}${fraction === undefined ? '' : `.${fraction}`}${zone}`;
}
