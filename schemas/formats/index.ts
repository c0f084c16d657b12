/**
 * The string formats the canonical schemas use, as Ajv format definitions: one definition serves
 * the generated event validator, the payload validators and the tests. `date-time` is RFC 3339 to
 * the letter (stricter than ajv-formats); `ipv4`/`ipv6` are allocation-free parsers (several times
 * faster than ajv-formats' regular expressions on IPv6); `email` is ajv-formats' own.
 */
import type { FormatDefinition } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isIPv4, isIPv6 } from './ip.js';
import { isRfc3339DateTime } from './rfc3339.js';

export const CANONICAL_FORMATS = {
  'date-time': { type: 'string', validate: isRfc3339DateTime },
  email: { type: 'string', validate: fullFormats.email as RegExp },
  ipv4: { type: 'string', validate: isIPv4 },
  ipv6: { type: 'string', validate: isIPv6 },
} as const satisfies Record<string, FormatDefinition<string>>;

export type CanonicalFormat = keyof typeof CANONICAL_FORMATS;
