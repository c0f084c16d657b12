/** createRegistry: one type per action, lookups, and the mapping fallback to the category defaults. */
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../schemas/canonical/category.js';
import { BUILT_IN_EVENT_TYPES } from '../../../src/registry/built-in.js';
import { CATEGORY_DEFAULTS, categoryMapping } from '../../../src/registry/category-defaults.js';
import { defineEventType } from '../../../src/registry/event-type.js';
import { BUILT_IN_REGISTRY, createRegistry } from '../../../src/registry/registry.js';

const exportType = defineEventType({
  action: 'report.export',
  category: 'FILE_ACCESS',
  payload: Type.Object({}),
  ocsf: { class: 'file_hosting', activity_id: 2 },
  ecs: { kind: 'event', category: ['file'], type: ['access'] },
  cef: { signature_id: 'report.export', name: 'Report exported' },
});

describe('createRegistry', () => {
  it('holds the types it is given, in order', () => {
    const r = createRegistry([...BUILT_IN_EVENT_TYPES, exportType]);
    expect(r.types).toHaveLength(BUILT_IN_EVENT_TYPES.length + 1);
    expect(r.types.at(-1)).toBe(exportType);
    expect(BUILT_IN_REGISTRY.types).toBe(BUILT_IN_EVENT_TYPES);
  });

  it('throws when two types share an action, naming it', () => {
    expect(() => createRegistry([exportType, { ...exportType, category: 'SECURITY' }])).toThrow('event type "report.export" is registered twice');
    expect(() => createRegistry([...BUILT_IN_EVENT_TYPES, ...BUILT_IN_EVENT_TYPES.slice(0, 1)])).toThrow('event type "user.login" is registered twice');
  });

  it('accepts an empty array', () => {
    const r = createRegistry([]);
    expect(r.get('user.login')).toBeUndefined();
    expect(r.mapping('AUTHENTICATION', 'user.login')).toEqual(categoryMapping('AUTHENTICATION', 'user.login'));
  });

  it('looks types up by action', () => {
    const r = createRegistry([exportType]);
    expect(r.get('report.export')).toBe(exportType);
    expect(r.get('report.import')).toBeUndefined();
    expect(r.get('__proto__')).toBeUndefined();
    expect(r.get('constructor')).toBeUndefined();
  });
});

describe('registry.mapping', () => {
  it('is the type itself for a registered action used with its category', () => {
    const login = BUILT_IN_REGISTRY.get('user.login');
    expect(BUILT_IN_REGISTRY.mapping('AUTHENTICATION', 'user.login')).toBe(login);
  });

  it.each(CATEGORIES)('falls back to the defaults of %s for an unregistered action', (category) => {
    const m = BUILT_IN_REGISTRY.mapping(category, 'acme.widget.spin');
    const d = CATEGORY_DEFAULTS[category];
    expect(m).toEqual({ ocsf: { class: d.ocsf.class, activity_id: 99, activity_name: 'acme.widget.spin' }, ecs: d.ecs, cef: { signature_id: 'acme.widget.spin', name: 'acme.widget.spin' } });
  });

  it('falls back to the category defaults for a registered action used with another category', () => {
    const m = BUILT_IN_REGISTRY.mapping('SECURITY', 'user.login');
    expect(m.ocsf).toEqual({ class: 'detection_finding', activity_id: 99, activity_name: 'user.login' });
    expect(m.ecs).toBe(CATEGORY_DEFAULTS.SECURITY.ecs);
  });

  it('returns the same fallback object for the same category and action', () => {
    const r = createRegistry([]);
    expect(r.mapping('CONFIGURATION', 'acme.x.y')).toBe(r.mapping('CONFIGURATION', 'acme.x.y'));
    expect(r.mapping('CONFIGURATION', 'acme.x.y')).not.toBe(r.mapping('SECURITY', 'acme.x.y'));
  });

  it('maps the default classes of DESIGN.md §2', () => {
    const classes = Object.fromEntries(CATEGORIES.map((c) => [c, CATEGORY_DEFAULTS[c].ocsf.class]));
    expect(classes).toEqual({
      AUTHENTICATION: 'authentication',
      ACCOUNT_CHANGE: 'account_change',
      GROUP_MANAGEMENT: 'group_management',
      ACCESS_MANAGEMENT: 'user_access',
      FILE_ACCESS: 'file_hosting',
      API_ACTIVITY: 'api_activity',
      CONFIGURATION: 'entity_management',
      SECURITY: 'detection_finding',
    });
  });
});
