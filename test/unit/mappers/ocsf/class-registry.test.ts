/**
 * The class mappers against the OCSF 1.1.0 schema (the committed IR): one per category default
 * class, and every home they use exists in its class (with the profile they declare for it).
 */
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../../schemas/canonical/category.js';
import { CLASS_MAPPERS, classMapperByName, classMapperByUid } from '../../../../src/mappers/ocsf/class-registry.js';
import { IP_MAX_LEN, STRING_MAX_LEN } from '../../../../src/mappers/ocsf/limits.js';
import { findOcsfClass, ocsfSchema } from '../../../../src/ocsf/schema.js';
import { CATEGORY_DEFAULTS } from '../../../../src/registry/category-defaults.js';
import { loadIr } from '../../../helpers/ocsf-events.js';

describe('CLASS_MAPPERS', () => {
  it('has one mapper per category default class, with its class_uid', () => {
    const defaults = CATEGORIES.map((c) => CATEGORY_DEFAULTS[c].ocsf.class).sort();
    expect(CLASS_MAPPERS.map((m) => m.name).sort()).toEqual(defaults);
    for (const m of CLASS_MAPPERS) {
      expect(findOcsfClass(m.name)?.uid).toBe(m.uid);
      expect(classMapperByName(m.name)).toBe(m);
      expect(classMapperByUid(m.uid)).toBe(m);
    }
  });

  describe.each(CLASS_MAPPERS.map((m) => [m.name, m] as const))('%s', (name, m) => {
    const cls = findOcsfClass(name);
    if (cls === undefined) throw new Error(`no class ${name}`);
    const attr = (n: string) => cls.attributes[n];

    it('gets actor where its homes say: in the class itself, or through the host profile', () => {
      expect(attr('actor')).toBeDefined();
      expect(attr('actor')?.profile === 'host').toBe(m.homes.actor === 'host');
    });

    it('has src_endpoint exactly where the source goes there (required where it says so)', () => {
      const ep = attr('src_endpoint');
      expect(ep !== undefined).toBe(m.homes.source === 'src_endpoint' || m.homes.source === 'src_endpoint_required');
      if (ep !== undefined) expect(ep.requirement === 'required').toBe(m.homes.source === 'src_endpoint_required');
      if (m.homes.source === 'evidences') expect(ocsfSchema().objects[attr('evidences')?.object_type ?? '']?.attributes.src_endpoint).toBeDefined();
    });

    it('has http_request (without a profile) exactly where the user agent goes there', () => {
      const http = attr('http_request');
      expect(http !== undefined && http.profile === undefined).toBe(m.homes.userAgent === 'http_request');
      if (m.homes.requestId === 'http_request') expect(http).toBeDefined();
    });

    it('has the session and request id homes it uses', () => {
      if (m.homes.session === 'session') expect(attr('session')?.profile).toBeUndefined();
      if (m.homes.requestId === 'api.request') expect(attr('api')?.profile).toBeUndefined();
    });

    it('has a status_id of Success and Failure exactly where the outcome goes there', () => {
      const status = attr('status_id')?.enum;
      expect(status?.['1']?.caption === 'Success' && status['2']?.caption === 'Failure').toBe(m.homes.outcome === 'status_id');
    });
  });
});

describe('limits', () => {
  it('are the max_len of the dictionary types string_t and ip_t', () => {
    const ir = loadIr();
    expect(ir.types.string_t?.max_len).toBe(STRING_MAX_LEN);
    expect(ir.types.ip_t?.max_len).toBe(IP_MAX_LEN);
  });
});
