/**
 * What a Log API answer means (wire-protocols.md §6.1), through the shared table of
 * ../transport/classify.ts: 202 (any 2xx) is delivered; 429 is the rate limit, with `Retry-After`
 * in seconds for the rest of the minute; 413 (over 1 MB) splits the batch; 408 and 5xx retry;
 * 400, 403 (a wrong key), 404, 405, 411, 415 are permanent.
 */
import { classifyAnswer } from '../transport/classify.js';

/** `undefined` when delivered, else the error to throw. */
export const classifyNewRelicAnswer = classifyAnswer;
