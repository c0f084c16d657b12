/**
 * The string shapes the contract names (DESIGN.md §2). Any Unicode is valid inside free-text
 * strings: encoders escape, they never reject or alter data.
 */
import { Type } from 'typebox';

/** `event_id`: 1-128 characters of `[A-Za-z0-9_.:-]`, the dedupe key downstream. */
export const EventIdSchema = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]{1,128}$' });

/** `action`: dotted lower-case `object.verb`, e.g. `user.login`, `link.create_external`. */
export const ACTION_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$';
export const ActionSchema = Type.String({ pattern: ACTION_PATTERN });

/** RFC 3339 date-time with `Z` or an offset; validation also proves it is a real calendar instant. */
export const TimestampSchema = Type.String({ format: 'date-time' });

/** `tenant_id`: 1-128 characters, any. */
export const TenantIdSchema = Type.String({ minLength: 1, maxLength: 128 });

/** A non-empty identifier (actor, resource, session, request ids). */
export const IdSchema = Type.String({ minLength: 1 });

/** An e-mail address (RFC 5321 mailbox as ajv-formats' `email` checks it). */
export const EmailSchema = Type.String({ format: 'email' });

/** Free text: any Unicode. */
export const TextSchema = Type.String();
