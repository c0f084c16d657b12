/**
 * A destination's settings that passed the schema but cannot work (a header name that HTTP forbids,
 * an unreadable certificate file): thrown by a destination type's `create`. The message names the
 * destination and the key, never a secret value.
 */
export class DestinationConfigError extends Error {
  override readonly name = 'DestinationConfigError';

  constructor(
    readonly destination: string,
    /** The key in the destination's settings, dotted (`auth.name`, `tls.ca_file`). */
    readonly key: string,
    readonly reason: string,
  ) {
    super(`destination "${destination}": ${key}: ${reason}`);
  }
}
