/**
 * The SIEMs `siemkit samples --for` writes setup files for: an explicit list, one entry per folder
 * of src/samples, and one lookup.
 */
import { datadogFiles } from './datadog/index.js';
import { elasticFiles } from './elastic/index.js';
import type { SampleFiles } from './files.js';
import type { SentinelSampleOptions } from './sentinel/index.js';
import { sentinelFiles } from './sentinel/index.js';
import { splunkFiles } from './splunk/index.js';
import { sumoFiles } from './sumo/index.js';

export interface SampleTarget {
  readonly name: string;
  /** What it writes, for `--help`. */
  readonly writes: string;
  /** The files; options a target has no use for (`nested`) are ignored. */
  files(options: SentinelSampleOptions): SampleFiles;
}

export const SAMPLE_TARGETS = [
  { name: 'sentinel', writes: 'custom table, DCR, README, KQL queries', files: sentinelFiles },
  { name: 'splunk', writes: 'HEC payload, props.conf, dashboard, SPL queries', files: splunkFiles },
  { name: 'elastic', writes: 'bulk NDJSON, index template, ingest pipeline, ES|QL queries', files: elasticFiles },
  { name: 'datadog', writes: 'intake payload, facets, log search queries', files: datadogFiles },
  { name: 'sumo', writes: 'HTTP source payload, fields, queries', files: sumoFiles },
] as const satisfies readonly SampleTarget[];

export type SampleTargetName = (typeof SAMPLE_TARGETS)[number]['name'];
export const SAMPLE_TARGET_NAMES: readonly SampleTargetName[] = SAMPLE_TARGETS.map((t) => t.name);

export function sampleTarget(name: string): SampleTarget | undefined {
  return SAMPLE_TARGETS.find((t) => t.name === name);
}
