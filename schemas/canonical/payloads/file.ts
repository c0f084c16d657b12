/** Payloads of the FILE_ACCESS event types (the file or folder itself is the `resource`). */
import { Type } from 'typebox';
import { TimestampSchema } from '../strings.js';

export const FilePayloadSchema = Type.Object({
  size: Type.Optional(Type.Integer({ minimum: 0 })),
  mime_type: Type.Optional(Type.String()),
  sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
});

/** Rename and move: where the file was before. */
export const FileRelocationPayloadSchema = Type.Object({
  previous_name: Type.Optional(Type.String()),
  previous_path: Type.Optional(Type.String()),
});

export const SharePayloadSchema = Type.Object({
  /** Who gets (or loses) access: user ids, e-mail addresses, group names, `anyone`. */
  shared_with: Type.Optional(Type.Array(Type.String())),
  /** `view`, `edit`, `owner`, ... */
  permission: Type.Optional(Type.String()),
});

export const ExternalLinkPayloadSchema = Type.Object({
  url: Type.Optional(Type.String()),
  expires_at: Type.Optional(TimestampSchema),
  /** `anyone`, `organization`, `password`, ... */
  access: Type.Optional(Type.String()),
});
