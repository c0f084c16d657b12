/**
 * The built-in registry is complete and consistent: every action the contract names is there
 * once, and every mapping points at something the target schema defines.
 */
import { describe, expect, it } from 'vitest';
import { ECS_EVENT_CATEGORY, ECS_EVENT_KIND, ECS_EVENT_TYPE, ECS_EXPECTED_EVENT_TYPES } from '../../../generated/ecs/9.4.0/index.js';
import { CATEGORIES } from '../../../schemas/canonical/category.js';
import { findOcsfClass } from '../../../src/ocsf/schema.js';
import { BUILT_IN_EVENT_TYPES } from '../../../src/registry/built-in.js';
import { CATEGORY_DEFAULTS } from '../../../src/registry/category-defaults.js';
import type { EventMapping } from '../../../src/registry/event-type.js';

/** The built-in types issue 3 and DESIGN.md §2 name. */
const NAMED = [
  'user.login', 'user.logout', 'user.mfa_challenge', 'session.expire', 'token.exchange',
  'user.create', 'user.delete', 'user.enable', 'user.disable', 'user.password_change', 'user.mfa_enable',
  'group.member_add', 'group.member_remove', 'role.assign', 'role.revoke',
  'file.upload', 'file.download', 'file.delete', 'file.share', 'file.unshare', 'file.preview', 'file.rename', 'file.move',
  'link.create_external', 'api.request', 'settings.update', 'dlp.block', 'dlp.redact', 'permission.denied',
  'certificate.issue', 'certificate.renew', 'certificate.revoke', 'siem.delivery.dropped',
];

function mappingProblems(where: string, m: Pick<EventMapping, 'ecs'> & { ocsf: { class: string; activity_id?: number } }): string[] {
  const problems: string[] = [];
  const cls = findOcsfClass(m.ocsf.class);
  if (!cls) problems.push(`${where}: OCSF class ${m.ocsf.class} does not exist`);
  else if (m.ocsf.activity_id !== undefined && cls.attributes.activity_id?.enum?.[String(m.ocsf.activity_id)] === undefined) problems.push(`${where}: activity ${m.ocsf.activity_id} is not one of ${cls.name}`);
  if (!(ECS_EVENT_KIND as readonly string[]).includes(m.ecs.kind)) problems.push(`${where}: ECS kind ${m.ecs.kind}`);
  for (const c of m.ecs.category) {
    if (!(ECS_EVENT_CATEGORY as readonly string[]).includes(c)) problems.push(`${where}: ECS category ${c}`);
    // every type must be expected for every category, or validateEcs would warn
    for (const t of m.ecs.type) if (!(ECS_EXPECTED_EVENT_TYPES[c] as readonly string[]).includes(t)) problems.push(`${where}: ECS type ${t} is not expected with category ${c}`);
  }
  for (const t of m.ecs.type) if (!(ECS_EVENT_TYPE as readonly string[]).includes(t)) problems.push(`${where}: ECS type ${t}`);
  return problems;
}

describe('built-in event types', () => {
  it('cover every action the contract names, each once', () => {
    const actions = BUILT_IN_EVENT_TYPES.map((t) => t.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect([...actions].sort()).toEqual([...NAMED].sort());
  });

  it('map to OCSF activities and ECS categorisations that exist', () => {
    expect(BUILT_IN_EVENT_TYPES.flatMap((t) => mappingProblems(t.action, t))).toEqual([]);
  });

  it('use the default class of their category, as DESIGN.md §2 says', () => {
    for (const t of BUILT_IN_EVENT_TYPES) expect(t.ocsf.class, t.action).toBe(CATEGORY_DEFAULTS[t.category].ocsf.class);
  });

  it('have CEF identities, unique by signature', () => {
    const ids = BUILT_IN_EVENT_TYPES.map((t) => t.cef.signature_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of BUILT_IN_EVENT_TYPES) expect(t.cef.name.length, t.action).toBeGreaterThan(0);
  });
});

describe('category defaults', () => {
  it('follow DESIGN.md §2 and map to things that exist', () => {
    const uids = Object.fromEntries(CATEGORIES.map((c) => [c, findOcsfClass(CATEGORY_DEFAULTS[c].ocsf.class)?.uid]));
    expect(uids).toEqual({ AUTHENTICATION: 3002, ACCOUNT_CHANGE: 3001, GROUP_MANAGEMENT: 3006, ACCESS_MANAGEMENT: 3005, FILE_ACCESS: 6006, API_ACTIVITY: 6003, CONFIGURATION: 3004, SECURITY: 2004 });
    expect(CATEGORIES.flatMap((c) => mappingProblems(c, CATEGORY_DEFAULTS[c]))).toEqual([]);
  });
});
