/**
 * createEvent / createEventIn: the typed way to make a canonical event. The ids are `evt_` + a
 * ULID, the timestamp is now in RFC 3339, and the events are valid for validateEvent.
 */
import fc from 'fast-check';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { BUILT_IN_EVENT_TYPES } from '../../../src/registry/built-in.js';
import { createEvent, createEventIn, newEventId } from '../../../src/registry/create-event.js';
import type { EventType } from '../../../src/registry/event-type.js';
import { defineEventType } from '../../../src/registry/event-type.js';
import { BUILT_IN_REGISTRY, createRegistry } from '../../../src/registry/registry.js';
import { validateEvent } from '../../../src/validate/canonical.js';
import { dateTimeProblem } from '../../../schemas/formats/rfc3339.js';
import { arbitraryCanonicalEvent } from '../../helpers/canonical-arbitrary.js';

const EVENT_ID = /^evt_[0-9A-HJKMNP-TV-Z]{26}$/;
const base = { tenant_id: 'tnt_acme', outcome: 'success', severity: 'info', actor: { type: 'user', id: 'usr_1' } } as const;

describe('createEvent', () => {
  it('fills event_id, timestamp, category and action', () => {
    const before = Date.now();
    const e = createEvent('user.login', { ...base, payload: { method: 'passkey', mfa: true } });
    const after = Date.now();
    expect(e.event_id).toMatch(EVENT_ID);
    expect(e.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(dateTimeProblem(e.timestamp)).toBeUndefined();
    expect(Date.parse(e.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(e.timestamp)).toBeLessThanOrEqual(after);
    expect(e).toMatchObject({ category: 'AUTHENTICATION', action: 'user.login', payload: { method: 'passkey', mfa: true }, ...base });
    expect(validateEvent(e).errors).toEqual([]);
  });

  it('keeps an event_id and a timestamp that are given', () => {
    const e = createEvent('user.logout', { ...base, event_id: 'retry-42', timestamp: '2026-11-22T08:00:00+01:00' });
    expect(e.event_id).toBe('retry-42');
    expect(e.timestamp).toBe('2026-11-22T08:00:00+01:00');
    expect(e).not.toHaveProperty('payload');
  });

  it('gives ids in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => createEvent('user.logout', base).event_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(EVENT_ID);
  });

  it('makes valid events of every built-in type, with any fields the contract allows', () => {
    fc.assert(
      fc.property(arbitraryCanonicalEvent(), (generated) => {
        const { event_id: _id, timestamp: _ts, category, action, ...fields } = generated;
        const e = createEventIn(BUILT_IN_REGISTRY, action as (typeof BUILT_IN_EVENT_TYPES)[number]['action'], fields as never);
        expect(e.category).toBe(category);
        expect(e.event_id).toMatch(EVENT_ID);
        expect(validateEvent(e).errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('createEventIn', () => {
  const exportType = defineEventType({
    action: 'report.export',
    category: 'FILE_ACCESS',
    payload: Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('pdf')]) }, { additionalProperties: false }),
    ocsf: { class: 'file_hosting', activity_id: 2 },
    ecs: { kind: 'event', category: ['file'], type: ['access'] },
    cef: { signature_id: 'report.export', name: 'Report exported' },
  });
  const registry = createRegistry([...BUILT_IN_EVENT_TYPES, exportType]);

  it('makes events of a user type, valid against the same registry', () => {
    const e: CanonicalEvent = createEventIn(registry, 'report.export', { ...base, resource: { type: 'report', id: 'rep_1', name: 'Q3' }, source: { ip: '192.0.2.1' }, payload: { format: 'csv' } });
    expect(e).toMatchObject({ category: 'FILE_ACCESS', action: 'report.export' });
    expect(validateEvent(e, { registry }).errors).toEqual([]);
  });

  it('throws for an action the registry does not have', () => {
    expect(() => createEventIn(createRegistry([] as EventType[]), 'user.login' as never, base as never)).toThrow('no event type is registered for action "user.login"');
  });
});

describe('newEventId', () => {
  // Last in the file: a time ahead of the clock moves the module's ULID clock forward (ulid.ts keeps ids monotonic).
  it('is evt_ and a ULID of the given time', () => {
    const ms = 4_000_000_000_000;
    // The time in base 32, digit by digit in Crockford's alphabet.
    const crockford = [...ms.toString(32).padStart(10, '0')].map((d) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Number.parseInt(d, 32)]).join('');
    expect(newEventId(ms)).toMatch(EVENT_ID);
    expect(newEventId(ms).slice(4, 14)).toBe(crockford);
  });
});
