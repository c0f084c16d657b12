/**
 * What the collector's answer means (wire-protocols.md §6.2), through the shared table of
 * ../transport/classify.ts:
 *
 * | status | the collector's meaning                              | outcome |
 * |--------|------------------------------------------------------|---------|
 * | 200    | received                                             | delivered |
 * | 400    | malformed or invalid request                         | permanent |
 * | 401    | "Failed to validate authentication detail" (the key) | permanent |
 * | 403    | forbidden                                            | permanent |
 * | 413    | over 25 MB                                           | split the batch |
 * | 429    | ingestion limits reached                             | throttle, `Retry-After` honoured if sent |
 * | 500    | "Unexpected error while processing bulk load request" | retry |
 */
import { classifyAnswer } from '../transport/classify.js';

/** `undefined` when delivered, else the error to throw. */
export const classifyXsiamAnswer = classifyAnswer;
