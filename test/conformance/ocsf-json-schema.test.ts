// The emitted OCSF 1.1.0 JSON Schemas against real events: the public OCSF examples are accepted
// (or rejected where they are invalid) with an Ajv error at the expected place, hand-broken copies
// are rejected, the schemas agree with the siemkit validator on every one of these events and on
// random mutations of them, and json-schema-to-typescript derives types that compile and that
// accept a real event.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { compile } from 'json-schema-to-typescript';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { emitJsonSchemas, schemaFileName } from '../../scripts/gen/ocsf/emit-json-schema.js';
import { loadRepository } from '../../scripts/gen/ocsf/load.js';
import { resolve } from '../../scripts/gen/ocsf/resolve.js';
import { validateOcsf } from '../../src/validate/ocsf.js';
import { OCSF_EXAMPLES, OCSF_SCHEMA_DIR } from '../helpers/paths.js';
import { STRICT_COMPILER_OPTIONS } from '../helpers/typescript.js';

type Json = Record<string, unknown>;

const ir = resolve(loadRepository(OCSF_SCHEMA_DIR));
const schemas = new Map(emitJsonSchemas(ir, 'generated/ocsf/1.1.0').map((f) => [f.path.replace(/^.*\//, ''), JSON.parse(f.content) as Json]));

function schemaFor(className: string): Json {
  const schema = schemas.get(schemaFileName(className));
  if (schema === undefined) throw new Error(`no schema for ${className}`);
  return schema;
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validators = new Map<number, ValidateFunction>();

/** The validator of a class, picked by class_uid through the IR; compiled once. */
function validatorFor(uid: unknown): ValidateFunction {
  let v = validators.get(uid as number);
  if (v === undefined) {
    const cls = Object.values(ir.classes).find((c) => c.uid === uid);
    if (cls === undefined) throw new Error(`no class has class_uid ${String(uid)}`);
    v = ajv.compile(schemaFor(cls.name));
    validators.set(cls.uid, v);
  }
  return v;
}

/** Ajv's verdict and the places of its errors, by the schema of the event's class (or of `classUid`). */
function check(event: Json, classUid: unknown = event.class_uid): { valid: boolean; paths: string[]; errors: string } {
  const v = validatorFor(classUid);
  const valid = v(event);
  const errors = v.errors ?? [];
  return { valid, paths: errors.map((e) => e.instancePath), errors: JSON.stringify(errors.map((e) => `${e.instancePath} ${e.keyword} ${e.message ?? ''}`)) };
}

const examples = (dir: string): [string, Json][] =>
  readdirSync(path.join(OCSF_EXAMPLES, dir))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(path.join(OCSF_EXAMPLES, dir, name), 'utf8')) as Json]);

const VALID = examples('valid');
const INVALID = examples('invalid');
const NULL_CONSTRAINT = examples('null-constraint');
const AUTHENTICATION = (VALID.find(([name]) => name.endsWith('_authentication.ocsf')) ?? [])[1] as Json;

const copy = (e: Json): Json => structuredClone(e);

/** A copy of the authentication example with one change made by `edit`. */
function broken(edit: (e: Json & { metadata: Json & { profiles: string[] }; src_endpoint: Json; actor: { user: Json } }) => void): Json {
  const e = copy(AUTHENTICATION) as Parameters<typeof edit>[0];
  edit(e);
  return e;
}

describe('real OCSF 1.1.0 examples', () => {
  it('found the examples', () => {
    expect(VALID).toHaveLength(5);
    expect(INVALID).toHaveLength(1);
    expect(AUTHENTICATION).toBeDefined();
  });

  it.each(VALID)('accepts valid/%s', (_name, event) => {
    const r = check(event);
    expect(r.valid, r.errors).toBe(true);
  });

  it.each(INVALID)('rejects invalid/%s: type_uid 400106 with activity_id 5', (_name, event) => {
    const r = check(event);
    expect(r.valid).toBe(false);
    expect(r.paths).toContain('/type_uid');
  });

  // A key present with a null value does not satisfy at_least_one (the siemkit default).
  it.each(NULL_CONSTRAINT)('rejects null-constraint/%s where a name is null', (name, event) => {
    const r = check(event);
    expect(r.valid).toBe(false);
    expect(r.paths).toContain('/actor/idp');
    if (/api_activity/i.test(name)) expect(r.paths).toContain('/metadata/product/feature');
  });
});

describe('hand-broken copies of the authentication example', () => {
  // Each case: the change, and the instancePath of the error that must be reported.
  const cases: { name: string; in: Json; out: string }[] = [
    { name: 'another class_uid', in: broken((e) => (e.class_uid = 3001)), out: '/class_uid' },
    { name: 'a required attribute removed', in: broken((e) => delete e.severity_id), out: '' },
    { name: 'a required attribute null', in: broken((e) => (e.time = null)), out: '/time' },
    { name: 'an unknown top-level key', in: broken((e) => (e.bogus = 1)), out: '' },
    { name: 'an unknown nested key', in: broken((e) => (e.actor.user.bogus = 1)), out: '/actor/user' },
    { name: 'a wrong type', in: broken((e) => (e.time = '2023-11-10T11:24:34Z')), out: '/time' },
    { name: 'an unknown enum value', in: broken((e) => (e.severity_id = 42)), out: '/severity_id' },
    { name: 'type_uid of another activity', in: broken((e) => (e.activity_id = 2)), out: '/type_uid' },
    { name: 'a port out of range', in: broken((e) => (e.src_endpoint.port = 70000)), out: '/src_endpoint/port' },
    { name: 'a string over its max_len', in: broken((e) => (e.src_endpoint.ip = '1'.repeat(41))), out: '/src_endpoint/ip' },
    { name: 'cloud kept while metadata.profiles lacks cloud', in: broken((e) => (e.metadata.profiles = ['datetime'])), out: '/cloud' },
    { name: 'cloud kept while metadata.profiles is missing', in: broken((e) => delete (e.metadata as Json).profiles), out: '/cloud' },
    { name: 'cloud declared but missing', in: broken((e) => delete e.cloud), out: '' },
    { name: 'an unknown profile', in: broken((e) => e.metadata.profiles.push('nope')), out: '/metadata/profiles/2' },
    { name: 'at_least_one of service, dst_endpoint: neither', in: broken((e) => delete e.dst_endpoint), out: '' },
  ];
  it.each(cases)('$name: error at "$out"', (c) => {
    const r = check(c.in, AUTHENTICATION.class_uid);
    expect(r.valid).toBe(false);
    expect(r.paths, r.errors).toContain(c.out);
  });

  // Warnings of the siemkit validator are not JSON Schema errors.
  it.each([
    ['a null optional attribute', broken((e) => (e.message = null))],
    ['an enum sibling that disagrees', broken((e) => (e.activity_name = 'Logoff'))],
    ['a value that misses its type regex', broken((e) => (e.src_endpoint.ip = 'not-an-ip'))],
    ['a missing recommended attribute', broken((e) => delete e.status_id)],
  ])('accepts %s', (_name, event) => {
    const r = check(event);
    expect(r.valid, r.errors).toBe(true);
  });
});

describe('agreement with the siemkit validator', () => {
  const events: [string, Json][] = [...VALID, ...INVALID, ...NULL_CONSTRAINT];
  it.each(events)('%s', (_name, event) => {
    expect(check(event).valid).toBe(validateOcsf(event).valid);
  });

  /**
   * Random single mutations of the valid examples: delete a member, set it to another value, or
   * add an unknown key. Left out, because the JSON Schemas cannot express them (see
   * docs/ocsf-json-schema.md): metadata.profiles (it also gates profile attributes inside
   * objects), metadata.version, and observable names.
   */
  it('gives the same verdict on mutated valid events', () => {
    const mutable = (p: readonly (string | number)[]): boolean => {
      const s = p.join('/');
      return !/^metadata\/(profiles|version)\b/.test(s) && !/^observables\/\d+\/name$/.test(s);
    };
    const pathsOf = (v: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      if (v === null || typeof v !== 'object') return [];
      const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
      return entries.flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, [...prefix, k])]).filter(mutable);
    };
    const replacement = fc.constantFrom<unknown>(null, 'x', '', 0, -1, 1, 2, 99, 1.5, 70000, true, {}, [], ['x'], { name: 'n' });
    const mutation = fc.record({ example: fc.nat(VALID.length - 1), at: fc.nat(), kind: fc.constantFrom('delete', 'set', 'add'), value: replacement });
    fc.assert(
      fc.property(mutation, ({ example, at, kind, value }) => {
        const original = (VALID[example] as [string, Json])[1];
        const event = copy(original);
        const paths = pathsOf(event);
        const p = paths[at % paths.length] as (string | number)[];
        const parent = p.slice(0, -1).reduce<unknown>((v, k) => (v as Json)[k], event) as Json;
        const key = p[p.length - 1] as string | number;
        if (kind === 'delete' && Array.isArray(parent)) parent.splice(key as number, 1);
        else if (kind === 'delete') delete parent[key];
        else if (kind === 'set') parent[key] = value;
        else if (typeof parent[key] === 'object' && parent[key] !== null && !Array.isArray(parent[key])) (parent[key] as Json).zz_unknown = value;
        else parent.zz_unknown = value;
        // Validated by the schema of the example's class, as a user holding that schema would.
        const ours = check(event, original.class_uid);
        const siemkit = validateOcsf(event);
        expect(ours.valid, `${kind} ${p.join('/')} ${JSON.stringify(value)}: ajv ${ours.errors} siemkit ${JSON.stringify(siemkit.errors)}`).toBe(siemkit.valid);
      }),
      { numRuns: 300 },
    );
  });
});

