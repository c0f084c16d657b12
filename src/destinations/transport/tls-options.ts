/**
 * TLS settings (../tls-settings.ts) as Node's `tls.connect` options, which undici's connector and a
 * syslog TLS socket both take. Files are read once, when the destination is created, so a missing
 * file is a configuration error at start and not a retry loop later.
 */
import { readFileSync } from 'node:fs';
import { DestinationConfigError } from '../config-error.js';
import type { TlsSettings } from '../tls-settings.js';

export interface TlsConnectOptions {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** SNI and the name checked against the certificate (Node's `checkServerIdentity`). */
  readonly servername?: string;
  readonly rejectUnauthorized: boolean;
}

function read(destination: string, key: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new DestinationConfigError(destination, `tls.${key}`, `cannot read ${file} (${code})`);
  }
}

/** The connect options for `tls`; verification stays on unless `verify` is `false`. */
export function tlsConnectOptions(destination: string, tls: TlsSettings | undefined): TlsConnectOptions {
  if (tls === undefined) return { rejectUnauthorized: true };
  if ((tls.cert_file === undefined) !== (tls.key_file === undefined)) {
    throw new DestinationConfigError(destination, tls.cert_file === undefined ? 'tls.cert_file' : 'tls.key_file', 'a client certificate needs both cert_file and key_file');
  }
  return {
    ...(tls.ca_file !== undefined ? { ca: read(destination, 'ca_file', tls.ca_file) } : {}),
    ...(tls.cert_file !== undefined ? { cert: read(destination, 'cert_file', tls.cert_file) } : {}),
    ...(tls.key_file !== undefined ? { key: read(destination, 'key_file', tls.key_file) } : {}),
    ...(tls.server_name !== undefined ? { servername: tls.server_name } : {}),
    rejectUnauthorized: tls.verify !== false,
  };
}
