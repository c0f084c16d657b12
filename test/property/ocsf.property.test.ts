/**
 * Properties of validateOcsf over events generated from the committed IR (test/helpers/ocsf-events.ts):
 * every class, random subsets of its profiles, random optional attributes two objects deep. Each
 * property breaks one thing in a valid event and predicts the exact errors from the IR alone.
 *
 * Runs: SIEMKIT_PROPERTY_RUNS per property (default 1,000; `npx tsx scripts/property-100k.ts`
 * runs 100,000). The class is drawn per run, so all 50 classes are covered over a run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeToken } from '../../src/validate/pointer.js';
import { validateOcsf } from '../../src/validate/ocsf.js';
import type { Json } from '../helpers/ocsf-events.js';
import { arbitraryEvent, classOf, loadIr } from '../helpers/ocsf-events.js';
import type { AttributeSite } from '../helpers/ocsf-walk.js';
import { codesAndPaths, deleteAt, expectedConstraintFailures, setAt, sortFindings, walkEvent } from '../helpers/ocsf-walk.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
/** About 2 ms a run on one core; generous, so that a slow CI core does not fail a long run. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);

const ir = loadIr();
const CLASS_NAMES = Object.keys(ir.classes).sort();

/** A class, a random subset of the profiles that change it, and a valid event of that class. */
const sample = fc
  .constantFrom(...CLASS_NAMES)
  .chain((className) => fc.subarray([...classOf(ir, className).profiles]).chain((profiles) => arbitraryEvent(ir, className, { profiles }).map((event) => ({ className, profiles, event }))));

/** Warnings a valid generated event may carry: what the IR itself calls for, never a wrong value. */
const EXPECTED_WARNINGS = new Set(['attribute_recommended_missing', 'attribute_deprecated', 'class_deprecated', 'object_deprecated', 'attribute_enum_value_deprecated']);

/**
 * With profiles declared, taking metadata away (or making it a non-object) also takes
 * metadata.profiles away, which turns every profile attribute into attribute_unknown: a second
 * effect of one change, left to the conformance tests.
 */
const carriesProfiles = (site: AttributeSite, profiles: readonly string[]): boolean => (profiles.length > 0 && site.pointer === '/metadata') || site.pointer.startsWith('/metadata/profiles');

/** Without a usable class_uid the runtime stops at that finding: nothing else is checked. */
const stopsValidation = (site: AttributeSite): boolean => site.pointer === '/class_uid';

const jsonKind = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** One value of each JSON type but null (a null is an absent value, not a wrong type). */
const valueOfEachKind = fc.record({
  string: fc.string({ unit: 'binary', maxLength: 8 }),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  object: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
  array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }),
});

/** Member names no OCSF attribute has, the prototype's own among them, and any string. */
const unknownKey = fc.oneof(fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'a/b', 'x~y', 'class_uid '));

describe('validateOcsf on events generated from the IR', () => {
  it(
    'accepts every generated event: no error, and no warning beyond missing recommended attributes and deprecations',
    () => {
      const seen = new Set<string>();
      fc.assert(
        fc.property(sample, ({ className, event }) => {
          seen.add(className);
          const r = validateOcsf(event);
          expect(r.errors).toEqual([]);
          expect(r.warnings.filter((w) => !EXPECTED_WARNINGS.has(w.code))).toEqual([]);
          // No constraint of a generated event relies on a null, so the option changes nothing.
          expect(validateOcsf(event, { nullSatisfiesConstraints: true }).errors).toEqual([]);
          expect(validateOcsf(event, { warnRecommended: false }).warnings.filter((w) => w.code === 'attribute_recommended_missing')).toEqual([]);
        }),
        { numRuns: RUNS },
      );
      if (RUNS >= 1000) expect([...seen].sort()).toEqual(CLASS_NAMES);
    },
    TIMEOUT_MS,
  );

  it(
    'reports removing any required attribute present, at any depth, as attribute_required_missing at exactly its pointer',
    () => {
      fc.assert(
        fc.property(sample, fc.nat(), ({ profiles, event }, pick) => {
          const e = structuredClone(event);
          const sites = walkEvent(ir, e).attributes.filter((s) => !s.element && s.attribute.requirement === 'required' && !carriesProfiles(s, profiles));
          const site = sites[pick % sites.length] as AttributeSite;
          deleteAt(e, site.path);
          // A required attribute may also be what satisfies a constraint (peripheral_device.name,
          // patch_state.device for device.os.*): the IR-derived oracle predicts those failures.
          const constraints = stopsValidation(site) ? [] : expectedConstraintFailures(ir, e);
          expect(codesAndPaths(validateOcsf(e).errors)).toEqual(sortFindings([{ code: 'attribute_required_missing', path: site.pointer }, ...constraints]));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'reports replacing any attribute value (scalar, array element, object, array) with another JSON type as attribute_wrong_type at exactly its pointer',
    () => {
      fc.assert(
        fc.property(sample, fc.nat(), fc.nat(), valueOfEachKind, ({ profiles, event }, pick, pickKind, values) => {
          const e = structuredClone(event);
          // json_t takes any value, so no value of one is wrong.
          const sites = walkEvent(ir, e).attributes.filter((s) => s.attribute.type !== 'json_t' && !carriesProfiles(s, profiles));
          const site = sites[pick % sites.length] as AttributeSite;
          const kinds = (Object.keys(values) as (keyof typeof values)[]).filter((k) => k !== jsonKind(site.value));
          const kind = kinds[pickKind % kinds.length] as keyof typeof values;
          setAt(e, site.path, values[kind]);
          // An object that a dotted constraint runs through (patch_state: device.os.*) no longer satisfies it.
          const constraints = stopsValidation(site) ? [] : expectedConstraintFailures(ir, e);
          expect(codesAndPaths(validateOcsf(e).errors)).toEqual(sortFindings([{ code: 'attribute_wrong_type', path: site.pointer }, ...constraints]));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'reports a member that is no attribute, added to any object of the event, as attribute_unknown at exactly its pointer',
    () => {
      fc.assert(
        fc.property(sample, fc.nat(), unknownKey, fc.jsonValue({ maxDepth: 2 }), ({ event }, pick, key, value) => {
          const e = structuredClone(event);
          // Closed objects only: the open `object` (unmapped, ...) takes any member.
          const objects = walkEvent(ir, e).objects;
          const site = objects[pick % objects.length] as (typeof objects)[number];
          const name = Object.hasOwn(site.item.attributes, key) ? `${key} (unknown)` : key;
          setAt(e as Json, [...site.path, name], value);
          expect(codesAndPaths(validateOcsf(e).errors)).toEqual([{ code: 'attribute_unknown', path: `${site.pointer}/${escapeToken(name)}` }]);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
