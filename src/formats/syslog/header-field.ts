/**
 * The header fields that RFC 5424 §6 restricts to PRINTUSASCII (%d33-126, no space) with octet
 * caps, and the RFC 3164 TAG and HOSTNAME, made from configuration and event values that may hold
 * anything.
 *
 * Sanitising (RFC 5424 §6.2): every code point outside %d33-126 (space, controls, DEL, any
 * non-ASCII character; a surrogate pair counts once) becomes `_`, then the value is cut at the
 * cap. Every kept character is one octet, so the cap in octets is a cap in characters. An empty
 * value is NILVALUE `-`. The header is a label for routing, not data: the exact values travel in
 * the message body.
 */

/** RFC 5424 §6.2: "-" stands for a value that is unknown or absent. */
export const NILVALUE = '-';

/** RFC 5424 §6 ABNF: the most octets each header field may hold. */
export const HEADER_FIELD_MAX_OCTETS = { hostname: 255, appName: 48, procId: 128, msgId: 32 } as const;

/** RFC 3164 §5.3: "The TAG is a string of ABNF alphanumeric characters that MUST NOT exceed 32 characters." */
export const RFC3164_TAG_MAX = 32;

/** Whether a UTF-16 code unit is PRINTUSASCII (%d33-126). */
export const isPrintUsAscii = (c: number): boolean => c >= 33 && c <= 126;

/**
 * Where the run of characters that the sticky expression `run` matches, starting at `start`,
 * ends. The parsers find runs this way, not with a charCodeAt loop: a message with a BOM is a
 * two-byte string, and a loop that sees both kinds of string is several times slower than the
 * expression's machine code.
 */
export function runEnd(run: RegExp, text: string, start: number): number {
  if (start >= text.length) return start;
  run.lastIndex = start;
  run.test(text);
  return run.lastIndex;
}

const PRINTUSASCII_RUN = /[!-~]*/y;

/** Where the run of PRINTUSASCII that starts at `start` ends. */
export const printUsAsciiEnd = (text: string, start: number): number => runEnd(PRINTUSASCII_RUN, text, start);

/**
 * A value as a header field: PRINTUSASCII only (others become `_`, or are dropped when
 * `replacement` is ''), at most `maxOctets`, NILVALUE when nothing is left. `also` lists further
 * ASCII characters to replace (RFC 3164's PID cannot hold `[` or `]`).
 */
export function headerField(value: string | undefined, maxOctets: number, also = ''): string {
  if (value === undefined || value === '') return NILVALUE;
  let clean = true;
  for (let i = 0; i < value.length && clean; i++) {
    const c = value.charCodeAt(i);
    clean = isPrintUsAscii(c) && (also === '' || !also.includes(value[i] as string));
  }
  if (clean) return value.length <= maxOctets ? value : value.slice(0, maxOctets);
  let out = '';
  for (let i = 0; i < value.length && out.length < maxOctets; i++) {
    const c = value.charCodeAt(i);
    // A surrogate pair is one code point: one replacement.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    out += isPrintUsAscii(c) && !also.includes(value[i] as string) ? value[i] : '_';
  }
  return out;
}

/**
 * RFC 3164 TAG from the product name: its ASCII letters and digits (any other character would end
 * the TAG, RFC 3164 §5.3), at most 32; `siemkit` when none is left.
 */
export function rfc3164Tag(productName: string): string {
  let out = '';
  for (let i = 0; i < productName.length && out.length < RFC3164_TAG_MAX; i++) {
    const c = productName.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) out += productName[i];
  }
  return out === '' ? 'siemkit' : out;
}
