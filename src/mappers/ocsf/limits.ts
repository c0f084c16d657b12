/**
 * The OCSF 1.1.0 value limits a canonical value can break (dictionary `types`): `string_t` holds
 * at most 65,535 characters and every string subtype without a limit of its own inherits it;
 * `ip_t` holds 40. Lengths are code points, as `validateOcsf` counts them (docs/ocsf.md). A value
 * over its home's limit goes to `unmapped.siemkit` instead (docs/mapping-ocsf.md).
 */
import { codePointLength } from '../../../schemas/formats/code-points.js';

/** `string_t.max_len`. */
export const STRING_MAX_LEN = 65_535;
/** `ip_t.max_len`: an IPv6 address with an embedded IPv4 tail can reach 45 characters. */
export const IP_MAX_LEN = 40;

/** Whether `s` fits a string attribute of at most `max` characters. */
export function fits(s: string, max: number = STRING_MAX_LEN): boolean {
  // A UTF-16 length is never below the code point count, and at most twice it.
  if (s.length <= max) return true;
  if (s.length > 2 * max) return false;
  return codePointLength(s) <= max;
}
