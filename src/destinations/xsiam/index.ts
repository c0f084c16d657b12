export { classifyXsiamAnswer } from './classify.js';
export { XSIAM_MAX_BYTES, XSIAM_MAX_EVENTS, XSIAM_SECRET_KEYS, XsiamSettingsSchema } from './config.js';
export type { XsiamSettings } from './config.js';
export { XSIAM_DESTINATION_TYPE, createXsiamDestination } from './destination.js';
export { XSIAM_ENVELOPE_BYTES, XSIAM_SEPARATOR_BYTES, collectorLogFormat, contentType, frameEvents, oneLine } from './encode.js';
export { buildXsiamRequest, planXsiam } from './request.js';
export type { XsiamPlan } from './request.js';
