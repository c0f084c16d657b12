/**
 * `labels` <-> ECS `labels` and `siemkit.labels`: keys ECS cannot hold (a dot, empty, blank) go to
 * `{key, value}` pairs, the rest stay ECS labels; JavaScript's dangerous keys stay own data.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { fromEcs, SIEMKIT_FIELD_SET, toEcs } from '../../../../src/mappers/ecs/index.js';
import { validateEvent } from '../../../../src/validate/canonical.js';
import { validateEcs } from '../../../../src/validate/ecs.js';

/** Labels built member by member, as JSON.parse does (an own `__proto__` included). */
function labels(entries: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const event = (l: Record<string, string>): CanonicalEvent => ({
  event_id: 'evt_1',
  timestamp: '2024-05-14T09:21:07Z',
  tenant_id: 't',
  category: 'AUTHENTICATION',
  action: 'user.login',
  outcome: 'success',
  severity: 'info',
  actor: { type: 'user', id: 'u' },
  labels: l,
});

interface Case {
  name: string;
  in: [string, string][];
  ecs?: [string, string][];
  pairs?: [string, string][];
}

const CASES: Case[] = [
  { name: 'plain keys are ECS labels', in: [['env', 'prod'], ['change=window', 'a=b'], ['a b', 'x|y'], ['中文', 'ü']], ecs: [['env', 'prod'], ['change=window', 'a=b'], ['a b', 'x|y'], ['中文', 'ü']] },
  { name: 'a dot would be a sub-object', in: [['k8s.io/app', 'web'], ['.', 'dot'], ['a.', 'trailing']], pairs: [['k8s.io/app', 'web'], ['.', 'dot'], ['a.', 'trailing']] },
  { name: 'empty and blank keys are not field names', in: [['', 'empty'], [' ', 'space'], ['\t\n', 'tab'], ['\u00a0', 'nbsp'], ['\u001c', 'file separator']], pairs: [['', 'empty'], [' ', 'space'], ['\t\n', 'tab'], ['\u00a0', 'nbsp'], ['\u001c', 'file separator']] },
  { name: 'a blank inside a key is fine', in: [[' x ', 'v'], ['x\ny', 'v']], ecs: [[' x ', 'v'], ['x\ny', 'v']] },
  { name: "JavaScript's dangerous keys stay own data", in: [['__proto__', 'p'], ['constructor', 'c'], ['toString', 't']], ecs: [['__proto__', 'p'], ['constructor', 'c'], ['toString', 't']] },
  { name: 'mixed', in: [['env', 'prod'], ['a.b', 'x'], ['__proto__', 'p']], ecs: [['env', 'prod'], ['__proto__', 'p']], pairs: [['a.b', 'x']] },
  { name: 'no labels at all: an empty ECS labels object', in: [], ecs: [] },
];

describe('toEcs: labels', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const e = event(labels(c.in));
      expect(validateEvent(e).errors).toEqual([]);
      const doc = toEcs(e);
      expect(doc.labels).toStrictEqual(c.ecs === undefined ? undefined : labels(c.ecs));
      expect(doc.siemkit.labels).toStrictEqual(c.pairs?.map(([key, value]) => ({ key, value })));
      if (c.ecs !== undefined) expect(Object.keys(doc.labels ?? {})).toEqual(c.ecs.map(([k]) => k));
      const result = validateEcs(doc, { customFieldSets: [SIEMKIT_FIELD_SET] });
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      const back = fromEcs(JSON.parse(JSON.stringify(doc)) as unknown);
      expect(back).toStrictEqual(e);
      expect(Object.keys(back.labels ?? {}).sort()).toEqual(c.in.map(([k]) => k).sort());
    });
  }
});
