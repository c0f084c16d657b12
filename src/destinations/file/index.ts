export { DEFAULT_ROTATE_BYTES, DEFAULT_ROTATE_INTERVAL_MS, FileSettingsSchema } from './config.js';
export type { FileSettings } from './config.js';
export { FILE_DESTINATION_TYPE, FILE_MAX_BYTES, FILE_MAX_EVENTS, createFileDestination } from './destination.js';
export type { FileDestination } from './destination.js';
export { PATH_PLACEHOLDERS, expandPath, isPartitioned, unknownPlaceholders } from './path-template.js';
export { needsRotation, rotatedPath } from './rotation.js';
export type { ActiveFile, RotationPolicy } from './rotation.js';
export { wholeLinesEnd, wholeMembersEnd } from './repair.js';
export { FILE_MODE, FileWriter } from './writer.js';
