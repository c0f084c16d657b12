/**
 * Keeps secrets out of everything siemkit writes for people to read or to keep: error messages
 * (a destination's too, which quote what a server answered: redact.ts), logs, the health report,
 * metrics and dead-letter files (DESIGN.md §5: "never a secret in them"). The one redactor of the
 * package: destinations use it through redact.ts, the runtime and the command line directly.
 *
 * A `Redactor` learns the secret values the configuration resolved (and the ones the runtime
 * obtains later, such as an OAuth access token) and replaces every occurrence with `***`. It also
 * learns the forms in which a secret leaks without appearing verbatim:
 *   - percent-encoded (RFC 3986 §2.1, upper- and lower-case hex) and form-encoded (`+` for space,
 *     WHATWG URL §5.2 application/x-www-form-urlencoded), as in a URL or a form body;
 *   - JSON-string-escaped, as in a JSON error body or log line;
 *   - base64 and base64url (RFC 4648 §4, §5), padding or not;
 *   - for basic authentication, base64 of `user:password` (RFC 7617 §2), which contains neither
 *     part verbatim: learn it with `addBasicAuth`;
 *   - for a secret that is a URL (a Sumo Logic collector URL, a webhook): the URL as `new URL()`
 *     writes it, its password, and its long path segments and query values, the places a URL
 *     carries its token.
 * The header forms `Bearer <token>`, `Splunk <token>`, `DD-API-KEY: <key>` hold the secret verbatim,
 * so they read `Bearer ***` once redacted.
 *
 * Three strengths:
 *   - `redact(text)` replaces learned secrets only. It changes nothing else, so it is safe on data
 *     that must stay intact, such as the events in a dead-letter file.
 *   - `redactCredentials(text)` also hides what looks like a credential although it was never
 *     learned: URL userinfo, the values of `Authorization`-like headers, a token after an
 *     authorization scheme (`Bearer …`, `Splunk …`; 8 or more token characters, so `Basic auth` in
 *     prose stays), and credential-like parameters (`api_key=…`, `"password": "…"`). For what a
 *     destination quotes of a server's answer, and its previews, whose URLs keep their query.
 *   - `redactMessage(text)` hides, on top, every URL's query values and fragment (`redactUrl`).
 *     For errors, logs and health, where the text is for people.
 *
 * Every non-empty secret is learned, however short: a short password mangles the logs, which is
 * better than leaking it.
 */

/** What a secret is replaced with. */
export const REDACTED = '***';

/**
 * Request and response headers whose value is a credential whatever it is (lower case). Vendor
 * headers from the wire-protocol reference: Splunk HEC, Datadog, New Relic, Elastic, Sumo Logic.
 */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'dd-api-key',
  'dd-application-key',
  'x-license-key',
  'x-insert-key',
  'x-sumo-token',
  'webhook-signature',
]);

/** Parts of a URL secret shorter than this are not learned alone: `v1` or `http` would redact everything. */
const MIN_URL_PART_LENGTH = 16;
/** A URL written in text (RFC 3986 §3: scheme "://" ...), up to whitespace, a quote or an angle bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** `name: value` or `name=value` for a sensitive header name, as in a header dump or a JSON error body. */
const HEADER_IN_TEXT = new RegExp(`\\b(${[...SENSITIVE_HEADERS].join('|')})(["']?\\s*[:=]\\s*["']?)([^\\r\\n"',;}]+)`, 'gi');
/** URL userinfo (RFC 3986 §3.2.1): `scheme://user:password@host`. */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi;
/**
 * A token after an authorization scheme (8 or more token characters), and the value of a
 * credential-like parameter, as servers echo them in their answers (`invalid token abc…`).
 */
