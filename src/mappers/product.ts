/**
 * The product identity that mappers and encoders stamp on records (DESIGN.md §3): OCSF
 * `metadata.product`, the CEF and LEEF headers, the syslog APP-NAME. It comes from configuration
 * (`product: { vendor, name, version }`, DESIGN.md §5b).
 */
export interface ProductIdentity {
  readonly vendor: string;
  readonly name: string;
  readonly version?: string;
}
