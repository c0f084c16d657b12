import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { dcrStreams, holds, isReservedColumnName, lintRecords, transformRemovals } from '../../../src/destinations/sentinel/dcr-lint.js';
import { SAMPLE_FORMATS } from '../../../src/samples/records.js';
import { sentinelFiles, TABLE_COLUMN_TYPES } from '../../../src/samples/sentinel/index.js';
import type { NestedMode } from '../../../src/samples/sentinel/layout.js';
import { columnName } from '../../../src/samples/sentinel/layout.js';
import { cli } from '../../helpers/cli.js';

const NOW = Date.parse('2025-01-15T12:00:00.000Z');
const schema = JSON.parse(readFileSync(new URL('../../fixtures/azure/dcr-template.schema.json', import.meta.url), 'utf8')) as object;
const validateDcr = new Ajv({ allErrors: true, strict: false }).compile(schema);

interface TableDoc {
  properties: { schema: { name: string; columns: { name: string; type: string; description: string }[] } };
}

/** Parses the generated transformKql: `extend ['a'] = expr, ...` stages and `project-away` lists. */
function simulate(kql: string, input: readonly string[]): { outputs: Set<string>; read: string[] } {
  const stages = kql.split('\n| ');
  expect(stages[0]).toBe('source');
  const columns = new Set(input);
  const read: string[] = [];
  for (const stage of stages.slice(1)) {
    if (stage.startsWith('extend ')) {
      // Assignments are `['target'] = expression`, separated by `, ` before the next target.
      for (const assignment of stage.slice('extend '.length).split(/, (?=\['[^']+'\] = )/)) {
        const m = /^\['([^']+)'\] = (.+)$/s.exec(assignment);
        if (m === null) throw new Error(`unexpected assignment ${assignment}`);
        // The first ['x'] of an access path is a column; the ['y'] after it are members of a dynamic value.
        for (const ref of (m[2] as string).matchAll(/(?<![\]\w])\['([^']+)'\]/g)) read.push(ref[1] as string);
        columns.add(m[1] as string);
      }
    } else if (stage.startsWith('project-away ')) {
      for (const m of stage.matchAll(/\['([^']+)'\]/g)) {
        read.push(m[1] as string);
        columns.delete(m[1] as string);
      }
    } else {
      throw new Error(`unexpected stage ${stage}`);
    }
  }
  return { outputs: columns, read };
}

const cases = SAMPLE_FORMATS.flatMap((format) => (['dynamic', 'flatten'] as NestedMode[]).map((nested) => ({ format, nested })));

describe.each(cases)('sentinel files: $format, $nested', ({ format, nested }) => {
  const { files, layout } = sentinelFiles({ format, nested });
  const table = JSON.parse(files['table.json'] as string) as TableDoc;
  const dcr = JSON.parse(files['dcr.json'] as string) as Record<string, unknown>;
  const rows = JSON.parse(files['sample.json'] as string) as Record<string, unknown>[];
  const [stream] = dcrStreams(dcr);
  if (stream === undefined) throw new Error('no stream');

  it('table.json: <Name>_CL, TimeGenerated first, allowed types, legal unique names', () => {
    expect(table.properties.schema.name).toMatch(/^[A-Za-z][A-Za-z0-9_]*_CL$/);
    const cols = table.properties.schema.columns;
    expect(cols[0]).toMatchObject({ name: 'TimeGenerated', type: 'datetime' });
    for (const c of cols) {
      expect(TABLE_COLUMN_TYPES).toContain(c.type);
      expect(c.name).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,44}$/);
      expect(isReservedColumnName(c.name), c.name).toBe(false);
    }
    expect(new Set(cols.map((c) => c.name.toLowerCase())).size).toBe(cols.length);
    expect(cols.length).toBeLessThanOrEqual(500);
  });

  it('sample.json: every built-in type, TimeGenerated on every row, every property declared with a compatible type', () => {
    expect(rows.length).toBeGreaterThanOrEqual(33);
    const declared = new Map(stream.declaration.columns.map((c) => [c.name, c.type]));
    for (const [i, row] of rows.entries()) {
      expect(Object.keys(row)[0], `row ${i}`).toBe('TimeGenerated');
      for (const [k, v] of Object.entries(row)) {
        expect(declared.has(k), `row ${i}: ${k} undeclared`).toBe(true);
        expect(holds(declared.get(k) as string, v), `row ${i}: ${k} = ${JSON.stringify(v)} in ${declared.get(k)}`).toBe(true);
      }
    }
  });

  it('the lint passes the samples', () => {
    expect(lintRecords(rows, stream.declaration, { now: NOW, removedByTransform: transformRemovals(stream.transformKql ?? '') })).toEqual([]);
  });

  it('dcr.json is valid against the DCR template schema', () => {
    const ok = validateDcr(dcr);
    expect(validateDcr.errors ?? [], JSON.stringify(validateDcr.errors)).toEqual([]);
    expect(ok).toBe(true);
    expect(stream.name).toBe(layout.stream);
    expect(stream.declaration.columns[0]).toEqual({ name: 'TimeGenerated', type: 'datetime' });
  });

  it('transformKql reads only declared columns and writes exactly the table columns', () => {
    const declared = stream.declaration.columns.map((c) => c.name);
    const { outputs, read } = simulate(stream.transformKql as string, declared);
    for (const name of read) expect(declared, `transformKql names ${name}`).toContain(name);
    expect([...outputs].sort()).toEqual(table.properties.schema.columns.map((c) => c.name).sort());
    expect(stream.transformKql).toContain("extend ['TimeGenerated'] = iif(isnull(['TimeGenerated'])");
  });

  it('records each rename in table.json', () => {
    for (const r of layout.renames) {
      const col = table.properties.schema.columns.find((c) => c.name === r.column);
      expect(col?.description).toContain(`renamed from "${r.field}"`);
    }
    if (format === 'ecs') expect(layout.renames).toContainEqual(expect.objectContaining({ field: '@timestamp', column: 'timestamp' }));
  });

  it('README.md names the table, the stream and every destination key', () => {
    const readme = files['README.md'] as string;
    for (const s of [layout.table, layout.stream, 'endpoint:', 'dcr_immutable_id:', 'stream:', 'tenant_id:', 'client_id:', 'client_secret:', 'az deployment group create', 'Monitoring Metrics Publisher', 'siemkit sentinel lint']) expect(readme).toContain(s);
  });
});