const CREDENTIAL_IN_TEXT = /\b(Bearer|Basic|Splunk|ApiKey|SharedKey)\s+[A-Za-z0-9+/=._~:-]{8,}|\b((?:api[_-]?key|access[_-]?token|token|password|passwd|secret|signature|sig)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi;

export class Redactor {
  /** Every form to redact, with how many learned secrets produce it (so `forget` of one keeps the others'). */
  readonly #forms = new Map<string, number>();
  #secrets = 0;

  /** How many secrets are learned. */
  get size(): number {
    return this.#secrets;
  }

  /**
   * Learns a secret and its derived forms. Returns a function that forgets them again, for a
   * secret that is replaced (an access token that was refreshed). An empty secret is ignored.
   */
  add(secret: string): () => void {
    return this.#learn(secret === '' ? [] : secretForms(secret));
  }

  /** Learns a basic-authentication password and the credentials as the `Authorization: Basic` header carries them. */
  addBasicAuth(username: string, password: string): () => void {
    if (password === '') return () => {};
    const forms = secretForms(password);
    for (const form of base64Forms(`${username}:${password}`)) forms.add(form);
    return this.#learn(forms);
  }

  /** `text` with every learned secret (in every learned form) replaced by `***`; nothing else changed. */
  redact(text: string): string {
    if (this.#forms.size === 0 || text === '') return text;
    const spans: [number, number][] = [];
    for (const form of this.#forms.keys()) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) spans.push([at, at + form.length]);
    }
    if (spans.length === 0) return text;
    // Occurrences may overlap (one secret's end is another's start): merge them, so no part shows.
    spans.sort((a, b) => a[0] - b[0]);
    let out = '';
    let kept = 0;
    let [start, end] = spans[0] as [number, number];
    for (let i = 1; i < spans.length; i++) {
      const [s, e] = spans[i] as [number, number];
      if (s <= end) end = Math.max(end, e);
      else {
        out += text.slice(kept, start) + REDACTED;
        kept = end;
        [start, end] = [s, e];
      }
    }
    return out + text.slice(kept, start) + REDACTED + text.slice(end);
  }

  /**
   * For text meant for people (errors, logs, health): `redactCredentials`, then every URL's query
   * values and fragment, whether or not they were learned.
   */
  redactMessage(text: string): string {
    return this.redactCredentials(text).replace(URL_IN_TEXT, (url) => redactUrl(url));
  }

  /**
   * `redact`, then what looks like a credential although it was never learned: URL userinfo,
   * sensitive header values, scheme tokens and credential-like parameters. URL queries stay.
   */
  redactCredentials(text: string): string {
    return this.redact(text)
      .replace(URL_USERINFO, `$1${REDACTED}@`)
      .replace(HEADER_IN_TEXT, (_all, name: string, sep: string) => `${name}${sep}${REDACTED}`)
      .replace(CREDENTIAL_IN_TEXT, (_all, scheme: string | undefined, key: string | undefined) => (scheme !== undefined ? `${scheme} ${REDACTED}` : `${key}${REDACTED}`));
  }

  /** `redactUrl(url)`, then learned secrets (a token in a URL's path, as Sumo Logic's). */
  redactUrl(url: string): string {
    return redactUrl(this.redact(url));
  }

  /** An error as one line for people: name, message and causes, each through `redactMessage`. */
  redactError(err: unknown): string {
    const parts: string[] = [];
    let current: unknown = err;
    for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
      if (current instanceof Error) {
        parts.push(current.message === '' ? current.name : `${current.name}: ${current.message}`);
        current = current.cause;
      } else {
        parts.push(String(current));
        break;
      }
    }
    return this.redactMessage(parts.join('; caused by '));
  }

  /** Headers for a log line: sensitive ones as `***`, the others through `redact`. */
  redactHeaders(headers: Readonly<Record<string, string | readonly string[] | number | undefined>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(', ') : String(value);
      out[name] = SENSITIVE_HEADERS.has(name.toLowerCase()) ? REDACTED : this.redact(text);
    }
    return out;
  }

  /**
   * A copy of a JSON-like value (a health report, a dead-letter record) with `redact` applied to
   * every string, keys included. Errors become `redactError` strings; a cycle becomes `[Circular]`.
   */
  redactValue<T>(value: T): T {
    return this.#redactValue(value, new WeakSet()) as T;
  }

  #redactValue(value: unknown, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof Error) return this.redactError(value);
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    let out: unknown;
    if (Array.isArray(value)) out = value.map((v) => this.#redactValue(v, seen));
    else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        // defineProperty, not assignment: a `__proto__` key stays a key.
        Object.defineProperty(copy, this.redact(k), { value: this.#redactValue(v, seen), enumerable: true, writable: true, configurable: true });
      }
      out = copy;
    } else out = value;
    seen.delete(value);
    return out;
  }

  #learn(forms: Iterable<string>): () => void {
    const learned = [...forms].filter((f) => f !== '');
    if (learned.length === 0) return () => {};
    for (const form of learned) this.#forms.set(form, (this.#forms.get(form) ?? 0) + 1);
    this.#secrets += 1;
    let forgotten = false;
    return () => {
      if (forgotten) return;
      forgotten = true;
      this.#secrets -= 1;
      for (const form of learned) {
        const n = (this.#forms.get(form) ?? 1) - 1;
        if (n === 0) this.#forms.delete(form);
        else this.#forms.set(form, n);
      }
    };
  }
}

