/**
 * Keeps secrets out of the messages a destination builds from what a server answered or a socket
 * reported (DESIGN.md §5: never a secret in errors, health or dead letters). A server may echo a
 * request's credentials back (`invalid token abc…`), so the destination gives the transport the
 * secrets it was configured with, and every snippet of an answer passes through `redact`. The
 * runtime redacts once more before it logs or stores anything (src/delivery/secrets/redactor.ts).
 */

/** What a secret is replaced with (the runtime's redactor uses the same mark). */
export const REDACTED = '***';

export type Redact = (text: string) => string;

/** Bytes of an answer read for a snippet: enough for a vendor's error object, not a whole page. */
export const SNIPPET_SOURCE_BYTES = 4_096;
/** Characters of an answer an error message quotes. */
export const SNIPPET_CHARS = 200;

/**
 * `Authorization`-style values (a scheme and 8 or more token characters, so `Basic auth` in prose
 * stays) and credential-like parameters, whatever their value.
 */
const CREDENTIAL_IN_TEXT = /\b(Bearer|Basic|Splunk|ApiKey|SharedKey)\s+[A-Za-z0-9+/=._~:-]{8,}|\b((?:api[_-]?key|access[_-]?token|token|password|passwd|secret|signature|sig)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi;
/** URL userinfo (RFC 3986 §3.2.1): `scheme://user:password@host`. */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi;
/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators: kept out of one-line messages. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** The forms in which a secret travels without appearing verbatim: in a URL, a JSON string, base64. */
function forms(secret: string): string[] {
  const out = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  const bytes = Buffer.from(secret, 'utf8');
  out.add(bytes.toString('base64'));
  out.add(bytes.toString('base64').replace(/=+$/, ''));
  out.add(bytes.toString('base64url'));
  return [...out].filter((f) => f.length > 0);
}

/**
 * A redactor for these secrets (empty ones are ignored): every occurrence of a secret, or of its
 * percent-encoded, JSON-escaped or base64 form, becomes `***`, as do credential-like values and URL
 * userinfo that were never learned. Longer forms are replaced first, so a secret that contains
 * another is hidden whole.
 */
export function createRedactor(secrets: readonly string[]): Redact {
  const learned = [...new Set(secrets.filter((s) => s.length > 0).flatMap(forms))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of learned) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out.replace(URL_USERINFO, `$1${REDACTED}@`).replace(CREDENTIAL_IN_TEXT, (_m, scheme: string | undefined, key: string | undefined) => (scheme !== undefined ? `${scheme} ${REDACTED}` : `${key}${REDACTED}`));
  };
}

/**
 * The start of an answer as one short, quoted line for an error message: redacted, controls turned
 * into spaces, at most `SNIPPET_CHARS` characters. Empty answers give `(empty answer)`.
 */
export function snippet(text: string, redact: Redact): string {
  const line = redact(text.slice(0, SNIPPET_SOURCE_BYTES)).replace(CONTROLS, ' ').trim();
  if (line.length === 0) return '(empty answer)';
  // Counted and cut in code points, so a surrogate pair is never halved.
  const points = Array.from(line);
  return JSON.stringify(points.length > SNIPPET_CHARS ? `${points.slice(0, SNIPPET_CHARS).join('')}…` : line);
}

/** Headers as a preview shows them: every value through `redact`, and credential headers hidden whatever their value. */
export function redactHeaders(headers: Readonly<Record<string, string>>, redact: Redact): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = CREDENTIAL_HEADER.test(name) ? REDACTED : redact(value);
  return out;
}

/** Header names whose value is a credential: `Authorization`, `DD-API-KEY`, `X-Sumo-…` aside. */
const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie|x-api-key|api-key|dd-api-key|dd-application-key|x-license-key|x-insert-key)$/i;
