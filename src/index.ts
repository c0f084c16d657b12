/**
 * siemkit: typed security audit events.
 *
 * The public API, re-exported from the layers (see docs/architecture.md).
 */
export type { Finding, ValidationResult } from './validate/finding.js';
export type { OcsfValidateOptions } from './validate/ocsf.js';
export { validateOcsf } from './validate/ocsf.js';
export * from './validate/ecs.js';
export type * from '../generated/ocsf/1.1.0/types/index.js';
export { OCSF_VERSION } from '../generated/ocsf/1.1.0/version.js';
export type { OcsfAttribute, OcsfClass, OcsfObject, OcsfSchema } from './ocsf/schema.js';
export { findOcsfClass, ocsfClasses, ocsfSchema } from './ocsf/schema.js';
export type { OcsfBuildInput } from './ocsf/builder.js';
export { buildOcsfEvent, buildOcsfRecord, DERIVED_ATTRIBUTES, OcsfBuildError } from './ocsf/builder.js';
