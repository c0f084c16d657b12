import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StreamDeclaration } from '../../../src/destinations/sentinel/dcr-lint.js';
import { dcrStreams, lintRecord, lintRecords, transformRemovals } from '../../../src/destinations/sentinel/dcr-lint.js';
import { sentinelFiles } from '../../../src/samples/sentinel/index.js';
import { cli } from '../../helpers/cli.js';

const NOW = Date.parse('2025-01-15T12:00:00.000Z');
const decl: StreamDeclaration = {
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'count', type: 'long' },
    { name: 'small', type: 'int' },
    { name: 'ratio', type: 'real' },
    { name: 'ok', type: 'boolean' },
    { name: 'message', type: 'string' },
    { name: 'actor', type: 'dynamic' },
    { name: 'Type', type: 'string' },
  ],
};
const good = { TimeGenerated: '2025-01-15T11:00:00.000000Z', count: 3, small: 1, ratio: 0.5, ok: true, message: 'hi', actor: { id: 'u' } };
const codes = (record: unknown, options = {}): string[] => lintRecord(record, 0, decl, { now: NOW, ...options }).map((f) => `${f.field}:${f.code}:${f.severity}`);

describe('lintRecord', () => {
  it('passes a record that matches the declaration', () => {
    expect(codes(good)).toEqual([]);
    expect(codes({ ...good, message: null })).toEqual([]);
  });

  it('flags an undeclared property: it would be dropped', () => {
    expect(codes({ ...good, extra: 'x' })).toEqual(['extra:undeclared_property:error']);
  });

  it('flags a string in a long column, a real in an int column, a number in a boolean', () => {
    expect(codes({ ...good, count: '3' })).toEqual(['count:type_mismatch:error']);
    expect(codes({ ...good, small: 1.5 })).toEqual(['small:type_mismatch:error']);
    expect(codes({ ...good, small: 2 ** 31 })).toEqual(['small:type_mismatch:error']);
    expect(codes({ ...good, ok: 1 })).toEqual(['ok:type_mismatch:error']);
  });

  it('flags an old, a future, a missing and a malformed TimeGenerated', () => {
    expect(codes({ ...good, TimeGenerated: '2025-01-13T11:59:59Z' })).toEqual(['TimeGenerated:time_generated_out_of_window:warning']);
    expect(codes({ ...good, TimeGenerated: '2025-01-13T12:00:01Z' })).toEqual([]);
    expect(codes({ ...good, TimeGenerated: '2025-01-16T12:00:01Z' })).toEqual(['TimeGenerated:time_generated_out_of_window:warning']);
    const { TimeGenerated: _t, ...rest } = good;
    expect(codes(rest)).toEqual(['TimeGenerated:time_generated_missing:warning']);
    expect(codes({ ...good, TimeGenerated: 'yesterday' })).toEqual(['TimeGenerated:type_mismatch:error']);
  });

  it('flags a reserved name unless the transformation renames or removes it', () => {
    expect(codes({ ...good, Type: 'x' })).toEqual(['Type:reserved_name:error']);
    expect(codes({ ...good, Type: 'x' }, { removedByTransform: transformRemovals("source | extend ['Type_field'] = ['Type'] | project-away ['Type']") })).toEqual([]);
    expect(transformRemovals('source | project-rename Kind = Type, ["b"] = [\'a\']')).toEqual(new Set(['Type', 'a']));
  });

  it('flags a record over 1 MB and a field over 64 KB', () => {
    expect(codes({ ...good, message: 'x'.repeat(70_000) })).toEqual(['message:field_too_large:warning']);
    expect(codes({ ...good, actor: { blob: 'é'.repeat(40_000) } })).toEqual(['actor:field_too_large:warning']);
    expect(codes({ ...good, actor: { a: 'x'.repeat(600_000), b: 'y'.repeat(600_000) } })).toEqual([':record_too_large:error', 'actor:field_too_large:warning']);
  });

  it('without a declaration checks only what needs none: reserved names, sizes, TimeGenerated', () => {
    const bare = (record: unknown): string[] => lintRecord(record, 0, undefined, { now: NOW }).map((f) => `${f.field}:${f.code}:${f.severity}`);
    expect(bare({ ...good, extra: 'x', count: '3' })).toEqual([]);
    expect(bare({ ...good, Type: 'x', TimeGenerated: '2025-01-10T00:00:00Z' })).toEqual(['Type:reserved_name:error', 'TimeGenerated:time_generated_out_of_window:warning']);
    expect(bare({ ...good, TimeGenerated: 'yesterday' })).toEqual([]);
  });

  it('names the record index in lintRecords and refuses non-objects', () => {
    const found = lintRecords([good, { ...good, extra: 1 }, [1]], decl, { now: NOW });
    expect(found.map((f) => [f.index, f.field, f.code])).toEqual([
      [1, 'extra', 'undeclared_property'],
      [2, '', 'not_an_object'],
    ]);
  });
});

