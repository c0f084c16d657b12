import { describe, expect, it } from 'vitest';
import type { EcsSourceField } from '../../../../scripts/gen/ecs/load.js';
import type { EcsResolvedField } from '../../../../scripts/gen/ecs/resolve.js';
import { resolveEcs } from '../../../../scripts/gen/ecs/resolve.js';

const field = (name: string, type: string, extra: Partial<EcsSourceField> = {}): EcsSourceField => ({
  name,
  type,
  normalize: [],
  required: false,
  ...extra,
});

/** The categorization fields every ECS schema has, which resolve requires. */
const CATEGORIZATION: EcsSourceField[] = [
  field('event.kind', 'keyword', { allowedValues: [{ name: 'event' }, { name: 'alert' }] }),
  field('event.category', 'keyword', {
    normalize: ['array'],
    allowedValues: [
      { name: 'session', expectedEventTypes: ['start', 'end'] },
      { name: 'iam', expectedEventTypes: ['change'] },
    ],
  }),
  field('event.type', 'keyword', { normalize: ['array'], allowedValues: [{ name: 'start' }, { name: 'end' }, { name: 'change' }] }),
  field('event.outcome', 'keyword', { allowedValues: [{ name: 'success' }, { name: 'failure' }] }),
];

const resolved = (fields: EcsSourceField[]): EcsResolvedField[] =>
  resolveEcs([...CATEGORIZATION, ...fields]).fields.filter((f) => !f.name.startsWith('event.'));

describe('resolveEcs fields', () => {
  const cases: { name: string; in: EcsSourceField[]; out: EcsResolvedField[] }[] = [
    {
      name: 'sorts by UTF-16 code units',
      in: [field('user.name', 'keyword'), field('@timestamp', 'date', { required: true }), field('User', 'keyword')],
      out: [
        { name: '@timestamp', type: 'date', array: false, required: true, open: false },
        { name: 'User', type: 'keyword', array: false, required: false, open: false },
        { name: 'user.name', type: 'keyword', array: false, required: false, open: false },
      ],
    },
    {
      name: 'turns normalize: [array] into array',
      in: [field('tags', 'keyword', { normalize: ['array'] })],
      out: [{ name: 'tags', type: 'keyword', array: true, required: false, open: false }],
    },
    {
      name: 'opens flattened fields and objects without sub-fields, and only those',
      in: [
        field('labels', 'object', { objectType: 'keyword' }),
        field('log.syslog', 'object'),
        field('log.syslog.appname', 'keyword'),
        field('pe.imports', 'flattened'),
        field('pe.sections', 'nested'),
        field('pe.sections.name', 'keyword'),
        field('x.stop_sequences', 'nested'),
      ],
      out: [
        { name: 'labels', type: 'object', array: false, required: false, objectType: 'keyword', open: true },
        { name: 'log.syslog', type: 'object', array: false, required: false, open: false },
        { name: 'log.syslog.appname', type: 'keyword', array: false, required: false, open: false },
        { name: 'pe.imports', type: 'flattened', array: false, required: false, open: true },
        { name: 'pe.sections', type: 'nested', array: false, required: false, open: false },
        { name: 'pe.sections.name', type: 'keyword', array: false, required: false, open: false },
        { name: 'x.stop_sequences', type: 'nested', array: false, required: false, open: true },
      ],
    },
    {
      name: 'keeps allowed and expected values in ECS order, patterns and scaling factors',
      in: [
        field('entity.type', 'keyword', { allowedValues: [{ name: 'host' }, { name: 'bucket' }] }),
        field('network.direction', 'keyword', { expectedValues: ['ingress', 'egress'] }),
        field('host.mac', 'keyword', { pattern: '^[A-F0-9]{2}$' }),
        field('host.cpu.usage', 'scaled_float', { scalingFactor: 1000 }),
      ],
      out: [
        { name: 'entity.type', type: 'keyword', array: false, required: false, allowed: ['host', 'bucket'], open: false },
        { name: 'host.cpu.usage', type: 'scaled_float', array: false, required: false, scalingFactor: 1000, open: false },
        { name: 'host.mac', type: 'keyword', array: false, required: false, pattern: '^[A-F0-9]{2}$', open: false },
        { name: 'network.direction', type: 'keyword', array: false, required: false, expected: ['ingress', 'egress'], open: false },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(resolved(c.in)).toEqual(c.out);
    });
  }

  it('lists the field types in use, sorted', () => {
    expect(resolveEcs([...CATEGORIZATION, field('a', 'long'), field('b', 'date')]).types).toEqual(['date', 'keyword', 'long']);
  });
});

describe('resolveEcs categorization', () => {
  it('collects the allowed values of the four categorization fields and expected event types by category', () => {
    const model = resolveEcs(CATEGORIZATION);
    expect(model.categorization).toEqual({
      'event.kind': ['event', 'alert'],
      'event.category': ['session', 'iam'],
      'event.type': ['start', 'end', 'change'],
      'event.outcome': ['success', 'failure'],
    });
    expect(Object.keys(model.expectedEventTypes)).toEqual(['iam', 'session']);
    expect(model.expectedEventTypes).toEqual({ iam: ['change'], session: ['start', 'end'] });
  });
});

describe('resolveEcs rejects schemas the validator cannot read', () => {
  const replace = (name: string, replacement: EcsSourceField): EcsSourceField[] =>
    CATEGORIZATION.map((f) => (f.name === name ? replacement : f));
  const cases: { name: string; in: EcsSourceField[]; error: RegExp }[] = [
    { name: 'a missing categorization field', in: CATEGORIZATION.filter((f) => f.name !== 'event.outcome'), error: /'event\.outcome'/ },
    {
      name: 'an expected event type that event.type does not allow',
      in: replace('event.category', field('event.category', 'keyword', { allowedValues: [{ name: 'iam', expectedEventTypes: ['bogus'] }] })),
      error: /'iam'.*bogus/,
    },
    {
      name: 'expected event types outside event.category',
      in: replace('event.kind', field('event.kind', 'keyword', { allowedValues: [{ name: 'event', expectedEventTypes: ['start'] }] })),
      error: /'event\.kind'.*expected_event_types/,
    },
    { name: 'a field defined twice', in: [...CATEGORIZATION, field('a', 'keyword'), field('a', 'long')], error: /'a' is defined twice/ },
    { name: 'sub-fields below a value', in: [...CATEGORIZATION, field('a', 'keyword'), field('a.b', 'long')], error: /'a' is a keyword value/ },
    { name: 'a pattern JavaScript cannot compile', in: [...CATEGORIZATION, field('a', 'keyword', { pattern: '([' })], error: /'a'.*pattern/ },
    {
      name: 'an object_type on an object with sub-fields',
      in: [...CATEGORIZATION, field('a', 'object', { objectType: 'keyword' }), field('a.b', 'long')],
      error: /'a'.*object_type/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(() => resolveEcs(c.in)).toThrow(c.error);
    });
  }
});
