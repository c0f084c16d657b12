/**
 * What every record format's encoder is (record-format.ts), the syslog encoders among them: one
 * canonical event as one record. `canonicalJson`, when the caller already holds it, is the event's
 * JSON text as `JSON.stringify(event)` wrote it (the runtime's queue holds it): a format that
 * carries the event as JSON uses it rather than serialising again (canonical-json.ts).
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';

export type RecordEncoder = (event: CanonicalEvent, canonicalJson?: string) => string;