describe('column names', () => {
  it('renames reserved, illegal, long and clashing names and says why', () => {
    expect(columnName(['TenantId'], new Set())).toEqual({ name: 'TenantId_field', reason: 'the name is reserved in Log Analytics' });
    expect(columnName(['id'], new Set()).name).toBe('id_field');
    expect(columnName(['@timestamp'], new Set())).toEqual({ name: 'timestamp', reason: 'only letters, digits and _ are allowed' });
    expect(columnName(['9lives'], new Set()).name).toBe('f_9lives');
    expect(columnName(['a'.repeat(50)], new Set()).name).toHaveLength(45);
    expect(columnName(['actor', 'id'], new Set(['actor_id']))).toEqual({ name: 'actor_id_2', reason: 'another column has the name' });
    expect(columnName(['actor', 'user', 'uid'], new Set())).toEqual({ name: 'actor_user_uid' });
  });
});

describe('siemkit samples --for sentinel', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const tmp = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'siemkit-samples-'));
    dirs.push(d);
    return d;
  };

  it('writes byte-identical files for the same seed, different ones for another', async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    for (const [dir, seed] of [[a, 's1'], [b, 's1'], [c, 's2']] as const) {
      const run = await cli(['samples', '--for', 'sentinel', '--out', dir, '--format', 'ecs', '--seed', seed, '--count', '3']);
      expect(run.code, run.stderr).toBe(0);
    }
    expect(readdirSync(a).sort()).toEqual(['README.md', 'dcr.json', 'queries.json', 'sample.json', 'table.json']);
    for (const f of readdirSync(a)) expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), f).toBe(true);
    expect(readFileSync(path.join(c, 'sample.json')).equals(readFileSync(path.join(a, 'sample.json')))).toBe(false);
  });

  it('keeps --types and --count', async () => {
    const dir = tmp();
    const run = await cli(['samples', '--for', 'sentinel', '--out', dir, '--types', 'user.login,file.download', '--count', '4']);
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(path.join(dir, 'sample.json'), 'utf8')) as { metadata: { event_code: string } }[];
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.metadata.event_code))).toEqual(new Set(['user.login', 'file.download']));
  });

  it('exits 2 for an unknown type or a bad count', async () => {
    expect((await cli(['samples', '--for', 'sentinel', '--out', tmp(), '--types', 'nope.nope'])).code).toBe(2);
    expect((await cli(['samples', '--for', 'sentinel', '--out', tmp(), '--count', 'x'])).code).toBe(2);
    expect((await cli(['samples', '--for', 'nowhere', '--out', tmp()])).code).toBe(2);
  });
});
