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

export const LabelsSchema = Type.Record(Type.String(), Type.String());
export const PayloadSchema = Type.Record(Type.String(), Type.Unknown());

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