/**
 * A URL with its credentials hidden: userinfo (RFC 3986 §3.2.1) becomes `***@`, each query value
 * (§3.4) becomes `***` (names stay, they say what was sent), and a fragment becomes `#***`. Scheme,
 * host, port and path stay as written. Works on text that is not a valid URL too, by the same
 * delimiters, so a malformed URL in an error is still hidden.
 */
export function redactUrl(url: string): string {
  let rest = url;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    fragment = hash === rest.length - 1 ? '#' : `#${REDACTED}`;
    rest = rest.slice(0, hash);
  }
  let query = '';
  const question = rest.indexOf('?');
  if (question !== -1) {
    query = `?${rest
      .slice(question + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq === -1 ? pair : `${pair.slice(0, eq)}=${REDACTED}`;
      })
      .join('&')}`;
    rest = rest.slice(0, question);
  }
  const scheme = rest.indexOf('://');
  const authorityStart = scheme === -1 ? (rest.startsWith('//') ? 2 : -1) : scheme + 3;
  if (authorityStart !== -1) {
    const slash = rest.indexOf('/', authorityStart);
    const authorityEnd = slash === -1 ? rest.length : slash;
    const at = rest.lastIndexOf('@', authorityEnd - 1);
    if (at >= authorityStart) rest = `${rest.slice(0, authorityStart)}${REDACTED}${rest.slice(at)}`;
  }
  return rest + query + fragment;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The forms in which `secret` may show up in text. */
function secretForms(secret: string): Set<string> {
  const forms = new Set<string>([secret]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  // encodeURIComponent throws on a lone surrogate, which no URL then holds.
  if (!LONE_SURROGATE.test(secret)) {
    const percent = encodeURIComponent(secret);
    forms.add(percent);
    forms.add(percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
    forms.add(new URLSearchParams([['', secret]]).toString().slice(1));
  }
  for (const form of base64Forms(secret)) forms.add(form);
  for (const part of urlParts(secret)) forms.add(part);
  return forms;
}

/** base64 with and without padding (so the `=` go too when present), and base64url. */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const padded = bytes.toString('base64');
  return [padded, padded.replace(/=+$/, ''), bytes.toString('base64url')];
}

/** Where a secret that is a URL keeps its credential, in the forms a client may write it. */
function urlParts(secret: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(secret)) return [];
  let url: URL;
  try {
    url = new URL(secret);
  } catch {
    return [];
  }
  const parts = [url.href];
  if (url.password !== '') parts.push(url.password, safeDecode(url.password));
  for (const segment of url.pathname.split('/')) {
    if (segment.length < MIN_URL_PART_LENGTH) continue;
    const decoded = safeDecode(segment);
    parts.push(segment, decoded, encodeURIComponent(decoded));
  }
  for (const value of url.searchParams.values()) if (value.length >= MIN_URL_PART_LENGTH) parts.push(value, encodeURIComponent(value));
  return parts;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
