/**
 * The event's canonical JSON text, which a caller that already holds it (the runtime's queue holds
 * `JSON.stringify(event)`) hands an encoder as RecordEncoder's `canonicalJson`, so that a format
 * carrying the event as JSON does not serialise it again. The text is taken as it is only when it
 * is one line: JSON.stringify never writes a raw CR or LF, but JSON from elsewhere may hold them
 * between tokens, and no record may (a line, a syslog message, an NDJSON item).
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';

/**
 * `canonicalJson` when it is a one-line string, else `JSON.stringify(event)`. Anything but a
 * string is ignored: `events.map(encode)` passes each index there.
 */
export function canonicalJsonOf(event: CanonicalEvent, canonicalJson?: string): string {
  return typeof canonicalJson === 'string' && canonicalJson.indexOf('\n') === -1 && canonicalJson.indexOf('\r') === -1 ? canonicalJson : JSON.stringify(event);
}
