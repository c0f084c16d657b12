/** Payloads of the SECURITY event types. */
import { Type } from 'typebox';
import { TimestampSchema } from '../strings.js';

export const DlpPayloadSchema = Type.Object({
  policy: Type.Optional(Type.String()),
  rule: Type.Optional(Type.String()),
  /** What matched (data classes, never the data itself). */
  matched: Type.Optional(Type.Array(Type.String())),
});

export const PermissionDeniedPayloadSchema = Type.Object({
  permission: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});

/**
 * `siem.delivery.dropped`: the runtime dropped events for a destination (buffer window or byte cap
 * exceeded, DESIGN.md §5); they are in the dead-letter file, and this event says so elsewhere.
 */
export const DeliveryDroppedPayloadSchema = Type.Object({
  destination: Type.String({ minLength: 1 }),
  count: Type.Integer({ minimum: 1 }),
  oldest: Type.Optional(TimestampSchema),
  newest: Type.Optional(TimestampSchema),
  window_ms: Type.Optional(Type.Integer({ minimum: 0 })),
  reason: Type.Optional(Type.String()),
});
