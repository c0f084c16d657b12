/**
 * The "Test" button (`siemkit test`, `forwarder.test(name)`): one synthetic event, marked as a test
 * by its action (`siem.destination.test`), its message and the label `siemkit_test: "true"`, sent
 * straight to the destination (no queue, no retry) so the answer shown is the vendor's own.
 */
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import type { Destination } from '../destinations/destination.js';
import type { WireAnswer } from '../destinations/transport/answer-log.js';
import { collectAnswers } from '../destinations/transport/answer-log.js';
import { newEventId } from '../registry/create-event.js';
import { failureReason, failureStatus } from './senders/retry-sender.js';

export const TEST_ACTION = 'siem.destination.test';
/** The tenant of a test event for a global destination (a per-tenant destination gets its first tenant). */
export const TEST_TENANT = 'siemkit-test';

export interface TestResult {
  readonly destination: string;
  readonly ok: boolean;
  readonly event_id: string;
  /** `delivered`, or the destination's answer (redacted). */
  readonly message: string;
  readonly status?: number | string;
  /** The receiver's answers to the requests the send made (an HTTP destination's; none for syslog or a file), redacted. */
  readonly answers: readonly WireAnswer[];
}

export function testEvent(destination: string, tenantId: string, nowMs: number): CanonicalEvent {
  return {
    event_id: newEventId(nowMs),
    timestamp: new Date(nowMs).toISOString(),
    tenant_id: tenantId,
    category: 'CONFIGURATION',
    action: TEST_ACTION,
    outcome: 'success',
    severity: 'info',
    actor: { type: 'system', id: 'siemkit' },
    resource: { type: 'destination', id: destination, name: destination },
    message: `siemkit test event for destination ${destination}: safe to ignore`,
    labels: { siemkit_test: 'true' },
  };
}

/** Encodes and sends `event` once, within `timeoutMs`; never throws. */
export async function sendTestEvent(destination: Destination, event: CanonicalEvent, timeoutMs: number, redact: (s: string) => string): Promise<TestResult> {
  const { answers, result } = await collectAnswers(async () => {
    const record = destination.encode(event);
    await destination.send({ records: [record], events: [event] }, AbortSignal.timeout(timeoutMs));
  });
  const seen = answers.map((a) => ({ ...a, body: redact(a.body) }));
  if (result.status === 'fulfilled') return { destination: destination.name, ok: true, event_id: event.event_id, message: 'delivered', answers: seen };
  const status = failureStatus(result.reason);
  return { destination: destination.name, ok: false, event_id: event.event_id, message: redact(failureReason(result.reason)), ...(status !== undefined ? { status } : {}), answers: seen };
}
