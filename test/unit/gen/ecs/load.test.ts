import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EcsSourceField } from '../../../../scripts/gen/ecs/load.js';
import { parseEcsFlat, readEcsFlat } from '../../../../scripts/gen/ecs/load.js';

describe('parseEcsFlat', () => {
  const cases: { name: string; in: string; out: EcsSourceField[] }[] = [
    {
      name: 'keeps the facts and drops the prose',
      in: `
source.ip:
  dashed_name: source-ip
  description: 'IP address of the source.'
  example: 10.0.0.1
  flat_name: source.ip
  level: core
  name: ip
  normalize: []
  short: IP address of the source.
  type: ip
`,
      out: [{ name: 'source.ip', type: 'ip', normalize: [], required: false }],
    },
    {
      name: 'reads required, normalize and allowed values with their expected event types',
      in: `
'@timestamp':
  flat_name: '@timestamp'
  normalize: []
  required: true
  type: date
event.category:
  allowed_values:
  - description: Authentication events.
    expected_event_types: [start, end]
    name: authentication
  flat_name: event.category
  normalize: [array]
  type: keyword
`,
      out: [
        { name: '@timestamp', type: 'date', normalize: [], required: true },
        {
          name: 'event.category',
          type: 'keyword',
          normalize: ['array'],
          required: false,
          allowedValues: [{ name: 'authentication', expectedEventTypes: ['start', 'end'] }],
        },
      ],
    },
    {
      name: 'reads expected values, patterns, scaling factors and object types; ignores multi_fields',
      in: `
host.mac:
  flat_name: host.mac
  normalize: [array]
  pattern: ^[A-F0-9]{2}(-[A-F0-9]{2}){5,}$
  type: keyword
host.cpu.usage:
  flat_name: host.cpu.usage
  normalize: []
  scaling_factor: 1000
  type: scaled_float
labels:
  flat_name: labels
  normalize: []
  object_type: keyword
  type: object
network.direction:
  expected_values: [ingress, egress]
  flat_name: network.direction
  normalize: []
  type: keyword
host.name:
  flat_name: host.name
  multi_fields:
  - flat_name: host.name.text
    name: text
    type: match_only_text
  normalize: []
  type: keyword
`,
      out: [
        { name: 'host.mac', type: 'keyword', normalize: ['array'], required: false, pattern: '^[A-F0-9]{2}(-[A-F0-9]{2}){5,}$' },
        { name: 'host.cpu.usage', type: 'scaled_float', normalize: [], required: false, scalingFactor: 1000 },
        { name: 'labels', type: 'object', normalize: [], required: false, objectType: 'keyword' },
        { name: 'network.direction', type: 'keyword', normalize: [], required: false, expectedValues: ['ingress', 'egress'] },
        { name: 'host.name', type: 'keyword', normalize: [], required: false },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(parseEcsFlat(c.in)).toEqual(c.out);
    });
  }

  const invalid: { name: string; in: string; error: RegExp }[] = [
    { name: 'a document that is not a mapping', in: '- a\n- b\n', error: /expected a mapping/ },
    { name: 'a key that differs from flat_name', in: 'a.b:\n  flat_name: a.c\n  type: keyword\n', error: /field 'a\.b'.*flat_name/ },
    { name: 'a field without a type', in: 'a:\n  flat_name: a\n', error: /field 'a'.*'type'/ },
    { name: 'an allowed value without a name', in: 'a:\n  flat_name: a\n  type: keyword\n  allowed_values:\n  - description: x\n', error: /field 'a'.*'name'/ },
    { name: 'normalize that is not a list of strings', in: 'a:\n  flat_name: a\n  type: keyword\n  normalize: array\n', error: /field 'a'.*'normalize'/ },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name}`, () => {
      expect(() => parseEcsFlat(c.in)).toThrow(c.error);
    });
  }
});

describe('readEcsFlat', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siemkit-ecs-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ecs_flat.yml from the folder', () => {
    writeFileSync(path.join(dir, 'ecs_flat.yml'), 'a:\n  flat_name: a\n  type: keyword\n');
    expect(readEcsFlat(dir)).toContain('flat_name: a');
  });

  it('names the path it tried and the --ecs-dir option when the file is missing', () => {
    const missing = path.join(dir, 'nowhere');
    expect(() => readEcsFlat(missing)).toThrow(path.join(missing, 'ecs_flat.yml'));
    expect(() => readEcsFlat(missing)).toThrow('--ecs-dir DIR');
  });
});
