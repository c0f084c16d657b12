export { classifyHttpAnswer } from './classify.js';
export { DEFAULT_BODY, DEFAULT_MAX_BYTES, DEFAULT_MAX_EVENTS, HTTP_BODIES, HTTP_SECRET_KEYS, HttpAuthSchema, HttpSettingsSchema } from './config.js';
export type { HttpAuth, HttpBody, HttpSettings } from './config.js';
export { HTTP_DESTINATION_TYPE, createHttpDestination } from './destination.js';
export { BODY_FRAMINGS } from './encode.js';
export type { BodyFraming } from './encode.js';
export { buildRequest, planRequests } from './request.js';
export type { RequestPlan, RequestSettings } from './request.js';
export { signatureHeaders, signingKey, webhookId } from './signature.js';
