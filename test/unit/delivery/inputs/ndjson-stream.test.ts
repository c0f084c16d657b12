import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputRecord, NdjsonReadOptions } from '../../../../src/delivery/inputs/ndjson-stream.js';
import { NdjsonDecoder, readNdjson } from '../../../../src/delivery/inputs/ndjson-stream.js';
import { arbitraryCanonicalEvent } from '../../../helpers/canonical-arbitrary.js';

const RUNS = Math.min(Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000), 200);

/** Decodes `input` cut into chunks at `cuts` (byte offsets). */
function decode(input: Buffer | string, options: NdjsonReadOptions = {}, cuts: number[] = []): InputRecord[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const decoder = new NdjsonDecoder(options);
  const out: InputRecord[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...decoder.write(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...decoder.write(bytes.subarray(from)));
  out.push(...decoder.end());
  return out;
}

/** Every way of cutting `text` into 1-byte chunks (the worst case for every boundary). */
function bytewise(input: string, options: NdjsonReadOptions = {}): InputRecord[] {
  const bytes = Buffer.from(input, 'utf8');
  return decode(bytes, options, Array.from({ length: bytes.length }, (_, i) => i));
}

const values = (records: InputRecord[]): unknown[] => records.map((r) => (r.error === undefined ? r.value : `ERR ${r.error.code}`));

describe('NDJSON', () => {
  it('reads one record per line with LF, CRLF and a last line without an ending', () => {
    const text = '{"a":1}\n{"a":2}\r\n\n  \r\n{"a":3}';
    for (const records of [decode(text), bytewise(text)]) {
      expect(records.map((r) => [r.index, r.value])).toEqual([
        [1, { a: 1 }],
        [2, { a: 2 }],
        [3, { a: 3 }],
      ]);
      // `end` is the byte just past each record's line ending (or the end of the input).
      expect(records.map((r) => r.end)).toEqual([8, 17, Buffer.byteLength(text)]);
    }
  });

  it('skips a UTF-8 byte-order mark at the start, even split across chunks, and counts its bytes', () => {
    const text = '\uFEFF{"a":"é"}\n{"b":2}\n';
    for (const records of [decode(text), bytewise(text)]) {
      expect(values(records)).toEqual([{ a: 'é' }, { b: 2 }]);
      expect(records[0]?.end).toBe(Buffer.byteLength('\uFEFF{"a":"é"}\n'));
    }
    // Two bytes that begin like a BOM and then end the input are a record (a bad one).
    expect(values(decode(Buffer.from([0xef, 0xbb])))).toEqual(['ERR utf8_invalid']);
  });

  it('reports a line that is not JSON as that record and reads on', () => {
    const records = decode('{"a":1}\nnot json\n{"a":3}\n');
    expect(records[1]).toMatchObject({ index: 2, error: { code: 'json_invalid', path: '' } });
    expect(records[1]?.error?.message).toMatch(/^not valid JSON: /);
    expect(values(records)).toEqual([{ a: 1 }, 'ERR json_invalid', { a: 3 }]);
  });

  it('reports a line that is not UTF-8 as that record', () => {
    const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"a":2}\n')]);
    expect(values(decode(bad))).toEqual(['ERR utf8_invalid', { a: 2 }]);
  });

  it('reports a line over the limit as that record, without holding it, and reads the next', () => {
    const long = `{"x":"${'y'.repeat(5_000)}"}`;
    const text = `{"a":1}\n${long}\r\n{"a":3}\n${long}`;
    for (const cuts of [[], Array.from({ length: 200 }, (_, i) => i * 61)]) {
      const records = decode(text, { maxRecordBytes: 1_000 }, cuts);
      expect(values(records)).toEqual([{ a: 1 }, 'ERR record_too_large', { a: 3 }, 'ERR record_too_large']);
      expect(records.map((r) => r.index)).toEqual([1, 2, 3, 4]);
      expect(records[1]?.error?.message).toBe('the line is longer than 1000 bytes');
    }
    // The limit is on the line without its ending: exactly the limit passes, with LF or CRLF.
    const exact = `"${'z'.repeat(8)}"`;
    expect(values(decode(`${exact}\r\n${exact}\n${exact}`, { maxRecordBytes: 10 }))).toEqual(['z'.repeat(8), 'z'.repeat(8), 'z'.repeat(8)]);
    expect(values(decode(`${exact} \n`, { maxRecordBytes: 10 }))).toEqual(['ERR record_too_large']);
  });

  it('reads a line holding an array as one record in ndjson format', () => {
    expect(values(decode('[1,2]\n[3]\n', { format: 'ndjson' }))).toEqual([[1, 2], [3]]);
  });

  it('reads nothing from an empty or blank input', () => {
    expect(decode('')).toEqual([]);
    expect(decode(' \r\n\n\t')).toEqual([]);
    expect(decode('\uFEFF')).toEqual([]);
    expect(decode('  ', { format: 'json' })).toEqual([]);
  });
});

