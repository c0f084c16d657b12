/** Payloads of group membership and role changes (DESIGN.md §2). */
import { Type } from 'typebox';
import { EmailSchema, IdSchema } from '../strings.js';

/** `payload.member`: the user added to or removed from the group (the group is the `resource`). */
export const MemberSchema = Type.Object(
  { id: IdSchema, email: Type.Optional(EmailSchema), name: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export const MembershipPayloadSchema = Type.Object({ member: MemberSchema });

/** `payload.role` (a string) or `payload.privileges` (strings): at least one of them. */
export const AccessPayloadSchema = Type.Object(
  {
    role: Type.Optional(Type.String({ minLength: 1 })),
    privileges: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
  },
  { anyOf: [{ required: ['role'] }, { required: ['privileges'] }] },
);
