/**
 * TLS for a destination's connections (DESIGN.md §5b `tls`), as the configuration gives it: files
 * are paths (the configuration loader makes them absolute), read when the destination is created.
 * Used by the HTTP transport (`transport/tls-options.ts`) and by stream destinations such as syslog
 * over TLS (RFC 5425).
 */
export interface TlsSettings {
  /**
   * PEM bundle of the certificate authorities to trust. It replaces Node's built-in roots for this
   * destination, as `curl --cacert` does: a private CA is then the only one trusted.
   */
  readonly ca_file?: string;
  /** PEM client certificate (chain) for mutual TLS; needs `key_file`. */
  readonly cert_file?: string;
  /** PEM private key of `cert_file`. Its contents are a secret and never appear in a message. */
  readonly key_file?: string;
  /** Name sent in SNI and checked against the server certificate, when it differs from the URL's host. */
  readonly server_name?: string;
  /** Certificate and host-name verification: on (the default) unless given as `false` by name. */
  readonly verify?: boolean;
}
