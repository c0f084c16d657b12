/**
 * Event times as epoch milliseconds (CEF `rt`, LEEF `devTime`), and whether the canonical
 * timestamp can be written back from them exactly (UTC, `Z`, three fraction digits); when it
 * cannot, the format keeps the timestamp itself in its rest.
 */
/** The shape `Date.prototype.toISOString` writes for years 0000-9999. */
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
// Date parts read (`YYYY-MM-DD`) and their epoch ms, NaN for a day that does not exist: a stream's
// events fall on few days. Dropped whole when full.
const DAYS = new Map<string, number>();
const MAX_DAYS = 1_024;

/** The number the ASCII digits of `text` from `start` to `end` write. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/** Epoch ms of a timestamp, and whether it gives the timestamp back exactly. */
export function epochMs(timestamp: string): { ms: number; exact: boolean } {
  // toISOString's own shape with a real day and time of day gives itself back: read it from its
  // digits, each day once. (Date.parse would also take 2024-02-30 or 24:00, rolled over.)
  if (ISO_MS.test(timestamp)) {
    const datePart = timestamp.slice(0, 10);
    let dayMs = DAYS.get(datePart);
    if (dayMs === undefined) {
      dayMs = Date.parse(`${datePart}T00:00:00.000Z`);
      if (Number.isNaN(dayMs) || !new Date(dayMs).toISOString().startsWith(datePart)) dayMs = Number.NaN;
      if (DAYS.size === MAX_DAYS) DAYS.clear();
      DAYS.set(datePart, dayMs);
    }
    const hours = digits(timestamp, 11, 13);
    const minutes = digits(timestamp, 14, 16);
    const seconds = digits(timestamp, 17, 19);
    if (!Number.isNaN(dayMs) && hours < 24 && minutes < 60 && seconds < 60) {
      return { ms: dayMs + hours * 3_600_000 + minutes * 60_000 + seconds * 1_000 + digits(timestamp, 20, 23), exact: true };
    }
  }
  let ms = Date.parse(timestamp);
  // A leap second (23:59:60, RFC 3339 §5.7) has no epoch value of its own: the next second's.
  if (Number.isNaN(ms)) ms = Date.parse(timestamp.replace(/:60(?=[.Zz+-])/, ':59')) + 1_000;
  return { ms, exact: new Date(ms).toISOString() === timestamp };
}

const DAY_MS = 86_400_000;
/** Year 10000 begins here: up to it, toISOString writes `YYYY-MM-DDTHH:mm:ss.sssZ`. */
const YEAR_10000_MS = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
// The date parts of the days written (`YYYY-MM-DDT`): a stream's events fall on few days. Dropped whole when full.
const DATES = new Map<number, string>();

/**
 * `new Date(ms).toISOString()`, or undefined when `ms` is out of the Date range. Written from
 * the digits for 1970-9999 (each day's date part made once), which is several times
 * cheaper than a Date and its toISOString per event.
 */
export function isoOfEpochMs(ms: number): string | undefined {
  if (!(ms >= 0 && ms < YEAR_10000_MS && Number.isInteger(ms))) {
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  const day = Math.floor(ms / DAY_MS);
  let date = DATES.get(day);
  if (date === undefined) {
    if (DATES.size === MAX_DAYS) DATES.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    DATES.set(day, date);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1_000);
  rest -= seconds * 1_000;
  return `${date}${TWO_DIGITS[hours] as string}:${TWO_DIGITS[minutes] as string}:${TWO_DIGITS[seconds] as string}.${THREE_DIGITS[rest] as string}Z`;
}
