/**
 * What an HTTP Logs Source's answer means (wire-protocols.md §5), through the shared table of
 * ../transport/classify.ts:
 *
 * | status | Sumo Logic's meaning                                  | outcome |
 * |--------|-------------------------------------------------------|---------|
 * | 200    | received                                              | delivered (an Ingest Budget may still drop it: not visible here) |
 * | 401    | the URL's token is missing or invalid                  | permanent |
 * | 408    | received, but processing timed out (partly ingested)  | retry (duplicates carry the same `event_id`) |
 * | 413    | (not documented; a proxy)                             | split the batch |
 * | 429    | throttled: the data was dropped and must be resent    | throttle, `Retry-After` honoured |
 * | 503, 504 | server-side trouble                                 | retry |
 *
 * Messages quote a redacted snippet of the answer, never the URL.
 */
import { classifyAnswer } from '../transport/classify.js';

/** `undefined` when delivered, else the error to throw. */
export const classifySumoAnswer = classifyAnswer;
