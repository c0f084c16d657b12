/**
 * Event times as epoch milliseconds (CEF `rt`, LEEF `devTime`), and whether the canonical
 * timestamp can be written back from them exactly (UTC, `Z`, three fraction digits); when it
 * cannot, the format keeps the timestamp itself in its rest.
 */
/** Epoch ms of a timestamp, and whether it gives the timestamp back exactly. */
/** The shape `Date.prototype.toISOString` writes for years 0000-9999. */
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function epochMs(timestamp: string): { ms: number; exact: boolean } {
  let ms = Date.parse(timestamp);
  // A valid instant already in toISOString's shape gives itself back (no leap second: that parses to NaN).
  if (!Number.isNaN(ms) && ISO_MS.test(timestamp)) return { ms, exact: true };
  // A leap second (23:59:60, RFC 3339 §5.7) has no epoch value of its own: the next second's.
  if (Number.isNaN(ms)) ms = Date.parse(timestamp.replace(/:60(?=[.Zz+-])/, ':59')) + 1_000;
  return { ms, exact: new Date(ms).toISOString() === timestamp };
}
