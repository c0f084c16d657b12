/**
 * HTTP-date (RFC 9110 §5.6.7), as a `Retry-After` header may carry it. Senders write IMF-fixdate;
 * recipients must also read the two obsolete forms:
 *
 *   IMF-fixdate    Sun, 06 Nov 1994 08:49:37 GMT
 *   rfc850-date    Sunday, 06-Nov-94 08:49:37 GMT
 *   asctime-date   Sun Nov  6 08:49:37 1994          (no zone: UTC, as every HTTP-date)
 *
 * `Date.parse` is not used: it reads asctime-date in local time and accepts much that is not an
 * HTTP-date.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** Epoch ms of a valid calendar instant, or undefined (31 Feb, hour 24). Second 60 is a leap second (§5.6.7). */
function instant(year: number, month: string, day: number, hour: number, minute: number, second: number): number | undefined {
  const m = MONTHS.indexOf(month);
  if (day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, m, day, hour, minute, Math.min(second, 59));
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== m || d.getUTCDate() !== day) return undefined;
  return ms + (second === 60 ? 1_000 : 0);
}

/**
 * Epoch ms of an HTTP-date, or undefined when `value` is none of its three forms. `nowMs` places
 * the two-digit year of rfc850-date: one that would be more than 50 years ahead is in the past
 * century (§5.6.7).
 */
export function parseHttpDate(value: string, nowMs: number): number | undefined {
  const v = value.trim();
  let m = IMF_FIXDATE.exec(v);
  if (m !== null) return instant(Number(m[3]), m[2] as string, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = ASCTIME_DATE.exec(v);
  if (m !== null) return instant(Number(m[6]), m[1] as string, Number((m[2] as string).trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  m = RFC850_DATE.exec(v);
  if (m !== null) {
    const thisYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
    return instant(year, m[2] as string, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  return undefined;
}
