/**
 * The Sentinel pre-flight lint's reading of a row without parsing it (row-members.ts and
 * dcr-lint.ts `lintRowText`): the member names and `TimeGenerated` as `JSON.parse` sees them, and,
 * for rows as `JSON.stringify` writes them, the very findings `lintRecord` gives for the parse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AGE_MS, MAX_FIELD_BYTES, lintOwnRowText, lintRecord, lintRowText } from '../../../../src/destinations/sentinel/dcr-lint.js';
import { withTimeGenerated } from '../../../../src/destinations/sentinel/encode.js';
import { rowMembers } from '../../../../src/destinations/sentinel/row-members.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000) * 5;
const NOW = Date.parse('2026-12-07T12:00:00.000Z');

/** Member names, the reserved ones in several cases among them, and ones that need escapes. */
const names = fc.oneof(
  fc.constantFrom('TimeGenerated', 'id', 'ID', 'Type', 'type', 'TenantId', '_ResourceId', 'UniqueId', 'title', '__proto__', '0', '17', 'a"b', 'a\\b', 'line\nbreak', '\u0001', 'é', '{', '}', ',', ':'),
  fc.string({ maxLength: 8 }),
);

/** `TimeGenerated` values: in and out of the window, not instants, other types, null. */
const timeValues = fc.oneof(
  fc.integer({ min: -4 * MAX_AGE_MS, max: 2 * MAX_AGE_MS }).map((d) => new Date(NOW + d).toISOString()),
  fc.constantFrom('2026-12-07 11:00', '2026-12-07', 'yesterday', '', '2026-12-07T11:00:00Z\n', null, 0, true, [], {}),
  fc.string(),
);

const values = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary' }), timeValues);

/** A row as `JSON.stringify` writes an object (a repeated name included, as a JSON text may hold). */
const rows = fc.array(fc.tuple(names, values), { maxLength: 12 }).map((members) => `{${members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);

describe('rowMembers', () => {
  it('reads the names and TimeGenerated as JSON.parse does', () => {
    fc.assert(
      fc.property(rows, (row) => {
        const members = rowMembers(row);
        const parsed = JSON.parse(row) as Record<string, unknown>;
        if (members === undefined) {
          // It only gives up on a name with an escape sequence.
          expect(Object.keys(parsed).some((k) => JSON.stringify(k).includes('\\'))).toBe(true);
          return;
        }
        expect(new Set(members.names)).toEqual(new Set(Object.keys(parsed)));
        const tg = parsed.TimeGenerated;
        const expected = tg === undefined ? 'absent' : tg === null ? 'null' : typeof tg === 'string' && !JSON.stringify(tg).slice(1, -1).includes('\\') ? 'string' : 'other';
        expect(members.timeGenerated.kind).toBe(expected);
        if (members.timeGenerated.kind === 'string') expect(members.timeGenerated.text).toBe(tg);
      }),
      { numRuns: RUNS },
    );
  });

  it('skips braces, brackets, commas and escaped quotes inside strings and nested values', () => {
    const row = '{"a":"}\\"{,","b":{"c":["]",{"d":"\\\\"}],"e":null},"TimeGenerated":"2026-12-07T11:00:00.000000Z","f":[1,-2.5e3,true]}';
    expect(rowMembers(row)).toEqual({ names: ['a', 'b', 'TimeGenerated', 'f'], timeGenerated: { kind: 'string', text: '2026-12-07T11:00:00.000000Z' } });
  });

  it('keeps the last TimeGenerated, as JSON.parse does', () => {
    expect(rowMembers('{"TimeGenerated":"x","TimeGenerated":null}')?.timeGenerated).toEqual({ kind: 'null' });
  });

  it('gives up on what is not an object, on escaped names and on text that ends early', () => {
    for (const text of ['[]', '"x"', '', '{"\\u0069d":1}', '{"a":"b', '{"a":{"b":1}', '{"a":1', '{"a"', '{"a":}']) expect(rowMembers(text), text).toBeUndefined();
  });
});

describe('lintRowText', () => {
  it('finds what lintRecord finds in the parse, without a declaration', () => {
    fc.assert(
      fc.property(rows, fc.nat(5), fc.boolean(), (row, index, transform) => {
        const options = { now: NOW, ...(transform ? { removedByTransform: new Set(['Type', 'id']) } : {}) };
        expect(lintRowText(row, index, undefined, options)).toEqual(lintRecord(JSON.parse(row), index, undefined, options));
      }),
      { numRuns: RUNS },
    );
  });

  it('parses a row too long to be read by names alone, and finds a value over 64 KB', () => {
    const row = JSON.stringify({ TimeGenerated: new Date(NOW).toISOString(), big: 'x'.repeat(MAX_FIELD_BYTES + 1) });
    expect(lintRowText(row, 0, undefined, { now: NOW }).map((f) => f.code)).toEqual(['field_too_large']);
  });

  it('calls a row that is not JSON not_an_object', () => {
    expect(lintRowText('{"a":', 3, undefined, { now: NOW })).toEqual(lintRecord(undefined, 3, undefined, { now: NOW }));
  });

  it('checks types and undeclared members against a declaration', () => {
    const declaration = { columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'n', type: 'long' }] };
    const row = JSON.stringify({ TimeGenerated: new Date(NOW).toISOString(), n: 'x', extra: 1 });
    expect(lintRowText(row, 0, declaration, { now: NOW }).map((f) => `${f.field}:${f.code}`)).toEqual(['n:type_mismatch', 'extra:undeclared_property']);
  });
});

describe('lintOwnRowText', () => {
  /** Rows as the destination writes them: its TimeGenerated first, then members whose names are not reserved. */
  const plainNames = fc.string({ maxLength: 8 }).filter((n) => !/^(?:_resourceid|id|_subscriptionid|tenantid|type|uniqueid|title|timegenerated)$/i.test(n));
  const instants = fc.integer({ min: -4 * MAX_AGE_MS, max: 2 * MAX_AGE_MS }).map((d) => new Date(NOW + d).toISOString());
  const ownRows = fc
    .tuple(instants, fc.array(fc.tuple(plainNames, fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary' }))), { maxLength: 10 }))
    .map(([time, members]) => withTimeGenerated(`{${members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`, time));

  it('gives the findings of lintRowText for the destination\'s own rows', () => {
    fc.assert(
      fc.property(ownRows, fc.nat({ max: 99 }), (row, index) => {
        const options = { now: NOW };
        expect(lintOwnRowText(row, index, options)).toEqual(lintRowText(row, index, undefined, options));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads any other row as lintRowText does, reserved names included', () => {
    fc.assert(
      fc.property(rows, (row) => {
        // A row that begins as the destination's own must also keep its promise: no reserved name, one TimeGenerated.
        const names = rowMembers(row)?.names;
        fc.pre(!row.startsWith('{"TimeGenerated":"') || (names !== undefined && !names.some((n) => /^(?:_resourceid|id|_subscriptionid|tenantid|type|uniqueid|title)$/i.test(n)) && names.filter((n) => n === 'TimeGenerated').length === 1));
        const options = { now: NOW };
        expect(lintOwnRowText(row, 3, options)).toEqual(lintRowText(row, 3, undefined, options));
      }),
      { numRuns: RUNS },
    );
    // A row of its own shape, but long enough for a value over MAX_FIELD_BYTES: read whole.
    const long = withTimeGenerated(JSON.stringify({ blob: '€'.repeat(MAX_FIELD_BYTES / 3 + 1) }), new Date(NOW).toISOString());
    expect(lintOwnRowText(long, 0, { now: NOW }).map((f) => f.code)).toEqual(['field_too_large']);
  });
});
