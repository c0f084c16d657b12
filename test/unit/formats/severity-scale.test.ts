import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../schemas/canonical/severity.js';
import { SEVERITY_SCORE, severityOfScore, severityOfText } from '../../../src/formats/severity-scale.js';

describe('the 0-10 severity scale of CEF and LEEF', () => {
  it('writes one score per canonical level, rising with the level, inside LEEF 1-10', () => {
    expect(SEVERITY_SCORE).toEqual({ info: 1, low: 3, medium: 5, high: 8, critical: 10 });
    const scores = SEVERITIES.map((s) => SEVERITY_SCORE[s]);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(1);
  });

  it('reads every written score back to its level', () => {
    for (const s of SEVERITIES) expect(severityOfScore(SEVERITY_SCORE[s])).toBe(s);
  });

  it('reads the whole scale in the ArcSight bands (0-3 low, 4-6 medium, 7-8 high, 9-10 very high), 0-1 as info', () => {
    const read = Array.from({ length: 11 }, (_, n) => severityOfScore(n));
    expect(read).toEqual(['info', 'info', 'low', 'low', 'medium', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });

  it.each([-1, 11, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('has no level for %s', (n) => {
    expect(severityOfScore(n)).toBeUndefined();
  });

  it('reads the CEF word forms (Unknown, Low, Medium, High, Very-High) as the bands they name', () => {
    expect(['Unknown', 'Low', 'Medium', 'High', 'Very-High'].map(severityOfText)).toEqual(['info', 'low', 'medium', 'high', 'critical']);
  });

  it('reads digits 0-10 as written, and nothing else', () => {
    expect(severityOfText('0')).toBe('info');
    expect(severityOfText('10')).toBe('critical');
    for (const text of ['', '11', '05', '-1', ' 5', '5 ', '5.0', '+5', 'low', 'HIGH', 'Very High', 'very-high', 'Critical']) expect(severityOfText(text), text).toBeUndefined();
  });
});
