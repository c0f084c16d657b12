/**
 * The canonical audit event, contract v1 (DESIGN.md §2). Producers send this; every mapper reads it.
 * Unknown fields are an error at every level but `labels` (free string pairs) and `payload`
 * (action-specific, typed by the event type when one is registered).
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { ActorSchema } from './actor.js';
import { CategorySchema } from './category.js';
import { OutcomeSchema } from './outcome.js';
import { ResourceSchema } from './resource.js';
import { SeveritySchema } from './severity.js';
import { SourceSchema } from './source.js';
import { ActionSchema, EventIdSchema, IdSchema, TenantIdSchema, TextSchema, TimestampSchema } from './strings.js';

/**
 * `labels` and `payload` are written with `additionalProperties` rather than `Type.Record`:
 * TypeBox's record keys are `patternProperties: {"^.*$": ...}`, and `.` does not match a line
 * break, so a label key holding LF or CR escaped the value check (`{"a\nb": 5}` passed).
 */
export const LabelsSchema = Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: Type.String() });
/** Any object; typed by the event type when the action is registered. */
export const PayloadSchema = Type.Unsafe<Record<string, unknown>>({ type: 'object' });

export const CanonicalEventSchema = Type.Object(
  {
    event_id: EventIdSchema,
    timestamp: TimestampSchema,
    tenant_id: TenantIdSchema,
    category: CategorySchema,
    action: ActionSchema,
    outcome: OutcomeSchema,
    severity: SeveritySchema,
    actor: ActorSchema,
    resource: Type.Optional(ResourceSchema),
    source: Type.Optional(SourceSchema),
    session_id: Type.Optional(IdSchema),
    request_id: Type.Optional(IdSchema),
    message: Type.Optional(TextSchema),
    labels: Type.Optional(LabelsSchema),
    payload: Type.Optional(PayloadSchema),
  },
  { additionalProperties: false, $id: 'https://siemkit.dev/schemas/canonical/v1/event.schema.json', title: 'siemkit canonical audit event v1' },
);

/** A canonical event (contract v1). */
export type CanonicalEvent = Static<typeof CanonicalEventSchema>;
