/**
 * Found by the 100,000-run property soak (scripts/property-100k.ts, seed 346686422): with U+FEFF as
 * the LEEF delimiter, a value holding U+FEFF is percent-encoded as %EF%BB%BF, and the decoder took
 * those bytes at the start of a run for a byte order mark and dropped them, so the round trip lost
 * the character (`labels: { "": "\ufeff" }` came back as `""`).
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { encodeLeef, parseLeef } from '../../src/formats/leef/index.js';
import { percentDecode, percentEncode } from '../../src/formats/leef/value-encoding.js';

describe('LEEF with U+FEFF in a percent-encoded run', () => {
  it('decodes %EF%BB%BF as U+FEFF wherever it stands', () => {
    expect(percentDecode('%EF%BB%BF')).toBe('\ufeff');
    expect(percentDecode('a%EF%BB%BFb')).toBe('a\ufeffb');
    expect(percentDecode('%EF%BB%BF%EF%BB%BF')).toBe('\ufeff\ufeff');
    expect(percentDecode(percentEncode('\ufeff', '\ufeff'))).toBe('\ufeff');
  });

  it('gives the event back exactly with U+FEFF as the delimiter (the soak counterexample)', () => {
    const event = {
      event_id: '_',
      timestamp: '1970-01-01T00:00:00+00:00',
      tenant_id: 'x',
      category: 'AUTHENTICATION',
      action: 'user.login',
      outcome: 'success',
      severity: 'info',
      actor: { type: 'user', id: 'x' },
      labels: { '': '\ufeff' },
    } as CanonicalEvent;
    const result = parseLeef(encodeLeef(event, { product: { vendor: 'x', name: 'x' }, delimiter: '\ufeff' }));
    expect(result.ok && result.value).toStrictEqual(event);
  });
});
