/**
 * A destination's URL setting as a `URL`, refused when HTTP cannot use it safely: another scheme,
 * or credentials in the userinfo (RFC 3986 §3.2.1; RFC 9110 §4.2.4 deprecates them). The error
 * names the key and never the value: a collector URL may carry its token in the path (Sumo Logic).
 */
import { DestinationConfigError } from '../config-error.js';

export interface EndpointRules {
  /** Whether a query string is allowed (it is refused where the destination builds its own). Default true. */
  readonly query?: boolean;
  /** What to say about credentials found in the URL: where they go instead. */
  readonly credentialsHint?: string;
}

export function parseEndpoint(destination: string, key: string, value: string, rules: EndpointRules = {}): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DestinationConfigError(destination, key, 'not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DestinationConfigError(destination, key, 'the scheme must be https or http');
  if (url.username !== '' || url.password !== '') throw new DestinationConfigError(destination, key, `credentials in the URL are not sent${rules.credentialsHint !== undefined ? `: ${rules.credentialsHint}` : ''}`);
  if (rules.query === false && (url.search !== '' || url.hash !== '')) throw new DestinationConfigError(destination, key, 'give the URL without a query or fragment');
  return url;
}
