import { describe, expect, it } from 'vitest';
import { BUILT_IN_EVENT_TYPES } from '../../../src/registry/built-in.js';
import { SAMPLE_ACTIONS, TEMPLATE_ACTIONS, sampleEvents } from '../../../src/samples/events.js';
import { sampleRecords } from '../../../src/samples/records.js';
import { validateEvent } from '../../../src/validate/canonical.js';
import { validateEcs } from '../../../src/validate/ecs.js';
import { validateOcsf } from '../../../src/validate/ocsf.js';

describe('sampleEvents', () => {
  it('has a template for exactly the built-in event types', () => {
    expect([...TEMPLATE_ACTIONS].sort()).toEqual(BUILT_IN_EVENT_TYPES.map((t) => t.action).sort());
  });

  it('gives count events of every built-in type, each valid under the canonical validator', () => {
    const events = sampleEvents({ count: 3 });
    expect(events).toHaveLength(SAMPLE_ACTIONS.length * 3);
    expect(new Set(events.map((e) => e.action))).toEqual(new Set(SAMPLE_ACTIONS));
    for (const e of events) expect(validateEvent(e).errors, e.action).toEqual([]);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
  });

  it('maps to valid OCSF 1.1.0 and ECS 9.4 records', () => {
    const events = sampleEvents({ seed: 'other', count: 2 });
    for (const r of sampleRecords(events, 'ocsf')) expect(validateOcsf(r).errors, String((r.metadata as { event_code: string }).event_code)).toEqual([]);
    for (const r of sampleRecords(events, 'ecs')) expect(validateEcs(r, { customFieldSets: ['siemkit'] }).errors).toEqual([]);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(JSON.stringify(sampleEvents({ seed: 'a' }))).toBe(JSON.stringify(sampleEvents({ seed: 'a' })));
    expect(JSON.stringify(sampleEvents({ seed: 'a' }))).not.toBe(JSON.stringify(sampleEvents({ seed: 'b' })));
  });

  it('puts times in the hour before now', () => {
    const now = Date.parse('2030-03-01T08:00:00Z');
    for (const e of sampleEvents({ now: '2030-03-01T08:00:00Z' })) {
      const t = Date.parse(e.timestamp);
      expect(t).toBeLessThanOrEqual(now);
      expect(t).toBeGreaterThan(now - 3_600_000);
    }
  });

  it('keeps only the types asked for, and refuses unknown ones and bad counts', () => {
    expect(new Set(sampleEvents({ types: ['file.download', 'user.login'] }).map((e) => e.action))).toEqual(new Set(['user.login', 'file.download']));
    expect(() => sampleEvents({ types: ['no.such'] })).toThrow(/unknown event type "no.such"/);
    expect(() => sampleEvents({ count: 0 })).toThrow(RangeError);
  });
});
