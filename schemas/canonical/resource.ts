/**
 * `resource` (DESIGN.md §2): what was acted upon. For account, group and role changes it is the
 * user or group acted upon; for file access the file or folder.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { EmailSchema, IdSchema, TextSchema } from './strings.js';

export const ResourceSchema = Type.Object(
  {
    type: TextSchema,
    id: IdSchema,
    name: Type.Optional(TextSchema),
    path: Type.Optional(TextSchema),
    email: Type.Optional(EmailSchema),
  },
  { additionalProperties: false },
);
export type Resource = Static<typeof ResourceSchema>;