describe('json-schema-to-typescript derives usable types', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-json-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles the authentication and file_hosting schemas into types that typecheck and accept a real event', async () => {
    const authentication = await compile(schemaFor('authentication'), 'authentication', { bannerComment: '' });
    const fileHosting = await compile(schemaFor('file_hosting'), 'file_hosting', { bannerComment: '' });
    // The root has anyOf (a constraint) or allOf (the whole-event rules), so it is a type alias;
    // the objects without constraints become interfaces.
    expect(authentication).toContain('export type Authentication = ');
    expect(authentication).toContain('export interface Metadata {');
    expect(fileHosting).toContain('export type FileHostingActivity = ');
    expect(fileHosting).toContain('export interface File {');

    writeFileSync(path.join(dir, 'authentication.ts'), authentication);
    writeFileSync(path.join(dir, 'file_hosting.ts'), fileHosting);
    // The example as an object literal, so that its literals meet the enum types.
    const withoutConstraint = copy(AUTHENTICATION);
    delete withoutConstraint.dst_endpoint;
    writeFileSync(
      path.join(dir, 'use.ts'),
      [
        "import type { Authentication } from './authentication.js';",
        "import type { FileHostingActivity } from './file_hosting.js';",
        `export const logon: Authentication = ${JSON.stringify(AUTHENTICATION)};`,
        "export const upload = (e: FileHostingActivity): number => e.type_uid;",
        `// @ts-expect-error at_least_one of service, dst_endpoint\nexport const neither: Authentication = ${JSON.stringify(withoutConstraint)};`,
        '',
      ].join('\n'),
    );
    const program = ts.createProgram([path.join(dir, 'use.ts')], STRICT_COMPILER_OPTIONS);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    expect(diagnostics).toEqual([]);
    expect(program.getSourceFiles().map((f) => path.basename(f.fileName))).toEqual(expect.arrayContaining(['authentication.ts', 'file_hosting.ts', 'use.ts']));
  });
});
