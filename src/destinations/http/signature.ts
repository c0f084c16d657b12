/**
 * Request signatures after the Standard Webhooks specification (v1.0.0, "Signature scheme" and
 * "Webhook headers"): HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, sent as
 *
 *   webhook-id:        msg_<id>        the same on every retry of the same records (an idempotency key)
 *   webhook-timestamp: 1674087231      seconds since the epoch, of this attempt (new on each retry)
 *   webhook-signature: v1,<base64>     `v1` = HMAC-SHA256
 *
 * The secret is given as the spec serializes it, `whsec_` + base64 of the key bytes; any other
 * string is taken as raw key bytes (UTF-8), for receivers that share a plain secret.
 *
 * The body signed is the body before `Content-Encoding: gzip`: what a receiver's framework hands to
 * its verifier once it has decoded the request.
 */
import { createHash, createHmac } from 'node:crypto';

const WHSEC_PREFIX = 'whsec_';

/** The HMAC key of a signing secret. */
export function signingKey(secret: string): Buffer {
  if (secret.startsWith(WHSEC_PREFIX)) {
    const b64 = secret.slice(WHSEC_PREFIX.length);
    // base64 (RFC 4648 §4) with or without padding; anything else is a raw secret that happens to start with `whsec_`.
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return Buffer.from(b64, 'base64');
  }
  return Buffer.from(secret, 'utf8');
}

/**
 * The `webhook-id` of a request holding these events: derived from their `event_id`s, so a retry of
 * the same records carries the same id, and free of `.` (the spec forbids it: the id is a field of
 * the signed content). 128 bits of SHA-256, base64url.
 */
export function webhookId(eventIds: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of eventIds) hash.update(id).update('\n');
  return `msg_${hash.digest().subarray(0, 16).toString('base64url')}`;
}

/** The three Standard Webhooks headers for `body`, sent at `timestampSeconds`. */
export function signatureHeaders(key: Buffer, id: string, timestampSeconds: number, body: Buffer | string): Record<string, string> {
  const timestamp = String(timestampSeconds);
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
