/**
 * The one result shape of every siemkit validator (canonical, OCSF, ECS).
 *
 * Codes follow the OCSF server's validator (`attribute_required_missing`, `attribute_unknown`, ...)
 * so that users can compare our findings with the reference implementation's.
 */
export interface Finding {
  /** Stable machine-readable code, e.g. `attribute_required_missing`. */
  readonly code: string;
  /** JSON Pointer (RFC 6901) to the offending value; `''` is the whole document. */
  readonly path: string;
  /** One human-readable sentence naming the field and the reason. */
  readonly message: string;
}

export interface ValidationResult {
  /** True when there are no errors (warnings do not make a document invalid). */
  readonly valid: boolean;
  readonly errors: Finding[];
  readonly warnings: Finding[];
}
