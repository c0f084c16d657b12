export { DEFAULT_LEEF_DELIMITER, delimiterField, delimiterProblem, parseDelimiter } from './delimiter.js';
export type { LeefEncodeOptions } from './encode.js';
export { createLeefEncoder, encodeLeef, leefDelimiter } from './encode.js';
export type { LeefParseOptions, LeefRecord } from './parse.js';
export { parseLeef, readLeef } from './parse.js';
export { LEEF_FIELDS } from './fields.js';
