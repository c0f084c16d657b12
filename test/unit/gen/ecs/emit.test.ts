import { describe, expect, it } from 'vitest';
import { constName, emitEcs, fieldEntry, typeName } from '../../../../scripts/gen/ecs/emit.js';
import type { EcsModel, EcsResolvedField } from '../../../../scripts/gen/ecs/resolve.js';
import { tsBanner } from '../../../../scripts/gen/output.js';

const base = { array: false, required: false, open: false };

describe('fieldEntry', () => {
  const cases: { in: EcsResolvedField; out: string }[] = [
    { in: { ...base, name: 'source.ip', type: 'ip' }, out: '  "source.ip": { type: "ip" },' },
    { in: { ...base, name: '@timestamp', type: 'date', required: true }, out: '  "@timestamp": { type: "date", required: true },' },
    {
      in: { ...base, name: 'event.category', type: 'keyword', array: true, allowed: ['api'] },
      out: '  "event.category": { type: "keyword", array: true, allowed: ECS_EVENT_CATEGORY },',
    },
    {
      in: { ...base, name: 'entity.type', type: 'keyword', allowed: ['host', 'bucket'] },
      out: '  "entity.type": { type: "keyword", allowed: ["host", "bucket"] },',
    },
    {
      in: { ...base, name: 'host.mac', type: 'keyword', array: true, pattern: '^[A-F0-9]{2}(-[A-F0-9]{2}){5,}$' },
      out: '  "host.mac": { type: "keyword", array: true, pattern: "^[A-F0-9]{2}(-[A-F0-9]{2}){5,}$" },',
    },
    { in: { ...base, name: 'p', type: 'keyword', pattern: '^\\d+"$' }, out: '  "p": { type: "keyword", pattern: "^\\\\d+\\"$" },' },
    {
      in: { ...base, name: 'network.direction', type: 'keyword', expected: ['ingress', 'egress'] },
      out: '  "network.direction": { type: "keyword", expected: ["ingress", "egress"] },',
    },
    { in: { ...base, name: 'host.cpu.usage', type: 'scaled_float', scalingFactor: 1000 }, out: '  "host.cpu.usage": { type: "scaled_float", scalingFactor: 1000 },' },
    {
      in: { ...base, name: 'labels', type: 'object', objectType: 'keyword', open: true },
      out: '  "labels": { type: "object", objectType: "keyword", open: true },',
    },
  ];
  for (const c of cases) {
    it(c.in.name, () => {
      expect(fieldEntry(c.in)).toBe(c.out);
    });
  }
});

describe('names of the categorization constants', () => {
  const cases = [
    { in: 'event.kind', out: ['ECS_EVENT_KIND', 'EcsEventKind'] },
    { in: 'event.category', out: ['ECS_EVENT_CATEGORY', 'EcsEventCategory'] },
  ];
  for (const c of cases) {
    it(c.in, () => {
      expect([constName(c.in), typeName(c.in)]).toEqual(c.out);
    });
  }
});

describe('emitEcs', () => {
  const model: EcsModel = {
    fields: [
      { ...base, name: '@timestamp', type: 'date', required: true },
      { ...base, name: 'event.kind', type: 'keyword', allowed: ['event'] },
    ],
    types: ['date', 'keyword'],
    categorization: { 'event.kind': ['event'], 'event.category': ['iam'], 'event.type': ['change'], 'event.outcome': ['success'] },
    expectedEventTypes: { iam: ['change'] },
  };
  const files = emitEcs(model, { version: '9.4.0' });

  it('writes one folder per ECS version, files sorted by path', () => {
    expect(files.map((f) => f.path)).toEqual([
      'generated/ecs/9.4.0/categorization.ts',
      'generated/ecs/9.4.0/fields.ts',
      'generated/ecs/9.4.0/index.ts',
      'generated/ecs/9.4.0/version.ts',
    ]);
  });

  it('starts every file with the banner', () => {
    const banner = tsBanner('scripts/gen/ecs', 'ECS 9.4.0 ecs_flat.yml');
    for (const f of files) expect(f.content.startsWith(banner)).toBe(true);
  });

  it('prints the version, the type union and the categorization tables', () => {
    const byPath = new Map(files.map((f) => [f.path.split('/').pop(), f.content]));
    expect(byPath.get('version.ts')).toContain('export const ECS_VERSION = "9.4.0";');
    expect(byPath.get('fields.ts')).toContain('export type EcsFieldType = "date" | "keyword";');
    expect(byPath.get('fields.ts')).toContain('  "event.kind": { type: "keyword", allowed: ECS_EVENT_KIND },');
    expect(byPath.get('categorization.ts')).toContain('export const ECS_EVENT_CATEGORY = ["iam"] as const;');
    expect(byPath.get('categorization.ts')).toContain('  "iam": ["change"],');
  });

  it('is a pure function of the model', () => {
    expect(emitEcs(model, { version: '9.4.0' })).toEqual(files);
  });
});
