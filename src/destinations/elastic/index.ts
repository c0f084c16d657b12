export { classifyBulkAnswer } from './classify.js';
export type { BulkItemFailures } from './classify.js';
export { DEFAULT_MAX_BYTES, ELASTIC_SECRET_KEYS, ElasticSettingsSchema, MAX_EVENTS } from './config.js';
export type { ElasticSettings } from './config.js';
export { ELASTIC_DESTINATION_TYPE, createElasticDestination } from './destination.js';
export { BULK_CONTENT_TYPE, actionLine, bulkItem, frameBulk, sourceLine } from './encode.js';
export type { BulkTarget } from './encode.js';
export { BULK_FILTER_PATH, buildBulkRequest, planBulk } from './request.js';
export type { BulkPlan } from './request.js';
