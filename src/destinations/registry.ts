/**
 * The destination types of this version (DESIGN.md §5b `type`), as one explicit array: the
 * configuration loader checks a destination's keys against its type's `settings` and creates it
 * with `create`. A type is added here, and nowhere else (test/unit/destinations/registry.test.ts
 * proves every destination folder is listed).
 */
import type { DestinationType } from './destination-type.js';
import { FILE_DESTINATION_TYPE } from './file/destination.js';
import { HTTP_DESTINATION_TYPE } from './http/destination.js';
import { NULL_DESTINATION_TYPE } from './null/destination.js';
import { SYSLOG_DESTINATION_TYPE } from './syslog/destination.js';

export type { DestinationType } from './destination-type.js';

export const DESTINATION_TYPES: readonly DestinationType[] = [HTTP_DESTINATION_TYPE, FILE_DESTINATION_TYPE, NULL_DESTINATION_TYPE, SYSLOG_DESTINATION_TYPE];

/** The type named `name`, or undefined. */
export function destinationType(name: string): DestinationType | undefined {
  return DESTINATION_TYPES.find((t) => t.type === name);
}
