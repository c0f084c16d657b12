/**
 * Conformance of validateOcsf (src/validate/ocsf.ts with generated/ocsf/1.1.0/validator.ts):
 *
 * - the smallest valid event of every class, alone and with each of its profiles, has no error;
 * - every finding code, from one crafted break of a minimal event, comes out exactly (code and
 *   JSON pointer) with no other error: nested, in array elements, gated by profiles, with and
 *   without nullSatisfiesConstraints, and max_len counted in code points;
 * - the real OCSF 1.1.0 examples get the verdicts documented in their README;
 * - hostile input never makes it throw.
 *
 * Events come from the committed IR through test/helpers/ocsf-events.ts, never from the
 * validator, so the two agree only when both read the IR the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ir, IrAttribute } from '../../schemas/ocsf/ir.js';
import type { OcsfValidateOptions } from '../../src/validate/ocsf.js';
import { validateOcsf } from '../../src/validate/ocsf.js';
import type { Json } from '../helpers/ocsf-events.js';
import { arbitraryEvent, classOf, firstEnumValue, loadIr, minimalEvent, objectOf, typeRegistryGaps } from '../helpers/ocsf-events.js';
import { codesAndPaths, deleteAt, expectedConstraintFailures, getAt, parsePointer, setAt, sortFindings } from '../helpers/ocsf-walk.js';
import { OCSF_EXAMPLES } from '../helpers/paths.js';
import { MAX_DEPTH } from '../../generated/ocsf/1.1.0/validator.js';

const ir = loadIr();
const CLASS_NAMES = Object.keys(ir.classes).sort();
const CLASS_PROFILES = CLASS_NAMES.flatMap((name) => classOf(ir, name).profiles.map((profile) => [name, profile] as const));

type Found = { code: string; path: string };
const found = (code: string, path: string): Found => ({ code, path });

/** One change to an event, at a JSON pointer. */
type Edit = (e: Json) => void;
const set = (pointer: string, value: unknown): Edit => (e) => setAt(e, parsePointer(pointer), value);
const del = (pointer: string): Edit => (e) => deleteAt(e, parsePointer(pointer));

/** A minimal event of a class, declaring `profiles`, with `edits` applied. */
function broken(className: string, profiles: readonly string[], ...edits: Edit[]): Json {
  const e = minimalEvent(ir, className, profiles);
  for (const edit of edits) edit(e);
  return e;
}

/** An authentication event, the class of the real examples (at_least_one of service, dst_endpoint). */
const auth = (...edits: Edit[]): Json => broken('authentication', [], ...edits);

const user = (u: Json): Edit => set('/actor', { user: u });
const observables = (...o: Json[]): Edit => set('/observables', o);
const device = (subnet: string): Edit => set('/device', { type_id: 1, ip: '192.0.2.1', subnet });

const errorsOf = (event: unknown, options?: OcsfValidateOptions): Found[] => codesAndPaths(validateOcsf(event, options).errors);
const warningsOf = (event: unknown, options?: OcsfValidateOptions): Found[] => codesAndPaths(validateOcsf(event, options).warnings);

