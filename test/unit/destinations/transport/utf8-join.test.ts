/** joinUtf8 and joinRecordBytes: the very bytes of `Buffer.from(prefix + records.join(separator) + suffix)`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinRecordBytes, joinUtf8 } from '../../../../src/destinations/transport/utf8-join.js';
import { packedRecordBytes } from '../../../helpers/record-bytes.js';

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

describe('joinRecordBytes', () => {
  it('frames records given as ranges of a shared buffer like a join of their text', () => {
    const records = ['{"a":1}', '{"b":"ü€"}', '{"c":"😀"}', ''];
    expect(joinRecordBytes(packedRecordBytes(records), '\n', '', '\n')).toEqual(joined(records, '\n', '', '\n'));
    expect(joinRecordBytes(packedRecordBytes(records), ',', '[', ']')).toEqual(joined(records, ',', '[', ']'));
    expect(joinRecordBytes(packedRecordBytes(records.slice(1, 2)), '')).toEqual(Buffer.from('{"b":"ü€"}'));
  });

  it('handles no records', () => {
    expect(joinRecordBytes([], '\n', '', '\n').toString()).toBe('\n');
    expect(joinRecordBytes([], ',', '[', ']').toString()).toBe('[]');
  });

  it('equals joinUtf8 of the same records for any JSON text and separator', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null')), fc.constantFrom(',', '\n', '\r\n', ''), (records, separator) => {
        expect(joinRecordBytes(packedRecordBytes(records), separator, '[', ']\n')).toEqual(joinUtf8(records, separator, '[', ']\n'));
      }),
    );
  });
});
