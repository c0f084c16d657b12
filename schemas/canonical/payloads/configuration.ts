/** Payloads of the CONFIGURATION event types (the setting or entity is the `resource`). */
import { Type } from 'typebox';
import { TimestampSchema } from '../strings.js';

export const SettingsPayloadSchema = Type.Object({
  old_value: Type.Optional(Type.Unknown()),
  new_value: Type.Optional(Type.Unknown()),
});

export const CertificatePayloadSchema = Type.Object({
  serial_number: Type.Optional(Type.String()),
  subject: Type.Optional(Type.String()),
  issuer: Type.Optional(Type.String()),
  not_before: Type.Optional(TimestampSchema),
  not_after: Type.Optional(TimestampSchema),
  fingerprint_sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
  /** For `certificate.revoke`: the RFC 5280 reason (`keyCompromise`, ...). */
  revocation_reason: Type.Optional(Type.String()),
});
