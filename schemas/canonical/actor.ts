/**
 * `actor` (DESIGN.md §2): who acted. `service_account` names the service that acted on the user's
 * behalf (e.g. from an OAuth `act` claim), so a SIEM can tell the human from the automation.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { EmailSchema, IdSchema, TextSchema } from './strings.js';

export const ACTOR_TYPES = ['user', 'service_account', 'system', 'api_key'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const ActorSchema = Type.Object(
  {
    type: Type.Enum(ACTOR_TYPES),
    id: IdSchema,
    email: Type.Optional(EmailSchema),
    name: Type.Optional(TextSchema),
    service_account: Type.Optional(TextSchema),
  },
  { additionalProperties: false },
);
export type Actor = Static<typeof ActorSchema>;
