/**
 * The body of an HTTP Logs Source request (wire-protocols.md §5): UTF-8 text, one message per line.
 * JSON records make an NDJSON body; CEF, LEEF and syslog lines are messages as they are.
 */
export { frameLines as frameMessages, oneLine } from '../transport/lines.js';

/** Bytes the framing adds: nothing per request, a `\n` between messages (counted after each). */
export const SUMO_ENVELOPE_BYTES = 0;
export const SUMO_SEPARATOR_BYTES = 1;
