/**
 * The ECS generator end to end on the real ECS 9.4.0 data set: deterministic, not stale, and
 * faithful to `ecs_flat.yml` (read here with the yaml package directly, not through load.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EcsFlat, EcsVersion } from '@elastic/ecs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ECS_EVENT_CATEGORY, ECS_EXPECTED_EVENT_TYPES, ECS_FIELDS, ECS_VERSION } from '../../../../generated/ecs/9.4.0/index.js';
import { ECS_SOURCE_VERSION, ecsGenerator } from '../../../../scripts/gen/ecs/index.js';
import type { GeneratedFile, GeneratorOptions } from '../../../../scripts/gen/output.js';
import { REPO_ROOT, SHARED } from '../../../helpers/paths.js';

const SCHEMAS_DIR = path.join(SHARED, 'schemas');
const OPTIONS: GeneratorOptions = { schemasDir: SCHEMAS_DIR, dirs: {} };

interface YamlField {
  type: string;
  normalize: string[];
  required?: boolean;
  short: string;
  description: string;
  allowed_values?: { name: string; expected_event_types?: string[] }[];
  multi_fields?: { flat_name: string }[];
}
let yaml: Record<string, YamlField>;
let first: GeneratedFile[];
let second: GeneratedFile[];

beforeAll(async () => {
  yaml = parse(readFileSync(path.join(SCHEMAS_DIR, `ecs-${ECS_SOURCE_VERSION}`, 'ecs_flat.yml'), 'utf8')) as Record<string, YamlField>;
  first = await ecsGenerator.run(OPTIONS);
  second = await ecsGenerator.run(OPTIONS);
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.relative(REPO_ROOT, path.join(dir, e.name)).split(path.sep).join('/')],
  );
}

describe('ecsGenerator', () => {
  it('produces byte-identical output on two runs', () => {
    expect(second).toEqual(first);
  });

  it('matches generated/ecs in the tree (run `npm run gen` when this fails)', () => {
    for (const f of first) expect(readFileSync(path.join(REPO_ROOT, f.path), 'utf8'), f.path).toBe(f.content);
    expect(listFiles(path.join(REPO_ROOT, 'generated', 'ecs')).sort()).toEqual(first.map((f) => f.path).sort());
  });

  it('writes only under the folder it owns', () => {
    for (const f of first) expect(ecsGenerator.owns.some((dir) => f.path.startsWith(`${dir}/`))).toBe(true);
  });

  it('carries no machine paths and no ECS prose', () => {
    const text = first.map((f) => f.content).join('\n');
    expect(text).not.toContain(REPO_ROOT);
    expect(text).not.toContain(SCHEMAS_DIR);
    const prose = Object.values(yaml)
      .flatMap((f) => [f.short, f.description])
      .filter((s) => s.includes(' ') && s.length > 24);
    expect(prose.length).toBeGreaterThan(1000);
    for (const s of prose) expect(text.includes(s), s).toBe(false);
  });

  it('fails with the path it tried and the --ecs-dir option when the data set is missing', () => {
    const dir = path.join(REPO_ROOT, 'no-such-ecs-dir');
    expect(existsSync(dir)).toBe(false);
    expect(() => ecsGenerator.run({ ...OPTIONS, dirs: { ecs: dir } })).toThrow(/no-such-ecs-dir.*ecs_flat\.yml.*--ecs-dir DIR/);
  });

  it('compiles the ECS release that @elastic/ecs types describe', () => {
    expect(ECS_VERSION).toBe(ECS_SOURCE_VERSION);
    expect(ECS_VERSION).toBe(EcsVersion);
  });
});

describe('generated ECS tables against ecs_flat.yml', () => {
  it('has source.ip as ip, @timestamp as a required date, authentication among event.category values', () => {
    expect(yaml['source.ip']?.type).toBe('ip');
    expect(ECS_FIELDS['source.ip']?.type).toBe(yaml['source.ip']?.type);
    expect(yaml['@timestamp']?.type).toBe('date');
    expect(ECS_FIELDS['@timestamp']).toEqual({ type: yaml['@timestamp']?.type, required: yaml['@timestamp']?.required });
    const categories = yaml['event.category']?.allowed_values?.map((v) => v.name);
    expect(categories).toContain('authentication');
    expect(ECS_FIELDS['event.category']?.allowed).toEqual(categories);
    expect(ECS_EVENT_CATEGORY).toEqual(categories);
  });

  it('lists every field with its type, array normalisation and required flag', () => {
    expect(Object.keys(ECS_FIELDS).sort()).toEqual(Object.keys(yaml).sort());
    for (const [name, f] of Object.entries(yaml)) {
      const g = ECS_FIELDS[name];
      expect(g?.type, name).toBe(f.type);
      expect(g?.array === true, name).toBe(f.normalize.includes('array'));
      expect(g?.required === true, name).toBe(f.required === true);
      expect(g?.allowed, name).toEqual(f.allowed_values?.map((v) => v.name));
    }
  });

  it('leaves multi-fields out', () => {
    const multi = Object.values(yaml).flatMap((f) => f.multi_fields ?? []);
    expect(multi.length).toBeGreaterThan(0);
    for (const m of multi) expect(ECS_FIELDS[m.flat_name], m.flat_name).toBeUndefined();
  });

  it('keeps expected_event_types per event.category value', () => {
    for (const v of yaml['event.category']?.allowed_values ?? []) {
      expect(ECS_EXPECTED_EVENT_TYPES[v.name as keyof typeof ECS_EXPECTED_EVENT_TYPES], v.name).toEqual(v.expected_event_types);
    }
  });

  it('agrees with the flat schema that @elastic/ecs ships', () => {
    const flat = EcsFlat as Record<string, { type: string }>;
    expect(Object.keys(ECS_FIELDS).sort()).toEqual(Object.keys(flat).sort());
    for (const [name, f] of Object.entries(flat)) expect(ECS_FIELDS[name]?.type, name).toBe(f.type);
  });
});
