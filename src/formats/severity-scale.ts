/**
 * Canonical severity on the 0-10 scales of CEF (`Severity` header field, 0 lowest) and LEEF
 * (`sev`, 1-10). Writing uses one value per level; reading accepts the whole scale in the ArcSight
 * bands (0-3 low, 4-6 medium, 7-8 high, 9-10 very high), with 0-1 read as `info` so that the
 * written values come back exactly.
 *
 *   info 1 · low 3 · medium 5 · high 8 · critical 10
 */
import type { Severity } from '../../schemas/canonical/severity.js';

export const SEVERITY_SCORE: Readonly<Record<Severity, number>> = { info: 1, low: 3, medium: 5, high: 8, critical: 10 };

/** A 0-10 score as canonical severity. */
export function severityOfScore(score: number): Severity | undefined {
  if (!Number.isInteger(score) || score < 0 || score > 10) return undefined;
  if (score <= 1) return 'info';
  if (score <= 3) return 'low';
  if (score <= 6) return 'medium';
  if (score <= 8) return 'high';
  return 'critical';
}

/** The CEF header's word forms (CEF Implementation Standard, "Severity"), in a Map: no inherited member (`constructor`) is one. */
const WORDS: ReadonlyMap<string, Severity> = new Map([
  ['Unknown', 'info'],
  ['Low', 'low'],
  ['Medium', 'medium'],
  ['High', 'high'],
  ['Very-High', 'critical'],
]);

/** A severity field as written: digits 0-10 or one of the word forms. */
export function severityOfText(text: string): Severity | undefined {
  if (/^(?:[0-9]|10)$/.test(text)) return severityOfScore(Number(text));
  return WORDS.get(text);
}
