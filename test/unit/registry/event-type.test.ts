/** defineEventType: what it checks without a registry, and what it returns. */
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { EventTypeSpec } from '../../../src/registry/event-type.js';
import { defineEventType } from '../../../src/registry/event-type.js';

const spec = (over: Partial<EventTypeSpec<string, ReturnType<typeof Type.Object>>> = {}): EventTypeSpec<string, ReturnType<typeof Type.Object>> => ({
  action: 'report.export',
  category: 'FILE_ACCESS',
  payload: Type.Object({ format: Type.String() }),
  ocsf: { class: 'file_hosting', activity_id: 2 },
  ecs: { kind: 'event', category: ['file'], type: ['access'] },
  cef: { signature_id: 'report.export', name: 'Report exported' },
  ...over,
});

describe('defineEventType', () => {
  it('returns the definition, frozen', () => {
    const t = defineEventType(spec());
    expect(t).toEqual(spec());
    expect(Object.isFrozen(t)).toBe(true);
  });

  it.each(['Report.export', 'report', 'report.', '.export', 'report..export', '1report.export', 'report.Export', 'report.ex-port', 'report.export ', ''])('rejects the action %j', (action) => {
    expect(() => defineEventType(spec({ action }))).toThrow(/action must be dotted lower-case object\.verb/);
  });

  it.each(['a.b', 'user.login', 'link.create_external', 'siem.delivery.dropped', 'a1_.b2_'])('accepts the action %j', (action) => {
    expect(defineEventType(spec({ action })).action).toBe(action);
  });

  it('names the action in its errors', () => {
    expect(() => defineEventType(spec({ action: 'Bad' }))).toThrow(/^event type "Bad": /);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects the OCSF activity_id %s', (activity_id) => {
    expect(() => defineEventType(spec({ ocsf: { class: 'file_hosting', activity_id } }))).toThrow(/ocsf\.activity_id must be an integer/);
  });

  it('needs an activity_name with activity 99 (Other)', () => {
    expect(() => defineEventType(spec({ ocsf: { class: 'file_hosting', activity_id: 99 } }))).toThrow(/activity_id 99 \(Other\) needs an ocsf\.activity_name/);
    expect(() => defineEventType(spec({ ocsf: { class: 'file_hosting', activity_id: 99, activity_name: '' } }))).toThrow(/needs an ocsf\.activity_name/);
    expect(defineEventType(spec({ ocsf: { class: 'file_hosting', activity_id: 99, activity_name: 'Export' } })).ocsf.activity_name).toBe('Export');
  });
});
