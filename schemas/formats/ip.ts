/**
 * IP address syntax, as Elasticsearch's `ip` field type accepts it: dotted-quad IPv4 and
 * RFC 4291 §2.2 text IPv6 (with `::` compression and an embedded IPv4 tail).
 *
 * IPv4 octets with leading zeros (`010.0.0.1`) are rejected: some parsers read them as octal,
 * so the same text names different hosts in different tools. IPv6 zone ids (`fe80::1%eth0`) are
 * rejected too: they are local to one machine and mean nothing in a stored event.
 *
 * Both parsers scan character codes without allocating: they run on every `ip` value validated.
 */

const CODE_0 = 48;
const CODE_9 = 57;
const DOT = 46;
const COLON = 58;

function isDigit(c: number): boolean {
  return c >= CODE_0 && c <= CODE_9;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Dotted-quad IPv4 between `start` and the end of `s`. */
function isIPv4From(s: string, start: number): boolean {
  const n = s.length;
  let octets = 0;
  let i = start;
  for (;;) {
    const first = i;
    let value = 0;
    while (i < n && isDigit(s.charCodeAt(i))) {
      value = value * 10 + (s.charCodeAt(i) - CODE_0);
      i++;
    }
    const digits = i - first;
    if (digits === 0 || digits > 3 || value > 255 || (digits > 1 && s.charCodeAt(first) === CODE_0)) return false;
    octets++;
    if (i === n) return octets === 4;
    if (s.charCodeAt(i) !== DOT || octets === 4) return false;
    i++;
  }
}

export function isIPv4(s: string): boolean {
  return isIPv4From(s, 0);
}

export function isIPv6(s: string): boolean {
  const n = s.length;
  if (n < 2 || n > 45) return false;
  let groups = 0;
  let gap = false;
  let i = 0;
  if (s.charCodeAt(0) === COLON) {
    if (s.charCodeAt(1) !== COLON) return false;
    gap = true;
    i = 2;
  }
  while (i < n) {
    const start = i;
    while (i < n && i - start < 5 && isHexDigit(s.charCodeAt(i))) i++;
    if (i < n && s.charCodeAt(i) === DOT) {
      // An embedded IPv4 address ends the text and stands for two groups.
      if (!isIPv4From(s, start)) return false;
      groups += 2;
      break;
    }
    const digits = i - start;
    if (digits === 0 || digits > 4) return false;
    groups++;
    if (i === n) break;
    if (s.charCodeAt(i) !== COLON) return false;
    i++;
    if (i < n && s.charCodeAt(i) === COLON) {
      if (gap) return false;
      gap = true;
      i++;
    } else if (i === n) {
      return false;
    }
  }
  // `::` stands for at least one group of zeros.
  return gap ? groups <= 7 : groups === 8;
}

export function isIpAddress(s: string): boolean {
  return s.includes(':') ? isIPv6(s) : isIPv4(s);
}
