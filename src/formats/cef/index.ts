export type { CefKey, CefKeyType } from './dictionary.js';
export { CEF_DICTIONARY, cefKey } from './dictionary.js';
export type { CefEncodeOptions } from './encode.js';
export { createCefEncoder, encodeCef } from './encode.js';
export type { CefParseOptions, CefRecord } from './parse.js';
export { parseCef, readCef } from './parse.js';
export { CEF_FIELDS } from './fields.js';
