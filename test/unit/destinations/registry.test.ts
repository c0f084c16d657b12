/**
 * The destination registry is complete and consistent: every destination folder is a registered
 * type, every type's formats come from RECORD_FORMATS, its default format is one of them, its
 * settings schema refuses unknown keys and gives every optional key a default, and every secret key
 * is a string setting of the schema.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TSchema } from 'typebox';
import { describe, expect, it } from 'vitest';
import { DESTINATION_TYPES, destinationType } from '../../../src/destinations/registry.js';
import { RECORD_FORMATS } from '../../../src/formats/record-format.js';
import { REPO_ROOT } from '../../helpers/paths.js';

/**
 * Optional keys whose absence means something, so they have no default: no authentication, no
 * signature; a syslog port that follows the transport, a HOSTNAME that is the machine's, a NILVALUE
 * PROCID.
 */
const NO_DEFAULT_BY_INTENT: Readonly<Record<string, readonly string[]>> = {
  http: ['auth', 'signing_secret'],
  syslog: ['port', 'hostname', 'procid'],
  // Splunk's own defaults: the token's index and host, `http:<token name>`; the sourcetype follows the format.
  splunk_hec: ['index', 'source', 'sourcetype', 'host'],
  // One of index and data_stream; no credentials for a cluster without security.
  elastic: ['index', 'data_stream', 'api_key', 'username', 'password'],
  // The HTTP source's own category, name and host.
  sumo: ['category', 'name', 'host'],
  // The region's endpoint unless another is given.
  newrelic: ['endpoint'],
  // `site` decides the URL unless `endpoint` is given; no service unless named; the machine's host name.
  datadog: ['endpoint', 'service', 'hostname'],
};

/** Folders under src/destinations that are not destination types. */
const NOT_TYPES = new Set(['transport']);

type Schema = TSchema & { properties?: Record<string, Schema>; required?: string[]; additionalProperties?: unknown; anyOf?: Schema[]; type?: string; default?: unknown };

/** The schemas at a dotted path, through unions (`auth.password` is in one branch of `auth`). */
function at(schema: Schema, dotted: string): Schema[] {
  let current: Schema[] = [schema];
  for (const key of dotted.split('.')) {
    current = current.flatMap((s) => (s.anyOf ?? [s]).map((b) => b.properties?.[key]).filter((x): x is Schema => x !== undefined));
  }
  return current;
}

describe('DESTINATION_TYPES', () => {
  it('lists every destination folder, and only those', () => {
    const dir = path.join(REPO_ROOT, 'src', 'destinations');
    const folders = readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isDirectory() && !NOT_TYPES.has(f));
    expect(DESTINATION_TYPES.map((t) => t.type.replaceAll('_', '-')).sort()).toEqual(folders.sort());
  });

  it('finds a type by name, and nothing for an unknown name', () => {
    for (const t of DESTINATION_TYPES) expect(destinationType(t.type)).toBe(t);
    expect(destinationType('splunk')).toBeUndefined();
    expect(new Set(DESTINATION_TYPES.map((t) => t.type)).size).toBe(DESTINATION_TYPES.length);
  });

  for (const t of DESTINATION_TYPES) {
    describe(t.type, () => {
      it('takes formats of the record format table, its default among them', () => {
        const names = RECORD_FORMATS.map((f) => f.name) as string[];
        expect(t.formats.length).toBeGreaterThan(0);
        for (const f of t.formats) expect(names).toContain(f);
        expect(t.formats).toContain(t.defaultFormat);
      });

      it('refuses unknown keys and gives every optional key a default or none by intent', () => {
        const s = t.settings as Schema;
        expect(s.additionalProperties).toBe(false);
        const required = new Set(s.required ?? []);
        for (const [key, prop] of Object.entries(s.properties ?? {})) {
          expect(key, 'snake_case').toMatch(/^[a-z][a-z0-9_]*$/);
          if (key.endsWith('_ms') || key.endsWith('_bytes')) expect(prop.type, key).toBe('integer');
          if (!required.has(key) && prop.default === undefined) expect(NO_DEFAULT_BY_INTENT[t.type] ?? [], `${t.type}.${key} has no default`).toContain(key);
        }
      });

      it('names secret keys that are string settings of its schema', () => {
        for (const key of t.secretKeys) {
          const found = at(t.settings as Schema, key);
          expect(found.length, key).toBeGreaterThan(0);
          for (const s of found) expect(s.type, key).toBe('string');
        }
      });
    });
  }
});
