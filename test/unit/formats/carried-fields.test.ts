import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { CarriedField } from '../../../src/formats/carried-fields.js';
import { joinEvent, splitEvent } from '../../../src/formats/carried-fields.js';
import { GOLDEN_EVENTS } from '../../golden/canonical-events.js';

const FILE = new Set(['FILE_ACCESS']);
const FIELDS: readonly CarriedField[] = [
  { key: 'cat', path: ['category'], kind: 'string' },
  { key: 'id', path: ['event_id'], kind: 'string', fits: (v) => v.length <= 10 },
  { key: 'who', path: ['actor', 'id'], kind: 'string' },
  { key: 'port', path: ['source', 'port'], kind: 'port' },
  { key: 'file', path: ['resource', 'name'], kind: 'string', categories: FILE },
];

const EVENT = {
  event_id: 'evt_1',
  timestamp: '2024-05-14T09:21:07.123Z',
  tenant_id: 't',
  category: 'FILE_ACCESS',
  action: 'file.download',
  outcome: 'success',
  severity: 'low',
  actor: { type: 'user', id: 'usr_1', name: 'Alice' },
  resource: { type: 'file', id: 'f1', name: 'a.txt' },
  source: { port: 443 },
} as CanonicalEvent;

describe('splitEvent and joinEvent: what keys carry and the rest', () => {
  it('gives each key its value, and keeps in the rest exactly what no key took', () => {
    const { carried, rest } = splitEvent(EVENT, FIELDS, ['timestamp', 'severity']);
    expect(carried).toEqual([['cat', 'FILE_ACCESS'], ['id', 'evt_1'], ['who', 'usr_1'], ['port', '443'], ['file', 'a.txt']]);
    expect(rest).toEqual({ tenant_id: 't', action: 'file.download', outcome: 'success', actor: { type: 'user', name: 'Alice' }, resource: { type: 'file', id: 'f1' } });
  });

  it('leaves a value that does not fit its key in the rest, whole', () => {
    const long = { ...EVENT, event_id: 'evt_0123456789' };
    const { carried, rest } = splitEvent(long, FIELDS, []);
    expect(carried.map(([k]) => k)).not.toContain('id');
    expect(rest?.event_id).toBe('evt_0123456789');
  });

  it('uses a category-bound key only for events of its category', () => {
    const login = { ...EVENT, category: 'AUTHENTICATION' } as CanonicalEvent;
    const { carried, rest } = splitEvent(login, FIELDS, []);
    expect(carried.map(([k]) => k)).not.toContain('file');
    expect((rest?.resource as Record<string, unknown>).name).toBe('a.txt');
  });

  it('drops an object from the rest when keys took all of it, and gives undefined when nothing is left', () => {
    const all: CarriedField[] = Object.keys(EVENT).map((k) => ({ key: k, path: [k], kind: 'string' }));
    expect(splitEvent(EVENT, all, []).rest).toBeUndefined();
    const { rest } = splitEvent({ ...EVENT, source: { port: 1 } }, FIELDS, []);
    expect(rest).not.toHaveProperty('source');
  });

  it('puts the keys and the rest back together as the event', () => {
    const { carried, rest } = splitEvent(EVENT, FIELDS, []);
    expect(joinEvent(new Map(carried), FIELDS, rest)).toStrictEqual({ ...EVENT });
    for (const event of GOLDEN_EVENTS) {
      const split = splitEvent(event, FIELDS, []);
      expect(joinEvent(new Map(split.carried), FIELDS, split.rest)).toEqual(event);
    }
  });

  it.each([
    ['080', 'not a port number'],
    ['65536x', 'not a port number'],
    ['-1', 'not a port number'],
    ['', 'not a port number'],
    ['123456', 'not a port number'],
  ])('refuses port %j', (port, reason) => {
    expect(joinEvent(new Map([['port', port]]), FIELDS, undefined)).toMatch(reason);
  });

  it('refuses a category-bound key for another category, or with no category at all', () => {
    expect(joinEvent(new Map([['cat', 'AUTHENTICATION'], ['file', 'a']]), FIELDS, undefined)).toMatch(/key file is not used for events of category AUTHENTICATION/);
    expect(joinEvent(new Map([['file', 'a']]), FIELDS, undefined)).toMatch(/category \(none\)/);
    expect(joinEvent(new Map([['file', 'a']]), FIELDS, { category: 'FILE_ACCESS' })).toEqual({ category: 'FILE_ACCESS', resource: { name: 'a' } });
  });

  it('refuses a field carried both in a key and in the rest', () => {
    expect(joinEvent(new Map([['cat', 'FILE_ACCESS']]), FIELDS, { category: 'FILE_ACCESS' })).toMatch(/field category is carried twice/);
    expect(joinEvent(new Map([['who', 'u']]), FIELDS, { actor: { id: 'v' } })).toMatch(/field actor.id is carried twice/);
    expect(joinEvent(new Map([['who', 'u']]), FIELDS, { actor: 'x' })).toMatch(/field actor is carried twice/);
    expect(joinEvent(new Map([['who', 'u']]), FIELDS, { actor: { type: 'user' } })).toEqual({ actor: { id: 'u', type: 'user' } });
  });
});
