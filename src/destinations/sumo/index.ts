export { classifySumoAnswer } from './classify.js';
export { SUMO_MAX_BYTES, SUMO_MAX_EVENTS, SUMO_SECRET_KEYS, SumoSettingsSchema } from './config.js';
export type { SumoSettings } from './config.js';
export { SUMO_DESTINATION_TYPE, createSumoDestination } from './destination.js';
export { SUMO_ENVELOPE_BYTES, SUMO_SEPARATOR_BYTES, frameMessages, oneLine } from './encode.js';
export { buildSumoRequest, describeSource, fieldsHeader, planSumo } from './request.js';
export type { SumoPlan } from './request.js';