describe('minimalEvent: the smallest valid event of every class', () => {
  it('covers the 50 classes of the IR, and every string type with a regex has a generator', () => {
    expect(CLASS_NAMES).toHaveLength(50);
    expect(typeRegistryGaps(ir)).toEqual([]);
  });

  it.each(CLASS_NAMES)('%s has no error', (name) => {
    const event = minimalEvent(ir, name);
    expect(event.class_uid).toBe(classOf(ir, name).uid);
    expect(event.type_uid).toBe((event.class_uid as number) * 100 + (event.activity_id as number));
    expect(validateOcsf(event).errors).toEqual([]);
  });

  it.each(CLASS_PROFILES)('%s with the %s profile has no error', (name, profile) => {
    const event = minimalEvent(ir, name, [profile]);
    expect((event.metadata as Json).profiles).toEqual([profile]);
    expect(validateOcsf(event).errors).toEqual([]);
  });

  it('includes the required attributes a declared profile adds', () => {
    expect(minimalEvent(ir, 'authentication')).not.toHaveProperty('cloud');
    expect(minimalEvent(ir, 'authentication', ['cloud'])).toHaveProperty('cloud.provider');
    expect(minimalEvent(ir, 'detection_finding', ['security_control'])).toHaveProperty('action_id');
  });

  it('follows dotted constraint paths and keeps just_one to one option', () => {
    expect(minimalEvent(ir, 'patch_state')).toHaveProperty('device.os.sp_name');
    const session = minimalEvent(ir, 'authorize_session');
    expect(Number('privileges' in session) + Number('group' in session)).toBe(1);
  });

  it('fails loudly on a cycle of required attributes', () => {
    const node = objectOf(ir, 'process');
    const parent = { ...(node.attributes.parent_process as IrAttribute), requirement: 'required' as const };
    const cyclic: Ir = { ...ir, objects: { ...ir.objects, process: { ...node, attributes: { ...node.attributes, parent_process: parent } } } };
    expect(() => minimalEvent(cyclic, 'process_activity')).toThrow(/cycle: process_activity -> .*process -> process$/);
    expect(() => fc.sample(arbitraryEvent(cyclic, 'process_activity'), 1)).toThrow(/cycle: .*process -> process$/);
  });
});

