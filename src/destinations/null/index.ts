export { NULL_DESTINATION_TYPE, NullSettingsSchema, createNullDestination } from './destination.js';
export type { NullSettings } from './destination.js';
