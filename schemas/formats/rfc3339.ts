/**
 * RFC 3339 date-time, checked to the letter.
 *
 * ajv-formats' `date-time` already rejects impossible dates (2026-02-30, 2026-02-29, month 13),
 * hour 24, minute 60 and offsets past 23:59, and knows that second 60 is 23:59:60 UTC. It also
 * accepts more than RFC 3339: any white space instead of `T`, offsets without the colon
 * (`+0100`, `+01`), and a leap second on any day. This check is applied on top.
 */
import { daysInMonth } from './calendar.js';

/** RFC 3339 §5.6 `date-time`; `T` and `Z` may be lower case (§5.6 NOTE). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * RFC 3339 §5.7: second 60 exists only in a leap second, which ITU-R TF.460 puts at the end of a
 * UTC month (so far always June or December). In UTC that is 23:59:60 on the month's last day;
 * with an offset, the local time that names that instant.
 */
function isLeapSecond(year: number, month: number, day: number, minuteOfDay: number, offsetMinutes: number): boolean {
  const utc = minuteOfDay - offsetMinutes;
  if ((((utc % 1440) + 1440) % 1440) !== 1439) return false;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day + Math.floor(utc / 1440));
  return d.getUTCDate() === daysInMonth(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/**
 * Why a string is not an RFC 3339 date-time naming a real instant, or undefined when it is one.
 * Exported for the tests and for the payload formats.
 */
export function dateTimeProblem(s: string): string | undefined {
  const m = RFC3339.exec(s);
  if (m === null) return 'is not an RFC 3339 date-time (YYYY-MM-DDThh:mm:ss, optional fraction, then Z or an offset ±hh:mm)';
  const [, y, mo, d, h, mi, se, sign, oh, om] = m as unknown as [string, string, string, string, string, string, string, string?, string?, string?];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return `has month ${mo}: months are 01-12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `has day ${d}, but ${MONTHS[month - 1]} ${y} has ${days} days`;
  if (Number(h) > 23) return `has hour ${h}: hours are 00-23 (RFC 3339 has no 24:00)`;
  if (Number(mi) > 59) return `has minute ${mi}: minutes are 00-59`;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return `has offset ${sign}${oh}:${om}: offsets are at most ±23:59`;
  const second = Number(se);
  if (second > 60) return `has second ${se}: seconds are 00-59, or 60 in a leap second`;
  if (second === 60) {
    const offset = oh === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    if (!isLeapSecond(year, month, day, Number(h) * 60 + Number(mi), offset)) {
      return 'has second 60, but a leap second is 23:59:60 UTC on the last day of a month (RFC 3339 §5.7)';
    }
  }
  return undefined;
}

/** The digit at `i` (0-9), or -1. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The 2-digit number at `i`, or -1. */
function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * Where the zone starts when `s` opens with `YYYY-MM-DD?hh:mm:ss[.digits]` (`?` is `T`, or also
 * `t` when `lowerT`) naming a real day and a second 00-59, read by character codes without a
 * regular expression or allocation; else -1.
 */
function dateTimeEnd(s: string, lowerT: boolean): number {
  if (s.length < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return -1;
  const t = s.charCodeAt(10);
  if (t !== 84 && !(lowerT && t === 116)) return -1; // T or t
  const y1 = two(s, 0);
  const y2 = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return -1;
  if (day > daysInMonth(y1 * 100 + y2, month)) return -1;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < s.length && digit(s, i) >= 0) i++;
    if (i === start) return -1;
  }
  return i;
}

/**
 * Where the `Z` is when `s` is `YYYY-MM-DDThh:mm:ss[.digits]Z` naming a real day and a second
 * 00-59, else -1. Such a text already spells its instant's UTC date and time: the formats cut
 * their timestamps from it with no instant computed.
 */
export function plainUtcEnd(s: string): number {
  const z = dateTimeEnd(s, false);
  return z !== -1 && s.charCodeAt(z) === 90 && z === s.length - 1 ? z : -1;
}

/**
 * The hot path: true when `s` is a valid RFC 3339 date-time with seconds 00-59; false sends the
 * caller to `dateTimeProblem`, which decides (and explains) every other case, leap seconds included.
 */
function quickValid(s: string): boolean {
  const i = dateTimeEnd(s, true);
  if (i === -1) return false;
  const n = s.length;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) return i + 1 === n; // Z or z
  if ((z !== 43 && z !== 45) || i + 6 !== n || s.charCodeAt(i + 3) !== 58) return false;
  const oh = two(s, i + 1);
  const om = two(s, i + 4);
  return oh >= 0 && oh <= 23 && om >= 0 && om <= 59;
}

/** Whether a string is an RFC 3339 date-time naming a real instant. */
export const isRfc3339DateTime = (s: string): boolean => quickValid(s) || dateTimeProblem(s) === undefined;
