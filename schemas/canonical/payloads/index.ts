export * from './api.js';
export * from './authentication.js';
export * from './configuration.js';
export * from './file.js';
export * from './membership.js';
export * from './security.js';
