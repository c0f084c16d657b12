/**
 * Keeps secrets out of the messages a destination builds from what a server answered or a socket
 * reported (DESIGN.md §5: never a secret in errors, health or dead letters). A server may echo a
 * request's credentials back (`invalid token abc…`), so the destination gives the transport the
 * secrets it was configured with, and every snippet of an answer passes through `redact`: the
 * package's one redactor (redactor.ts) with those secrets learned, in its `redactCredentials`
 * strength (a preview's URL keeps its query).
 * The runtime redacts once more before it logs or stores anything.
 */
import { REDACTED, Redactor, SENSITIVE_HEADERS } from './redactor.js';

export { REDACTED };

export type Redact = (text: string) => string;

/** Bytes of an answer read for a snippet: enough for a vendor's error object, not a whole page. */
export const SNIPPET_SOURCE_BYTES = 4_096;
/** Characters of an answer an error message quotes. */
export const SNIPPET_CHARS = 200;

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators: kept out of one-line messages. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * A redactor for these secrets (empty ones are ignored): every occurrence of a secret, or of one of
 * the forms it travels in (percent-encoded, JSON-escaped, base64…), becomes `***`, as do
 * credential-like values and URL userinfo that were never learned (`Redactor.redactCredentials`).
 */
export function createRedactor(secrets: readonly string[]): Redact {
  const redactor = new Redactor();
  for (const s of secrets) redactor.add(s);
  return (text) => redactor.redactCredentials(text);
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

/** Headers as a preview shows them: every value through `redact`, and credential headers (`SENSITIVE_HEADERS`) hidden whatever their value. */
export function redactHeaders(headers: Readonly<Record<string, string>>, redact: Redact): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SENSITIVE_HEADERS.has(name.toLowerCase()) ? REDACTED : redact(value);
  return out;
}
