/** joinUtf8: the very bytes of `Buffer.from(prefix + records.join(separator) + suffix)`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinUtf8 } from '../../../../src/destinations/transport/utf8-join.js';

function joined(records: readonly string[], separator: string, prefix = '', suffix = ''): Buffer {
  return Buffer.from(`${prefix}${records.join(separator)}${suffix}`, 'utf8');
}

describe('joinUtf8', () => {
  it('frames ASCII, non-ASCII and astral records like a join', () => {
    const records = ['{"a":1}', '{"b":"ü€"}', '{"c":"😀"}', ''];
    expect(joinUtf8(records, '\n', '', '\n')).toEqual(joined(records, '\n', '', '\n'));
    expect(joinUtf8(records, ',', '[', ']')).toEqual(joined(records, ',', '[', ']'));
  });

  it('handles no records and one record', () => {
    expect(joinUtf8([], '\n', '', '\n').toString()).toBe('\n');
    expect(joinUtf8([], ',', '[', ']').toString()).toBe('[]');
    expect(joinUtf8(['x'], ',', '[', ']').toString()).toBe('[x]');
  });

  it('equals the join for any records that are JSON text', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null')), fc.constantFrom(',', '\n', '\r\n'), (records, separator) => {
        expect(joinUtf8(records, separator, '[', ']\n')).toEqual(joined(records, separator, '[', ']\n'));
      }),
    );
  });
});
