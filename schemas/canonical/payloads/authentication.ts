/** Payloads of the AUTHENTICATION event types. Built-in payloads type what they know and accept other members. */
import { Type } from 'typebox';

export const LoginPayloadSchema = Type.Object({
  /** How the user proved who they are: `password`, `saml`, `oidc`, `passkey`, ... */
  method: Type.Optional(Type.String()),
  mfa: Type.Optional(Type.Boolean()),
  /** The identity provider that vouched for the user. */
  idp: Type.Optional(Type.String()),
});

export const MfaChallengePayloadSchema = Type.Object({
  /** `totp`, `webauthn`, `sms`, `push`, ... */
  factor: Type.Optional(Type.String()),
});

export const SessionExpirePayloadSchema = Type.Object({
  /** `idle`, `absolute`, `revoked`, ... */
  reason: Type.Optional(Type.String()),
});

export const TokenExchangePayloadSchema = Type.Object({
  client_id: Type.Optional(Type.String()),
  audience: Type.Optional(Type.String()),
  scopes: Type.Optional(Type.Array(Type.String())),
  /** RFC 8693 `subject_token_type`. */
  subject_token_type: Type.Optional(Type.String()),
});
