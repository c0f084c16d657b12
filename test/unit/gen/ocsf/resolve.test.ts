/** The resolve stage on small in-memory schema repositories: `{in, out}` cases per rule. */
import { describe, expect, it } from 'vitest';
import type { RawRepository } from '../../../../scripts/gen/ocsf/load.js';
import { deepMerge, resolve, SchemaError } from '../../../../scripts/gen/ocsf/resolve.js';

/** A minimal repository: a dictionary, two categories, a base event; `extra` adds or replaces files. */
function repo(extra: Record<string, unknown> = {}): RawRepository {
  const files: Record<string, unknown> = {
    'version.json': { version: '9.9.9' },
    'categories.json': { attributes: { iam: { caption: 'IAM', uid: 3 }, system: { caption: 'System', uid: 1 } } },
    'dictionary.json': {
      attributes: {
        activity_id: { caption: 'Activity ID', type: 'integer_t', sibling: 'activity_name', enum: { '0': { caption: 'Unknown' }, '99': { caption: 'Other' } } },
        activity_name: { caption: 'Activity', type: 'string_t' },
        class_uid: { caption: 'Class ID', type: 'integer_t', sibling: 'class_name' },
        category_uid: { caption: 'Category ID', type: 'integer_t', sibling: 'category_name' },
        type_uid: { caption: 'Type ID', type: 'long_t', sibling: 'type_name' },
        time: { caption: 'Event Time', type: 'timestamp_t' },
        name: { caption: 'Name', type: 'string_t' },
        uid: { caption: 'Unique ID', type: 'string_t' },
        user: { caption: 'User', type: 'user' },
        tags: { caption: 'Tags', type: 'string_t', is_array: true },
        device: { caption: 'Device', type: 'device' },
        old: { caption: 'Old', type: 'string_t', '@deprecated': { since: '1.0.0', message: 'gone' } },
      },
      types: {
        attributes: {
          string_t: { caption: 'String', max_len: 10 },
          integer_t: { caption: 'Integer' },
          long_t: { caption: 'Long' },
          timestamp_t: { caption: 'Timestamp', type: 'long_t' },
          email_t: { caption: 'Email', type: 'string_t', regex: '^.+@.+$', observable: 5 },
        },
      },
    },
    'events/base_event.json': { name: 'base_event', caption: 'Base Event', category: 'other', attributes: { time: { requirement: 'required' }, class_uid: { requirement: 'required' } } },
    'events/iam/iam.json': { name: 'iam', caption: 'IAM', category: 'iam', extends: 'base_event', attributes: { activity_id: { requirement: 'required' } } },
    'events/iam/login.json': {
      name: 'login',
      caption: 'Login',
      extends: 'iam',
      uid: 2,
      attributes: {
        activity_id: { enum: { '1': { caption: 'Logon' } } },
        type_uid: { requirement: 'required' },
        category_uid: { requirement: 'required' },
        user: { requirement: 'required' },
      },
      constraints: { at_least_one: ['user', 'time'] },
    },
    'objects/user.json': { name: 'user', caption: 'User', observable: 21, attributes: { name: { requirement: 'recommended' }, uid: {}, tags: {} }, constraints: { at_least_one: ['name', 'uid'] } },
    'objects/device.json': { name: 'device', caption: 'Device', extends: 'user', attributes: { name: { requirement: 'required' } } },
    'profiles/datetime.json': { name: 'datetime', caption: 'Date/Time', meta: 'profile', attributes: {} },
    'profiles/host.json': { name: 'host', caption: 'Host', meta: 'profile', annotations: { group: 'primary' }, attributes: { device: { requirement: 'recommended' } } },
    ...extra,
  };
  return new Map(Object.entries(files));
}

