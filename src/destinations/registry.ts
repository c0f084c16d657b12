/**
 * The destination types of this version (DESIGN.md §5b `type`), as one explicit array: the
 * configuration loader checks a destination's keys against its type's `settings` and creates it
 * with `create`. A type is added here, and nowhere else (test/unit/destinations/registry.test.ts
 * proves every destination folder is listed).
 */
import type { DestinationType } from './destination-type.js';
import { DATADOG_DESTINATION_TYPE } from './datadog/destination.js';
import { ELASTIC_DESTINATION_TYPE } from './elastic/destination.js';
import { FILE_DESTINATION_TYPE } from './file/destination.js';
import { HTTP_DESTINATION_TYPE } from './http/destination.js';
import { NEWRELIC_DESTINATION_TYPE } from './newrelic/destination.js';
import { NULL_DESTINATION_TYPE } from './null/destination.js';
import { SENTINEL_DESTINATION_TYPE } from './sentinel/destination.js';
import { SPLUNK_HEC_DESTINATION_TYPE } from './splunk-hec/destination.js';
import { SUMO_DESTINATION_TYPE } from './sumo/destination.js';
import { SYSLOG_DESTINATION_TYPE } from './syslog/destination.js';
import { XSIAM_DESTINATION_TYPE } from './xsiam/destination.js';

export type { DestinationType } from './destination-type.js';

export const DESTINATION_TYPES: readonly DestinationType[] = [HTTP_DESTINATION_TYPE, FILE_DESTINATION_TYPE, NULL_DESTINATION_TYPE, SYSLOG_DESTINATION_TYPE, SENTINEL_DESTINATION_TYPE, DATADOG_DESTINATION_TYPE, SPLUNK_HEC_DESTINATION_TYPE, ELASTIC_DESTINATION_TYPE, SUMO_DESTINATION_TYPE, NEWRELIC_DESTINATION_TYPE, XSIAM_DESTINATION_TYPE];

/** The type named `name`, or undefined. */
export function destinationType(name: string): DestinationType | undefined {
  return DESTINATION_TYPES.find((t) => t.type === name);
}