describe('dcrStreams', () => {
  it('reads an ARM template, a DCR resource and bare properties', () => {
    const properties = { streamDeclarations: { 'Custom-A': { columns: [{ name: 'TimeGenerated', type: 'datetime' }] } }, dataFlows: [{ streams: ['Custom-A'], transformKql: 'source' }] };
    const expected = [{ name: 'Custom-A', declaration: { columns: [{ name: 'TimeGenerated', type: 'datetime' }] }, transformKql: 'source' }];
    expect(dcrStreams({ resources: [{ type: 'Microsoft.Insights/dataCollectionRules', properties }] })).toEqual(expected);
    expect(dcrStreams({ properties })).toEqual(expected);
    expect(dcrStreams(properties)).toEqual(expected);
    expect(() => dcrStreams({})).toThrow(/no streamDeclarations/);
    expect(() => dcrStreams({ streamDeclarations: { 'Custom-A': {} } })).toThrow(/no columns/);
  });
});

describe('siemkit sentinel lint', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-lint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { files } = sentinelFiles({ format: 'ocsf' });
  const dcr = path.join(dir, 'dcr.json');
  const sample = path.join(dir, 'sample.json');
  writeFileSync(dcr, files['dcr.json'] as string);
  writeFileSync(sample, files['sample.json'] as string);
  const rows = JSON.parse(files['sample.json'] as string) as Record<string, unknown>[];

  it('exits 0 on the samples at their time', async () => {
    const run = await cli(['sentinel', 'lint', '--dcr', dcr, '--now', '2025-01-15T12:00:00Z', sample]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`${rows.length} records checked against Custom-SiemkitOcsf: ${rows.length} pass, 0 fail (0 errors, 0 warnings)`);
  });

  it('exits 1 with findings naming record, field and reason for crafted bad records (NDJSON on stdin)', async () => {
    const bad = [{ ...rows[0], extra_member: 'x' }, { ...rows[1], time: 'not a number' }, rows[2]].map((r) => JSON.stringify(r)).join('\n');
    const run = await cli(['sentinel', 'lint', '--dcr', dcr, '--now', '2025-01-15T12:00:00Z', '-'], bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('record 1: extra_member: error undeclared_property: "extra_member" is not a column of the stream declaration');
    expect(run.stderr).toContain('record 2: time: error type_mismatch: a long column cannot hold string');
    expect(run.stderr).toContain('3 records checked against Custom-SiemkitOcsf: 1 pass, 2 fail');
  });

  it('warnings pass, unless --strict', async () => {
    const old = JSON.stringify([{ ...rows[0], TimeGenerated: '2024-01-01T00:00:00Z' }]);
    const run = await cli(['sentinel', 'lint', '--dcr', dcr, '--now', '2025-01-15T12:00:00Z'], old);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('record 1: TimeGenerated: warning time_generated_out_of_window');
    expect((await cli(['sentinel', 'lint', '--dcr', dcr, '--now', '2025-01-15T12:00:00Z', '--strict'], old)).code).toBe(1);
  });

  it('exits 2 when the DCR is unusable or --now is not a time', async () => {
    const notDcr = path.join(dir, 'not-dcr.json');
    writeFileSync(notDcr, '{"resources":[]}');
    const run = await cli(['sentinel', 'lint', '--dcr', notDcr, sample]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no streamDeclarations');
    expect((await cli(['sentinel', 'lint', '--dcr', dcr, '--now', 'soon', sample])).code).toBe(2);
    expect((await cli(['sentinel', 'lint', '--dcr', dcr, '--stream', 'Custom-Nope', sample])).code).toBe(2);
  });
});