describe('deepMerge', () => {
  it('merges objects recursively and lets the later value win, null included', () => {
    expect(deepMerge({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 4 }, e: 5 })).toEqual({ a: 1, b: { c: 4, d: 3 }, e: 5 });
    expect(deepMerge({ profile: 'host' }, { profile: null })).toEqual({ profile: null });
    expect(deepMerge({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(deepMerge({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});

describe('resolve', () => {
  it('derives class_uid, category_uid and the type_uid enum', () => {
    const ir = resolve(repo());
    const login = ir.classes.login;
    expect(login?.uid).toBe(3002);
    expect(login?.category_uid).toBe(3);
    expect(login?.attributes.class_uid?.enum).toEqual({ '3002': { caption: 'Login' } });
    expect(login?.attributes.category_uid?.enum).toEqual({ '3': { caption: 'IAM' } });
    expect(login?.attributes.type_uid?.enum).toEqual({
      '300200': { caption: 'Login: Unknown' },
      '300201': { caption: 'Login: Logon' },
      '300299': { caption: 'Login: Other' },
    });
    expect(ir.classes.base_event?.uid).toBe(0);
    expect(ir.classes.base_event?.attributes.category_uid).toBeUndefined();
  });

  it('unions a class enum with the dictionary enum and keeps the sibling', () => {
    const a = resolve(repo()).classes.login?.attributes.activity_id;
    expect(Object.keys(a?.enum ?? {}).sort()).toEqual(['0', '1', '99']);
    expect(a?.sibling).toBe('activity_name');
    expect(a?.requirement).toBe('required'); // inherited from iam
  });

  it('hides abstract classes and underscore objects, and merges extends', () => {
    const ir = resolve(repo({ 'objects/_base.json': { name: '_base', caption: 'Base', attributes: { uid: { requirement: 'required' } } } }));
    expect(Object.keys(ir.classes).sort()).toEqual(['base_event', 'login']);
    expect(ir.objects._base).toBeUndefined();
    const device = ir.objects.device;
    expect(device?.attributes.name?.requirement).toBe('required'); // own definition wins
    expect(device?.attributes.uid?.requirement).toBe('optional'); // default
    expect(device?.constraints).toEqual({ at_least_one: ['name', 'uid'] }); // inherited
    expect(device?.observable).toBe(21); // inherited
  });

  it('maps dictionary types and objects', () => {
    const user = resolve(repo()).objects.user;
    expect(user?.attributes.tags).toMatchObject({ type: 'string_t', is_array: true });
    expect(resolve(repo()).classes.login?.attributes.user).toMatchObject({ type: 'object_t', object_type: 'user' });
  });

  it('adds a `_dt` companion under the datetime profile for every timestamp', () => {
    const ir = resolve(repo());
    expect(ir.classes.login?.attributes.time_dt).toEqual({ caption: 'Event Time', type: 'datetime_t', is_array: false, requirement: 'optional', profile: 'datetime' });
    expect(ir.classes.login?.profiles).toContain('datetime');
    const noDatetime = new Map(repo());
    noDatetime.delete('profiles/datetime.json');
    expect(resolve(noDatetime).classes.login?.attributes.time_dt).toBeUndefined();
  });

  it('tags attributes included from a profile, applies its annotations, and honours a local profile: null', () => {
    const ir = resolve(
      repo({
        'events/iam/login.json': {
          name: 'login', caption: 'Login', extends: 'iam', uid: 2, profiles: ['host'],
          attributes: { $include: ['profiles/host.json'] },
        },
        'events/iam/logout.json': {
          name: 'logout', caption: 'Logout', extends: 'iam', uid: 3,
          attributes: { $include: ['profiles/host.json'], device: { profile: null, requirement: 'required' } },
        },
      }),
    );
    expect(ir.classes.login?.attributes.device).toMatchObject({ profile: 'host', group: 'primary', requirement: 'recommended' });
    expect(ir.classes.login?.profiles).toEqual(['datetime', 'host']);
    expect(ir.classes.logout?.attributes.device?.profile).toBeUndefined();
    expect(ir.classes.logout?.attributes.device?.requirement).toBe('required');
    expect(ir.profiles.host?.attributes.device).toMatchObject({ profile: 'host', requirement: 'recommended' });
  });

  it('closes profiles over the objects an item holds, datetime excepted', () => {
    const ir = resolve(
      repo({
        'objects/device.json': { name: 'device', caption: 'Device', profiles: ['host'], attributes: { $include: ['profiles/host.json'], name: {}, time: {} } },
      }),
    );
    expect(ir.objects.device?.profiles).toEqual(['datetime', 'host']);
    expect(ir.classes.login?.profiles).toEqual(['datetime']); // login holds user, not device
  });

  it('compiles extensions: new classes and objects are prefixed, patches merge into the core', () => {
    const ext = {
      'extensions/acme/extension.json': { name: 'acme', uid: 7, caption: 'Acme', version: '1.0.0' },
      'extensions/acme/dictionary.json': { attributes: { widget: { caption: 'Widget', type: 'widget' }, level: { caption: 'Level', type: 'integer_t' } } },
      'extensions/acme/objects/widget.json': { name: 'widget', caption: 'Widget', attributes: { name: { requirement: 'required' } } },
      'extensions/acme/objects/user_patch.json': { extends: 'user', profiles: ['acme/extra'], attributes: { $include: ['profiles/extra.json'] } },
      'extensions/acme/profiles/extra.json': { name: 'extra', caption: 'Extra', meta: 'profile', attributes: { level: { requirement: 'optional' } } },
      'extensions/acme/events/tinker.json': { name: 'tinker', caption: 'Tinker', extends: 'base_event', category: 'system', uid: 5, attributes: { widget: { requirement: 'required' } } },
    };
    const ir = resolve(repo(ext));
    expect(ir.classes['acme/tinker']?.uid).toBe(7 * 100_000 + 1 * 1000 + 5);
    expect(ir.classes['acme/tinker']?.attributes.widget).toMatchObject({ type: 'object_t', object_type: 'acme/widget' });
    expect(ir.objects['acme/widget']?.extension).toBe('acme');
    expect(ir.objects.user?.attributes.level).toMatchObject({ profile: 'acme/extra', type: 'integer_t' });
    expect(ir.objects.user?.profiles).toContain('acme/extra');
    expect(ir.extensions.acme).toEqual({ name: 'acme', caption: 'Acme', uid: 7, version: '1.0.0' });
    // core only
    const core = resolve(repo(ext), { extensions: [] });
    expect(core.classes['acme/tinker']).toBeUndefined();
    expect(core.objects.user?.attributes.level).toBeUndefined();
  });

  it('carries deprecation facts, not their prose', () => {
    const ir = resolve(repo({ 'objects/user.json': { name: 'user', caption: 'User', attributes: { old: {} } } }));
    expect(ir.objects.user?.attributes.old?.deprecated_since).toBe('1.0.0');
    expect(JSON.stringify(ir)).not.toContain('gone');
  });

  it('reports every problem of a broken schema at once', () => {
    const broken = repo({
      'objects/user.json': { name: 'user', caption: 'User', attributes: { nickname: {}, $include: ['includes/missing.json'] } },
      'objects/loop.json': { name: 'loop', caption: 'Loop', extends: 'loop2', attributes: {} },
      'objects/loop2.json': { name: 'loop2', caption: 'Loop 2', extends: 'loop', attributes: {} },
      'events/iam/bad.json': { name: 'bad', caption: 'Bad', extends: 'iam', uid: 9, attributes: { device: {}, thing: { type: 'nothing' } } },
    });
    let error: unknown;
    try {
      resolve(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaError);
    const problems = (error as SchemaError).problems.join('\n');
    expect(problems).toContain("attribute 'nickname' is not in the dictionary");
    expect(problems).toContain("$include 'includes/missing.json' not found");
    expect(problems).toContain('extends cycle');
    expect(problems).toContain("attribute 'thing' is not in the dictionary");
  });

  it('rejects an extension name that does not exist', () => {
    expect(() => resolve(repo(), { extensions: ['nope'] })).toThrow(/unknown extension 'nope'/);
  });
});
