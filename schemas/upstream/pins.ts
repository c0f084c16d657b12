/**
 * The upstream schema versions siemkit is built from. The generators read the raw data sets from
 * `../shared/schemas/<dataset>` (or a folder the user names) and check that what they read is the
 * version pinned here, so `generated/` can only change with a deliberate pin bump.
 */
export interface UpstreamPin {
  /** The version the data set must declare. */
  readonly version: string;
  /** Where the data comes from (repository and tag). */
  readonly source: string;
  /** Folder name of the default data set under the schemas directory. */
  readonly dataset: string;
  readonly licence: 'Apache-2.0';
}

export const OCSF_PIN: UpstreamPin = { version: '1.1.0', source: 'ocsf/ocsf-schema@v1.1.0', dataset: 'ocsf-1.1.0', licence: 'Apache-2.0' };

export const ECS_PIN: UpstreamPin = { version: '9.4.0', source: 'elastic/ecs@v9.4.0 (generated/ecs/ecs_flat.yml)', dataset: 'ecs-9.4.0', licence: 'Apache-2.0' };
