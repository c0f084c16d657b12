/**
 * What a generic receiver's answer means: any 2xx is delivered (Standard Webhooks, "Delivery
 * success and failure"); everything else follows the shared table of
 * ../transport/classify.ts (429/503 throttle with Retry-After, 408 and 5xx retry, 413 split, other
 * 4xx and 3xx permanent).
 */
import { classifyAnswer } from '../transport/classify.js';

/** `undefined` when delivered, else the error to throw. */
export const classifyHttpAnswer = classifyAnswer;
