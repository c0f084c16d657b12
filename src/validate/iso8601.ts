/**
 * ISO 8601 calendar dates with an optional time, as Elasticsearch's default date format
 * (`strict_date_optional_time`) reads them: `2016-05-23`, `2016-05-23T08:05`,
 * `2016-05-23T08:05:34.853Z`, `2016-05-23T10:05:34+02:00`. Fractions go to nanoseconds
 * (9 digits); a time without a zone is UTC to Elasticsearch. The parts must name a real
 * instant: `2023-02-29` and `T24:00` are rejected.
 */
import { daysInMonth } from '../../schemas/formats/calendar.js';

// yyyy-MM-dd ['T' HH:mm [':' ss ['.' fraction]] [zone]]: the syntax. Every part up to the
// seconds sits at a fixed offset, so the ranges are then read from character codes.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** The 2-digit number at `i`; the regular expression has already checked the digits. */
function twoDigits(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
}

export function isIso8601DateTime(s: string): boolean {
  if (!ISO_DATE_TIME.test(s)) return false;
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (s.length === 10) return true;
  if (twoDigits(s, 11) > 23 || twoDigits(s, 14) > 59) return false;
  if (s.charCodeAt(16) === 58 && twoDigits(s, 17) > 59) return false;
  // The zone, if any, follows the last digit of the time; java.time caps offsets at ±18:00.
  const sign = Math.max(s.indexOf('+', 16), s.indexOf('-', 16));
  if (sign !== -1) {
    const hours = twoDigits(s, sign + 1);
    const rest = s.length - (sign + 3);
    const minutes = rest === 0 ? 0 : twoDigits(s, s.length - 2);
    if (minutes > 59 || hours * 60 + minutes > 18 * 60) return false;
  }
  return true;
}