describe('one JSON array', () => {
  it('reads the elements of a pretty-printed array as records', () => {
    const events = [{ a: 1, s: 'x],[y' }, { b: '"quoted" \\ back\\slash ]' }, [1, [2, { c: '}' }]], 'str,ing', 42, null];
    const text = `\n  ${JSON.stringify(events, null, 2)}\n`;
    for (const records of [decode(text), bytewise(text), decode(text, { format: 'json' })]) {
      expect(values(records)).toEqual(events);
      expect(records.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('reads an empty array as no records', () => {
    expect(decode('[]')).toEqual([]);
    expect(decode(' [ \n ] \n')).toEqual([]);
  });

  it('reports a missing value, a trailing comma, a bad element, an unclosed array and trailing data', () => {
    expect(values(decode('[1,,2]'))).toEqual([1, 'ERR json_invalid', 2]);
    expect(values(decode('[1,]'))).toEqual([1, 'ERR json_invalid']);
    expect(values(decode('[,1]'))).toEqual(['ERR json_invalid', 1]);
    expect(values(decode('[1, nope, {"a":3}]'))).toEqual([1, 'ERR json_invalid', { a: 3 }]);
    const unclosed = decode('[1, 2');
    expect(values(unclosed)).toEqual([1, 'ERR json_invalid']);
    expect(unclosed[1]?.error?.message).toContain('not closed');
    const trailing = decode('[1] x [2]');
    expect(values(trailing)).toEqual([1, 'ERR json_invalid']);
    expect(trailing[1]?.error?.message).toBe('unexpected data after the JSON array');
  });

  it('reads concatenated arrays as one sequence', () => {
    expect(values(decode('[1,2]\n[3]'))).toEqual([1, 2, 3]);
  });

  it('reports an element over the limit and reads the next', () => {
    const big = { x: 'y'.repeat(3_000), nested: ['a,b]', { c: '"]' }] };
    const text = JSON.stringify([{ a: 1 }, big, { a: 3 }]);
    for (const cuts of [[], Array.from({ length: 100 }, (_, i) => i * 37)]) {
      expect(values(decode(text, { maxRecordBytes: 500 }, cuts))).toEqual([{ a: 1 }, 'ERR record_too_large', { a: 3 }]);
    }
  });

  it('reads a document that is not an array as one record in json format, across lines', () => {
    expect(values(decode('{\n  "a": 1,\n  "b": [1, 2]\n}\n', { format: 'json' }))).toEqual([{ a: 1, b: [1, 2] }]);
    expect(values(decode('{"a":1}\n{"a":2}', { format: 'json' }))).toEqual(['ERR json_invalid']);
    expect(values(decode(`"${'x'.repeat(50)}"`, { format: 'json', maxRecordBytes: 20 }))).toEqual(['ERR record_too_large']);
  });
});

describe('any chunking', () => {
  it('reads hostile canonical events the same however the bytes are cut (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryCanonicalEvent(), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom<'ndjson' | 'array'>('ndjson', 'array'),
        fc.array(fc.nat(), { maxLength: 20 }),
        (events, crlf, shape, rawCuts) => {
          const text = shape === 'array' ? JSON.stringify(events, null, 1) : events.map((e) => JSON.stringify(e)).join(crlf ? '\r\n' : '\n');
          const bytes = Buffer.from(`\uFEFF${text}`, 'utf8');
          const cuts = rawCuts.map((c) => c % (bytes.length + 1));
          const records = decode(bytes, {}, cuts);
          expect(records.map((r) => r.error)).toEqual(events.map(() => undefined));
          expect(records.map((r) => r.value)).toEqual(JSON.parse(JSON.stringify(events)));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('readNdjson', () => {
  it('reads a file stream and string chunks', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-ndjson-'));
    const file = path.join(dir, 'events.ndjson');
    const lines = Array.from({ length: 5_000 }, (_, i) => JSON.stringify({ i, s: '€😀'.repeat(i % 7) }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const fromFile: unknown[] = [];
    // A small highWaterMark cuts lines and multi-byte characters many times over.
    for await (const r of readNdjson(createReadStream(file, { highWaterMark: 1_000 }))) fromFile.push(r.value);
    expect(fromFile).toEqual(lines.map((l) => JSON.parse(l)));

    const fromStrings: unknown[] = [];
    for await (const r of readNdjson(['{"a":', '"é"}\n', '[1]'])) fromStrings.push(r.value);
    expect(fromStrings).toEqual([{ a: 'é' }, [1]]);
  });
});
