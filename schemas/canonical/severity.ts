/** `severity` (DESIGN.md §2), lowest first. */
import { Type } from 'typebox';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SeveritySchema = Type.Enum(SEVERITIES);
