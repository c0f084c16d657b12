import { describe, expect, it } from 'vitest';
import { encodePri, readPri } from '../../../../src/formats/syslog/pri.js';

describe('PRI', () => {
  it('is facility × 8 + severity', () => {
    expect(encodePri(13, 6)).toBe('<110>');
    expect(encodePri(20, 5)).toBe('<165>'); // RFC 5424's example: local4.notice
    expect(encodePri(0, 0)).toBe('<0>');
    expect(encodePri(23, 7)).toBe('<191>');
  });

  it('reads back every value 0-191', () => {
    for (let facility = 0; facility < 24; facility++) {
      for (let severity = 0; severity < 8; severity++) {
        const text = `${encodePri(facility, severity)}1`;
        expect(readPri(text, 0, 'syslog5424')).toEqual({ ok: true, value: { facility, severity, end: text.length - 1 } });
      }
    }
  });

  it.each([
    ['110>', 0, 'expected "<"'],
    ['<>', 1, '1-3 digits'],
    ['<192>', 1, 'over 191'],
    ['<999>', 1, 'over 191'],
    ['<0110>', 2, 'leading zero'],
    ['<1100>', 1, 'more than 3 digits'],
    ['<01>', 2, 'leading zero'],
    ['<00>', 2, 'leading zero'],
    ['<11', 3, 'expected ">"'],
    ['<1a>', 2, 'expected ">"'],
    ['<-1>', 1, '1-3 digits'],
    ['', 0, 'expected "<"'],
  ])('rejects %j at offset %i', (text, offset, reason) => {
    const r = readPri(text, 0, 'syslog3164');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.format).toBe('syslog3164');
      expect(r.error.offset).toBe(offset);
      expect(r.error.reason).toContain(reason);
    }
  });
});
