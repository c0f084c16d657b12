/**
 * RFC 3339 date-times (§5.6) to OCSF `timestamp_t` (epoch milliseconds) and `timezone_offset`
 * (minutes ahead of UTC). The canonical string itself goes to the `_dt` sibling, which keeps what
 * epoch milliseconds lose: the offset as written and any digits beyond the millisecond.
 *
 * Computed from the fields, not with `Date.parse`, so that years 0000-0099 (which `Date.UTC` reads
 * as 19xx), lower-case `t`/`z` and any number of fraction digits all work. A leap second
 * (`23:59:60`, §5.7) is the first millisecond of the next minute, as POSIX time counts it.
 */

// Lenient on the forms ajv-formats also accepts (a space for `T`, `±hh`, `±hhmm`); anything after
// the zone (an RFC 9557 `[suffix]`) is ignored.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt\s](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?/;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant, `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Whether a date-time names its offset (`Z` or `±hh:mm`), as RFC 3339 requires. */
export const hasZone = (s: string): boolean => /(?:[Zz]|[+-]\d{2}:\d{2})$/.test(s);

export interface Instant {
  /** Epoch milliseconds (fraction digits beyond the millisecond are truncated). */
  readonly ms: number;
  /** Minutes the local time is ahead of UTC (`-05:00` is -300); 0 for `Z`. */
  readonly offsetMinutes: number;
}

/** Epoch milliseconds of the fields of a date-time with its offset (fields out of range carry over). */
function epochMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number, offsetMinutes: number): number {
  return (((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

/** The number the decimal digits `s[start, end)` write, or -1 when one of them is not a digit. */
function digitsAt(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The common shape `YYYY-MM-DDThh:mm:ss.sssZ` (what `Date.prototype.toISOString` and most producers
 * write), read by character codes at fixed positions: exactly what the regular expression below
 * reads from it, without the match array and the number parsing. Every other form takes the
 * general path.
 */
function parseUtcMillis(s: string): number | undefined {
  if (
    s.length !== 24 ||
    s.charCodeAt(4) !== 45 /* - */ ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 /* T */ ||
    s.charCodeAt(13) !== 58 /* : */ ||
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 /* . */ ||
    s.charCodeAt(23) !== 90 /* Z */
  ) {
    return undefined;
  }
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 7);
  const day = digitsAt(s, 8, 10);
  const hour = digitsAt(s, 11, 13);
  const minute = digitsAt(s, 14, 16);
  const second = digitsAt(s, 17, 19);
  const millis = digitsAt(s, 20, 23);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || millis < 0) return undefined;
  return epochMillis(year, month, day, hour, minute, second, millis, 0);
}

/** The instant an RFC 3339 date-time names, or undefined when `s` is not one. */
export function parseDateTime(s: string): Instant | undefined {
  const utc = parseUtcMillis(s);
  if (utc !== undefined) return { ms: utc, offsetMinutes: 0 };
  const m = DATE_TIME.exec(s);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, se, fraction, , sign, oh, om] = m;
  // `+ 0`: `-00:00` is an offset of 0, not -0.
  const offsetMinutes = (sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om ?? '0'))) + 0;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  return { ms: epochMillis(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(se), millis, offsetMinutes), offsetMinutes };
}

/** The RFC 3339 form of epoch milliseconds (UTC), or undefined outside what `Date` can hold. */
export function formatEpochMillis(ms: number): string | undefined {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  const iso = new Date(ms).toISOString();
  // Years beyond 9999 (and before 0000) get six digits and a sign in ISO 8601's expanded form.
  return iso.length === 24 ? iso : undefined;
}
