export { classifyDatadogAnswer } from './classify.js';
export { DATADOG_SECRET_KEYS, DATADOG_SITES, DEFAULT_DDSOURCE, DEFAULT_SITE, DatadogSettingsSchema, LOGS_PATH, MAX_AGE_MS, MAX_ENTRY_BYTES, MAX_REQUEST_BYTES, MAX_REQUEST_ENTRIES } from './config.js';
export type { DatadogSettings, DatadogSite } from './config.js';
export { DATADOG_DESTINATION_TYPE, createDatadogDestination } from './destination.js';
export type { DatadogOptions } from './destination.js';
export { DATADOG_STATUS, encodeEntry, frameEntries, staleReason } from './encode.js';
export type { EntryFields } from './encode.js';
export { buildDatadogRequest, intakeUrl, planDatadog } from './request.js';
export type { DatadogPlan } from './request.js';
