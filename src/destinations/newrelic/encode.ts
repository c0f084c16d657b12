/**
 * The Log API's detailed body (wire-protocols.md §6.1): one block of common attributes and the
 * logs of the batch,
 *
 *   [{"common":{"attributes":{"siemkit.format":"ocsf",...}},"logs":[{log},{log},...]}]
 *
 * where each log is the event's record as `message` (New Relic parses a JSON message into
 * attributes), its instant as `timestamp` in epoch milliseconds, and the canonical fields most
 * searched as `siemkit.*` attributes, named apart from what the parsed message may hold.
 */
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { joinUtf8 } from '../transport/utf8-join.js';

export interface LogsEnvelope {
  /** `[{"common":{…},"logs":[` */
  readonly prefix: string;
  /** `]}]` */
  readonly suffix: string;
}

export function logsEnvelope(common: Readonly<Record<string, string>>): LogsEnvelope {
  return { prefix: `[{"common":{"attributes":${JSON.stringify(common)}},"logs":[`, suffix: ']}]' };
}

/** One log entry of the `logs` array. */
export function logEntry(record: string, event: CanonicalEvent): string {
  const attributes = {
    'siemkit.event_id': event.event_id,
    'siemkit.tenant_id': event.tenant_id,
    'siemkit.category': event.category,
    'siemkit.action': event.action,
    'siemkit.outcome': event.outcome,
    'siemkit.severity': event.severity,
  };
  return `{"timestamp":${Date.parse(event.timestamp)},"message":${JSON.stringify(record)},"attributes":${JSON.stringify(attributes)}}`;
}

export function frameLogs(envelope: LogsEnvelope, entries: readonly string[]): Buffer {
  return joinUtf8(entries, ',', envelope.prefix, envelope.suffix);
}

/** What the envelope adds once, and the `,` between entries (counted after each). */
export function envelopeBytes(envelope: LogsEnvelope): number {
  return Buffer.byteLength(envelope.prefix, 'utf8') + Buffer.byteLength(envelope.suffix, 'utf8');
}
export const LOGS_SEPARATOR_BYTES = 1;