describe('every finding code, from one break of a minimal event', () => {
  const emoji = '\u{1F600}'; // two UTF-16 code units, one code point
  const categoryId = firstEnumValue(ir, objectOf(ir, 'url').attributes.category_ids as IrAttribute);
  const cases: { name: string; event: Json; options?: OcsfValidateOptions; errors: Found[] }[] = [
    // attribute_required_missing
    { name: 'a required attribute removed', event: auth(del('/severity_id')), errors: [found('attribute_required_missing', '/severity_id')] },
    { name: 'a required attribute null', event: auth(set('/time', null)), errors: [found('attribute_required_missing', '/time')] },
    { name: 'a required attribute null, with nullSatisfiesConstraints too', event: auth(set('/time', null)), options: { nullSatisfiesConstraints: true }, errors: [found('attribute_required_missing', '/time')] },
    { name: 'a nested required attribute', event: auth(del('/metadata/product/vendor_name')), errors: [found('attribute_required_missing', '/metadata/product/vendor_name')] },
    { name: 'a required attribute of an array element', event: auth(observables({ name: 'user.name' })), errors: [found('attribute_required_missing', '/observables/0/type_id')] },
    { name: 'a required profile attribute missing while its profile is declared', event: broken('authentication', ['cloud'], del('/cloud')), errors: [found('attribute_required_missing', '/cloud')] },
    { name: 'security_control: action_id missing while declared', event: broken('detection_finding', ['security_control'], del('/action_id')), errors: [found('attribute_required_missing', '/action_id')] },
    { name: 'class_uid removed', event: auth(del('/class_uid')), errors: [found('attribute_required_missing', '/class_uid')] },
    // attribute_unknown
    { name: 'an unknown top-level member', event: auth(set('/bogus', 1)), errors: [found('attribute_unknown', '/bogus')] },
    { name: 'an unknown member under /actor/user, even null', event: auth(user({ name: 'u', bogus: null })), errors: [found('attribute_unknown', '/actor/user/bogus')] },
    { name: 'an unknown member of an array element', event: auth(observables({ name: 'user.name', type_id: 4, bogus: 1 })), errors: [found('attribute_unknown', '/observables/0/bogus')] },
    { name: 'an unknown member whose name needs escaping (RFC 6901)', event: auth(set('/metadata/a~1b~0c', 1)), errors: [found('attribute_unknown', '/metadata/a~1b~0c')] },
    { name: 'a profile attribute (cloud) without its profile', event: auth(set('/cloud', { provider: 'AWS' })), errors: [found('attribute_unknown', '/cloud')] },
    { name: 'a nested profile attribute (metadata.logged_time_dt) without datetime', event: auth(set('/metadata/logged_time_dt', '2024-01-01T00:00:00Z')), errors: [found('attribute_unknown', '/metadata/logged_time_dt')] },
    { name: 'a profile attribute while only another profile is declared', event: broken('authentication', ['host'], set('/time_dt', '2024-01-01T00:00:00Z')), errors: [found('attribute_unknown', '/time_dt')] },
    // constraint_failed
    { name: 'at_least_one of the class (service, dst_endpoint): neither', event: auth(del('/service')), errors: [found('constraint_failed', '')] },
    { name: 'at_least_one of an object: /actor empty', event: auth(set('/actor', {})), errors: [found('constraint_failed', '/actor')] },
    { name: 'at_least_one under /actor/user: user empty', event: auth(user({})), errors: [found('constraint_failed', '/actor/user')] },
    { name: 'at_least_one in an array element', event: auth(set('/user/groups', [{ name: 'g' }, { desc: 'no name, no uid' }])), errors: [found('constraint_failed', '/user/groups/1')] },
    { name: 'at_least_one over dotted paths (patch_state: device.os.*)', event: broken('patch_state', [], del('/device/os/sp_name')), errors: [found('constraint_failed', '')] },
    { name: 'just_one (authorize_session): both', event: broken('authorize_session', [], set('/group', { name: 'g' })), errors: [found('constraint_failed', '')] },
    { name: 'just_one (authorize_session): none', event: broken('authorize_session', [], del('/privileges')), errors: [found('constraint_failed', '')] },
    { name: 'a null does not satisfy at_least_one by default', event: auth(set('/service', { name: null })), errors: [found('constraint_failed', '/service')] },
    { name: 'a null satisfies at_least_one with nullSatisfiesConstraints', event: auth(set('/service', { name: null })), options: { nullSatisfiesConstraints: true }, errors: [] },
    { name: 'a null over a dotted path does not satisfy by default', event: broken('patch_state', [], set('/device/os/sp_name', null)), errors: [found('constraint_failed', '')] },
    { name: 'a null over a dotted path satisfies with nullSatisfiesConstraints', event: broken('patch_state', [], set('/device/os/sp_name', null)), options: { nullSatisfiesConstraints: true }, errors: [] },
    { name: 'a null option is not counted by just_one by default', event: broken('authorize_session', [], set('/group', null)), errors: [] },
    { name: 'a null option counts for just_one with nullSatisfiesConstraints: two present', event: broken('authorize_session', [], set('/group', null)), options: { nullSatisfiesConstraints: true }, errors: [found('constraint_failed', '')] },
    // attribute_enum_value_unknown, attribute_enum_array_value_unknown
    { name: 'an integer enum value not defined', event: auth(set('/severity_id', 42)), errors: [found('attribute_enum_value_unknown', '/severity_id')] },
    { name: 'an enum value under /actor/user', event: auth(user({ name: 'u', type_id: 42 })), errors: [found('attribute_enum_value_unknown', '/actor/user/type_id')] },
    { name: 'a string enum value not defined', event: broken('http_activity', [], set('/http_request/http_method', 'FETCH')), errors: [found('attribute_enum_value_unknown', '/http_request/http_method')] },
    { name: 'type_uid of no type while activity_id is absent (email_activity)', event: broken('email_activity', [], del('/activity_id'), set('/type_uid', 400977)), errors: [found('attribute_enum_value_unknown', '/type_uid')] },
    {
      name: 'an array enum element not defined',
      event: broken('http_activity', [], set('/http_request/url', { url_string: 'https://example.com/', category_ids: [categoryId, 999] })),
      errors: [found('attribute_enum_array_value_unknown', '/http_request/url/category_ids/1')],
    },
    // attribute_value_exceeds_max_len, attribute_value_exceeds_super_type_max_len: code points
    { name: 'subnet_t (max_len 42) of 43 characters', event: broken('authentication', ['host'], device('a'.repeat(43))), errors: [found('attribute_value_exceeds_max_len', '/device/subnet')] },
    { name: 'subnet_t of 42 emoji (84 UTF-16 units) passes', event: broken('authentication', ['host'], device(emoji.repeat(42))), errors: [] },
    { name: 'subnet_t of 43 emoji', event: broken('authentication', ['host'], device(emoji.repeat(43))), errors: [found('attribute_value_exceeds_max_len', '/device/subnet')] },
    { name: 'string_t (max_len 65535) of 65536 characters', event: auth(set('/message', 'a'.repeat(65536))), errors: [found('attribute_value_exceeds_max_len', '/message')] },
    { name: 'string_t of 65535 emoji (131070 UTF-16 units) passes', event: auth(set('/message', emoji.repeat(65535))), errors: [] },
    { name: 'username_t (string_t limit) of 65536 characters under /actor/user', event: auth(user({ name: 'b'.repeat(65536) })), errors: [found('attribute_value_exceeds_super_type_max_len', '/actor/user/name')] },
    { name: 'username_t of 65535 emoji passes', event: auth(user({ name: emoji.repeat(65535) })), errors: [] },
    // attribute_value_exceeds_range
    { name: 'port_t above 65535', event: auth(set('/dst_endpoint', { ip: '192.0.2.1', port: 65536 })), errors: [found('attribute_value_exceeds_range', '/dst_endpoint/port')] },
    { name: 'port_t below 0', event: auth(set('/dst_endpoint', { ip: '192.0.2.1', port: -1 })), errors: [found('attribute_value_exceeds_range', '/dst_endpoint/port')] },
    // attribute_wrong_type
    { name: 'a string for timestamp_t', event: auth(set('/time', '2024-01-01T00:00:00Z')), errors: [found('attribute_wrong_type', '/time')] },
    { name: 'a fraction for integer_t', event: auth(set('/count', 1.5)), errors: [found('attribute_wrong_type', '/count')] },
    { name: 'an integer beyond 64 bits for integer_t', event: auth(set('/count', 2 ** 64)), errors: [found('attribute_wrong_type', '/count')] },
    { name: 'a string for boolean_t', event: auth(set('/is_mfa', 'yes')), errors: [found('attribute_wrong_type', '/is_mfa')] },
    { name: 'a number for a string under /actor/user', event: auth(user({ name: 42 })), errors: [found('attribute_wrong_type', '/actor/user/name')] },
    { name: 'an array for an object', event: auth(set('/actor', [])), errors: [found('attribute_wrong_type', '/actor')] },
    { name: 'an object for an array', event: auth(set('/observables', {})), errors: [found('attribute_wrong_type', '/observables')] },
    { name: 'a string in an array element', event: auth(observables({ name: 'user.name', type_id: '4' })), errors: [found('attribute_wrong_type', '/observables/0/type_id')] },
    { name: 'class_uid as a string', event: auth(set('/class_uid', '3002')), errors: [found('attribute_wrong_type', '/class_uid')] },
    { name: 'category_uid as a string', event: auth(set('/category_uid', '3')), errors: [found('attribute_wrong_type', '/category_uid')] },
    { name: 'type_uid as a fraction', event: auth(set('/type_uid', 300201.5)), errors: [found('attribute_wrong_type', '/type_uid')] },
    { name: 'the event is an array', event: [] as unknown as Json, errors: [found('attribute_wrong_type', '')] },
    // whole-event checks
    { name: 'class_uid of no class', event: auth(set('/class_uid', 9999)), errors: [found('class_uid_unknown', '/class_uid')] },
    { name: 'category_uid of another category', event: auth(set('/category_uid', 4)), errors: [found('category_uid_incorrect', '/category_uid')] },
    { name: 'type_uid of another activity', event: auth(set('/type_uid', 300202)), errors: [found('type_uid_incorrect', '/type_uid')] },
    { name: 'metadata.version newer than 1.1.0', event: auth(set('/metadata/version', '1.2.0')), errors: [found('version_incompatible', '/metadata/version')] },
    { name: 'metadata.version a patch newer than 1.1.0', event: auth(set('/metadata/version', '1.1.1')), errors: [found('version_incompatible', '/metadata/version')] },
    { name: 'metadata.version older than 1.0.0', event: auth(set('/metadata/version', '0.9.9')), errors: [found('version_incompatible', '/metadata/version')] },
    { name: 'metadata.version not semantic', event: auth(set('/metadata/version', 'v1.1')), errors: [found('version_invalid_format', '/metadata/version')] },
    { name: 'metadata.version empty', event: auth(set('/metadata/version', '')), errors: [found('version_invalid_format', '/metadata/version')] },
    { name: 'an unknown profile', event: auth(set('/metadata/profiles', ['nope'])), errors: [found('profile_unknown', '/metadata/profiles/0')] },
    { name: 'an unknown profile after a known one', event: auth(set('/metadata/profiles', ['datetime', 'nope'])), errors: [found('profile_unknown', '/metadata/profiles/1')] },
    { name: 'an observable naming no attribute', event: auth(observables({ name: 'user.name', type_id: 4 }, { name: 'user.nope', type_id: 4 })), errors: [found('observable_name_invalid_reference', '/observables/1/name')] },
    { name: 'an observable naming a profile attribute without its profile', event: auth(observables({ name: 'cloud.provider', type_id: 0 })), errors: [found('observable_name_invalid_reference', '/observables/0/name')] },
    { name: 'an observable naming below a scalar', event: auth(observables({ name: 'time.x', type_id: 0 })), errors: [found('observable_name_invalid_reference', '/observables/0/name')] },
  ];

  it.each(cases)('$name', (c) => {
    expect(errorsOf(c.event, c.options)).toEqual(sortFindings(c.errors));
  });

  it('has a case for every error code of the brief', () => {
    const codes = new Set(cases.flatMap((c) => c.errors.map((f) => f.code)));
    for (const code of [
      'attribute_required_missing',
      'attribute_unknown',
      'constraint_failed',
      'attribute_enum_value_unknown',
      'attribute_enum_array_value_unknown',
      'attribute_value_exceeds_max_len',
      'attribute_value_exceeds_super_type_max_len',
      'attribute_value_exceeds_range',
      'attribute_wrong_type',
      'class_uid_unknown',
      'category_uid_incorrect',
      'type_uid_incorrect',
      'version_incompatible',
      'version_invalid_format',
      'profile_unknown',
      'observable_name_invalid_reference',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it('accepts observable names down objects, through arrays with [] or an index, and profile attributes when declared', () => {
    const names = ['user.name', 'actor.user.account.uid', 'dst_endpoint.ip', 'user.groups[].name', 'user.groups[0].name', 'user.groups.name', 'observables[].value'];
    expect(errorsOf(auth(observables(...names.map((name) => ({ name, type_id: 0 })))))).toEqual([]);
    expect(errorsOf(broken('authentication', ['cloud'], observables({ name: 'cloud.provider', type_id: 0 })))).toEqual([]);
  });

  describe('warnings, with no error', () => {
    const warningCases: { name: string; event: Json; warnings: Found[] }[] = [
      { name: 'an enum sibling that disagrees', event: auth(set('/activity_name', 'Logoff')), warnings: [found('attribute_enum_sibling_incorrect', '/activity_name')] },
      { name: 'an enum sibling under /actor/user', event: auth(user({ name: 'u', type_id: 1, type: 'Admin' })), warnings: [found('attribute_enum_sibling_incorrect', '/actor/user/type')] },
      { name: 'class_name of another class', event: auth(set('/class_name', 'Account Change')), warnings: [found('attribute_enum_sibling_incorrect', '/class_name')] },
      { name: 'type_name of another type', event: auth(set('/type_name', 'Authentication: Logoff')), warnings: [found('attribute_enum_sibling_incorrect', '/type_name')] },
      { name: 'a sibling of 99 that repeats "Other"', event: auth(set('/activity_id', 99), set('/type_uid', 300299), set('/activity_name', 'Other')), warnings: [found('attribute_enum_sibling_suspicious_other', '/activity_name')] },
      { name: 'a value that misses its type regex', event: auth(set('/dst_endpoint', { ip: 'not-an-ip' })), warnings: [found('attribute_value_regex_not_matched', '/dst_endpoint/ip')] },
      { name: 'metadata.version 1.0.0', event: auth(set('/metadata/version', '1.0.0')), warnings: [found('version_incorrect', '/metadata/version')] },
      { name: 'metadata.version 1.1.0-rc.1', event: auth(set('/metadata/version', '1.1.0-rc.1')), warnings: [found('version_incorrect', '/metadata/version')] },
      { name: 'a deprecated attribute', event: broken('http_activity', [], set('/http_status', 200)), warnings: [found('attribute_deprecated', '/http_status')] },
      { name: 'a deprecated class and object', event: minimalEvent(ir, 'security_finding'), warnings: [found('class_deprecated', ''), found('object_deprecated', '/finding')] },
    ];
    it.each(warningCases)('$name', (c) => {
      expect(errorsOf(c.event, { warnRecommended: false })).toEqual([]);
      expect(warningsOf(c.event, { warnRecommended: false })).toEqual(sortFindings(c.warnings));
    });

    it('reports missing recommended attributes unless warnRecommended is false', () => {
      const event = minimalEvent(ir, 'authentication');
      expect(warningsOf(event)).toContainEqual(found('attribute_recommended_missing', '/message'));
      expect(warningsOf(event)).toContainEqual(found('attribute_recommended_missing', '/metadata/log_name'));
      expect(warningsOf(event, { warnRecommended: false })).toEqual([]);
    });
  });
});

describe('real OCSF 1.1.0 examples (ocsf/examples)', () => {
  // Outside the repository, beside it: path.resolve(REPO_ROOT, '..', 'shared', 'examples', 'ocsf-1.1.0').
  const read = (dir: string): [string, Json][] =>
    readdirSync(path.join(OCSF_EXAMPLES, dir))
      .sort()
      .map((name) => [name, JSON.parse(readFileSync(path.join(OCSF_EXAMPLES, dir, name), 'utf8')) as Json]);
  const VALID = read('valid');
  const INVALID = read('invalid');
  const NULL_CONSTRAINT = read('null-constraint');

  it('found them', () => {
    expect([VALID.length, INVALID.length, NULL_CONSTRAINT.length]).toEqual([5, 1, 6]);
  });

  it.each(VALID)('valid/%s has no error', (_name, event) => {
    expect(validateOcsf(event).errors).toEqual([]);
  });

  it.each(INVALID)('invalid/%s has exactly type_uid_incorrect (400106 with activity_id 5)', (_name, event) => {
    expect(errorsOf(event)).toEqual([found('type_uid_incorrect', '/type_uid')]);
  });

  /*
   * These carry `"idp": {"name": null}` (and one `"feature": {"name": null}`), whose at_least_one
   * of name, uid then rests on a null. siemkit's documented default: a null carries no data, and a
   * null required attribute is missing too (attribute_required_missing), so a null does not satisfy
   * a constraint either; the events fail. The reference OCSF server counts the key as present and
   * accepts them; `nullSatisfiesConstraints: true` reproduces the server.
   */
  it.each(NULL_CONSTRAINT)('null-constraint/%s fails with constraint_failed by default and passes with nullSatisfiesConstraints', (_name, event) => {
    const expected = expectedConstraintFailures(ir, event);
    expect(expected).toContainEqual(found('constraint_failed', '/actor/idp'));
    expect(errorsOf(event)).toEqual(expected);
    expect(expectedConstraintFailures(ir, event, true)).toEqual([]);
    expect(validateOcsf(event, { nullSatisfiesConstraints: true }).errors).toEqual([]);
  });
});

describe('hostile input: validateOcsf never throws', () => {
  const deep = (depth: number, leaf: unknown = 1): unknown => {
    let v = leaf;
    for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { k: v };
    return v;
  };

  it.each([null, undefined, [], [auth()], 'event', '', 42, 0, Number.NaN, true, () => 1])('%s is an attribute_wrong_type at the root', (input) => {
    expect(errorsOf(input)).toEqual([found('attribute_wrong_type', '')]);
  });

  it.each([
    ['{}', {}, [found('attribute_required_missing', '/class_uid')]],
    ['class_uid null', { class_uid: null }, [found('attribute_required_missing', '/class_uid')]],
    ["class_uid '3002'", { class_uid: '3002' }, [found('attribute_wrong_type', '/class_uid')]],
    ['class_uid 3002.5', { class_uid: 3002.5 }, [found('attribute_wrong_type', '/class_uid')]],
    ['class_uid Infinity', { class_uid: Infinity }, [found('attribute_wrong_type', '/class_uid')]],
    ['class_uid -1', { class_uid: -1 }, [found('class_uid_unknown', '/class_uid')]],
    ['class_uid 1e300', { class_uid: 1e300 }, [found('class_uid_unknown', '/class_uid')]],
    ['class_uid hidden in a JSON __proto__ member', JSON.parse('{"__proto__": {"class_uid": 3002}}') as unknown, [found('attribute_required_missing', '/class_uid')]],
  ])('%s', (_name, input, errors) => {
    expect(errorsOf(input)).toEqual(errors);
  });

  it('reports Object.prototype names as attribute_unknown wherever they appear (JSON.parse makes them own members)', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
    const event = minimalEvent(ir, 'authentication');
    event.actor = { user: { name: 'u' } };
    const expected: Found[] = [];
    for (const at of [[], ['actor', 'user'], ['metadata'], ['metadata', 'product']]) {
      for (const name of names) {
        setAt(event, [...at, name], { class_uid: 3002 });
        expected.push(found('attribute_unknown', `${at.map((k) => `/${k}`).join('')}/${name}`));
      }
    }
    const parsed = JSON.parse(JSON.stringify(event)) as Json;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(getAt(parsed, ['actor', 'user'])).toHaveProperty('name', 'u');
    expect(errorsOf(parsed)).toEqual(sortFindings(expected));
  });

  it('does not walk into deeply nested junk under unknown members, open objects or json_t', () => {
    const junk = deep(100_000);
    const event = minimalEvent(ir, 'authentication');
    Object.assign(event, { junk, unmapped: { junk }, enrichments: [{ name: 'n', value: 'v', data: junk }] });
    expect(errorsOf(event)).toEqual([found('attribute_unknown', '/junk')]);
  });

  it('walks a parent_process chain as deep as MAX_DEPTH allows', () => {
    let process: Json = { pid: 1 };
    for (let i = 0; i < MAX_DEPTH - 1; i++) process = { pid: i + 2, parent_process: process };
    expect(validateOcsf(broken('process_activity', [], set('/process', process))).errors).toEqual([]);
  });

  it('never throws on random JSON in random attributes of random classes', () => {
    const junkEvent = fc
      .constantFrom(...CLASS_NAMES)
      .chain((name) =>
        fc.record({
          name: fc.constant(name),
          members: fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(classOf(ir, name).attributes)), fc.string()), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 }),
        }),
      );
    fc.assert(
      fc.property(junkEvent, fc.anything({ maxDepth: 3 }), ({ name, members }, anything) => {
        const event = { ...minimalEvent(ir, name), ...members };
        const r = validateOcsf(event);
        expect(r.valid).toBe(r.errors.length === 0);
        validateOcsf(anything);
        validateOcsf(event, { nullSatisfiesConstraints: true, warnRecommended: false });
      }),
      { numRuns: 300 },
    );
  });
});

