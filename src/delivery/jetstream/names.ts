/**
 * How siemkit names things in JetStream (docs/jetstream.md, "Subjects and consumers"):
 *
 *   subject    <subject_prefix>.<tenant token>      one subject per tenant, so a destination of
 *                                                  one tenant filters on the server
 *   consumer   siemkit_<destination>                one durable pull consumer per destination,
 *                                                  shared by every forwarder process
 *
 * A subject token may not hold `.`, `*`, `>`, whitespace or `%`-less control characters, yet a
 * `tenant_id` may be any string (DESIGN.md §2). The token keeps `[A-Za-z0-9_-]` as it is and writes
 * every other UTF-8 byte as `%XX`, so the mapping is one-to-one and a destination's filter subject
 * is computed the same way on every machine.
 */

const PLAIN = /^[A-Za-z0-9_-]+$/;

export function tenantToken(tenant: string): string {
  if (PLAIN.test(tenant)) return tenant;
  let out = '';
  for (const byte of Buffer.from(tenant, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function tenantSubject(prefix: string, tenant: string): string {
  return `${prefix}.${tenantToken(tenant)}`;
}

/** Every subject of the stream. */
export function streamSubjects(prefix: string): string {
  return `${prefix}.>`;
}

/**
 * What a destination's consumer filters on. NATS 2.9 allows one filter subject per consumer, so a
 * destination of exactly one tenant filters on the server and any other one on `<prefix>.>`, the
 * forwarder keeping out other tenants' events itself (they are acknowledged, not counted).
 */
export function consumerFilterSubject(prefix: string, tenants: readonly string[] | undefined): string {
  return tenants !== undefined && tenants.length === 1 ? tenantSubject(prefix, tenants[0] as string) : streamSubjects(prefix);
}

/** Durable names allow `[A-Za-z0-9_-]`; destination names also allow `.`. */
export function consumerName(destination: string): string {
  return `siemkit_${destination.replace(/\./g, '_')}`;
}

/**
 * A header on messages meant for one destination only: a `siem.delivery.dropped` announcement, or
 * an event `siemkit dlq replay` sends again. Every other destination's consumer acknowledges and
 * skips them.
 */
export const DESTINATION_HEADER = 'Siemkit-Destination';
