export { classifyNewRelicAnswer } from './classify.js';
export { NEW_RELIC_ENDPOINTS, NEW_RELIC_KEY_HEADERS, NEW_RELIC_MAX_BYTES, NEW_RELIC_MAX_EVENTS, NEW_RELIC_SECRET_KEYS, NewRelicSettingsSchema } from './config.js';
export type { NewRelicKeyHeader, NewRelicRegion, NewRelicSettings } from './config.js';
export { NEWRELIC_DESTINATION_TYPE, createNewRelicDestination } from './destination.js';
export { LOGS_SEPARATOR_BYTES, envelopeBytes, frameLogs, logEntry, logsEnvelope } from './encode.js';
export type { LogsEnvelope } from './encode.js';
export { buildNewRelicRequest, planNewRelic } from './request.js';
export type { NewRelicPlan } from './request.js';