/** Regressions: validator bugs this suite found, fixed. */
describe('regressions', () => {
  // resolvesInClass read `attrs[part]` on a plain object literal, found Object.prototype members,
  // and threw "ref is not iterable".
  it.each(['__proto__', 'constructor', 'toString', 'user.constructor', 'actor.user.hasOwnProperty'])('an observable named %s is observable_name_invalid_reference, not a TypeError', (name) => {
    expect(errorsOf(auth(observables({ name, type_id: 0 })))).toEqual([found('observable_name_invalid_reference', '/observables/0/name')]);
  });

  // declaredProfiles read `PROFILE_BITS[name]`, defined for Object.prototype members, so these passed as profiles.
  it.each(['constructor', 'toString', '__proto__'])('metadata.profiles ["%s"] is profile_unknown', (name) => {
    expect(errorsOf(auth(set('/metadata/profiles', [name])))).toEqual([found('profile_unknown', '/metadata/profiles/0')]);
  });

  // The generated validator recursed once per nested object: a parent_process chain a few thousand
  // deep (which JSON.parse accepts) overflowed the stack. Now it reports the depth and stops there.
  it('a parent_process chain 10,000 deep is attribute_nesting_too_deep, not a RangeError', () => {
    let process: Json = { pid: 1 };
    for (let i = 0; i < 10_000; i++) process = { pid: i + 2, parent_process: process };
    const event = broken('process_activity', [], set('/process', process));
    const errors = validateOcsf(event).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('attribute_nesting_too_deep');
    expect(errors[0]?.path).toBe(`/process${'/parent_process'.repeat(MAX_DEPTH)}`);
  });
});
