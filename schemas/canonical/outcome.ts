/** `outcome` (DESIGN.md §2): how the action ended. `denied` is a policy refusal, `failure` anything else that went wrong. */
import { Type } from 'typebox';

export const OUTCOMES = ['success', 'failure', 'denied', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OutcomeSchema = Type.Enum(OUTCOMES);
