/**
 * Filtering at the source (DESIGN.md §5): each condition of a destination's `filter` and tenant
 * list, alone and together, and the glob rules of `exclude_paths` as src/delivery/filter.ts
 * documents them. test/property/glob.property.test.ts checks the glob automaton against a
 * regular-expression oracle.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { FilterSpec } from '../../../src/delivery/filter.js';
import { compileFilter, compileGlob, FilterSpecSchema } from '../../../src/delivery/filter.js';

const BASE: CanonicalEvent = {
  event_id: 'evt_1',
  timestamp: '2026-11-22T08:00:00Z',
  tenant_id: 'tnt_a',
  category: 'FILE_ACCESS',
  action: 'file.download',
  outcome: 'success',
  severity: 'medium',
  actor: { type: 'user', id: 'usr_1', email: 'Alice@Example.com', service_account: 'svc_sync' },
  resource: { type: 'file', id: 'fil_1', path: '/finance/q3/report.pdf' },
};
const ev = (over: Partial<CanonicalEvent> = {}): CanonicalEvent => ({ ...BASE, ...over });

describe('compileFilter', () => {
  it('lets everything through without a filter or tenants', () => {
    const f = compileFilter(undefined);
    expect(f(ev())).toBe(true);
    expect(f(ev({ tenant_id: 'tnt_z', severity: 'info', category: 'SECURITY' }))).toBe(true);
    expect(compileFilter({})(ev())).toBe(true);
  });

  it('keeps a destination to its tenants', () => {
    const f = compileFilter(undefined, ['tnt_a', 'tnt_b']);
    expect(f(ev({ tenant_id: 'tnt_a' }))).toBe(true);
    expect(f(ev({ tenant_id: 'tnt_b' }))).toBe(true);
    expect(f(ev({ tenant_id: 'tnt_c' }))).toBe(false);
    expect(f(ev({ tenant_id: 'TNT_A' }))).toBe(false);
    expect(compileFilter(undefined, [])(ev())).toBe(false);
  });

  it('takes only the listed categories', () => {
    const f = compileFilter({ categories: ['SECURITY', 'AUTHENTICATION'] });
    expect(f(ev({ category: 'SECURITY' }))).toBe(true);
    expect(f(ev({ category: 'AUTHENTICATION' }))).toBe(true);
    expect(f(ev({ category: 'FILE_ACCESS' }))).toBe(false);
  });

  it('takes a set of severities, a minimum, or both (both must hold)', () => {
    const set = compileFilter({ severities: ['low', 'critical'] });
    expect(['info', 'low', 'medium', 'high', 'critical'].map((s) => set(ev({ severity: s as CanonicalEvent['severity'] })))).toEqual([false, true, false, false, true]);
    const min = compileFilter({ min_severity: 'medium' });
    expect(['info', 'low', 'medium', 'high', 'critical'].map((s) => min(ev({ severity: s as CanonicalEvent['severity'] })))).toEqual([false, false, true, true, true]);
    const both = compileFilter({ severities: ['low', 'critical'], min_severity: 'medium' });
    expect(['info', 'low', 'medium', 'high', 'critical'].map((s) => both(ev({ severity: s as CanonicalEvent['severity'] })))).toEqual([false, false, false, false, true]);
  });

  it('excludes users by actor id and service account exactly, and by email ignoring case', () => {
    expect(compileFilter({ exclude_users: ['usr_1'] })(ev())).toBe(false);
    expect(compileFilter({ exclude_users: ['USR_1'] })(ev())).toBe(true);
    expect(compileFilter({ exclude_users: ['svc_sync'] })(ev())).toBe(false);
    expect(compileFilter({ exclude_users: ['SVC_SYNC'] })(ev())).toBe(true);
    expect(compileFilter({ exclude_users: ['alice@example.com'] })(ev())).toBe(false);
    expect(compileFilter({ exclude_users: ['ALICE@EXAMPLE.COM'] })(ev())).toBe(false);
    expect(compileFilter({ exclude_users: ['bob@example.com', 'usr_2'] })(ev())).toBe(true);
    // An actor without email or service account is matched on its id alone.
    expect(compileFilter({ exclude_users: ['svc_sync'] })(ev({ actor: { type: 'user', id: 'usr_1' } }))).toBe(true);
    // Case folding is ASCII only: the Kelvin sign is not a k.
    expect(compileFilter({ exclude_users: ['kim@example.com'] })(ev({ actor: { type: 'user', id: 'u', email: '\u212aim@example.com' } }))).toBe(true);
  });

  it('excludes resource paths by glob; an event without a path is never excluded by one', () => {
    const f = compileFilter({ exclude_paths: ['/tmp/**', '*.log'] });
    expect(f(ev({ resource: { type: 'file', id: 'f', path: '/tmp/a/b.txt' } }))).toBe(false);
    expect(f(ev({ resource: { type: 'file', id: 'f', path: 'server.log' } }))).toBe(false);
    expect(f(ev({ resource: { type: 'file', id: 'f', path: '/var/server.log' } }))).toBe(true);
    expect(f(ev())).toBe(true);
    expect(f(ev({ resource: { type: 'file', id: 'f' } }))).toBe(true);
    expect(f(ev({ resource: undefined }))).toBe(true);
  });

  it('requires every condition at once', () => {
    const spec: FilterSpec = { categories: ['FILE_ACCESS'], min_severity: 'low', exclude_users: ['usr_9'], exclude_paths: ['/tmp/**'] };
    const f = compileFilter(spec, ['tnt_a']);
    expect(f(ev())).toBe(true);
    expect(f(ev({ tenant_id: 'tnt_b' }))).toBe(false);
    expect(f(ev({ category: 'SECURITY' }))).toBe(false);
    expect(f(ev({ severity: 'info' }))).toBe(false);
    expect(f(ev({ actor: { type: 'user', id: 'usr_9' } }))).toBe(false);
    expect(f(ev({ resource: { type: 'file', id: 'f', path: '/tmp/x' } }))).toBe(false);
  });
});

describe('compileGlob', () => {
  const cases: [glob: string, matches: string[], misses: string[]][] = [
    ['/finance/report.pdf', ['/finance/report.pdf'], ['/finance/report.pdfx', '/finance/report', 'x/finance/report.pdf']],
    ['/tmp/*', ['/tmp/a', '/tmp/', '/tmp/.hidden'], ['/tmp', '/tmp/a/b', '/tmpa']],
    ['/tmp/**', ['/tmp/', '/tmp/a', '/tmp/a/b/c'], ['/tmp', '/tmpa/b']],
    ['/a/**/b', ['/a/b', '/a/x/b', '/a/x/y/b'], ['/a/xb', '/a/x/yb', '/ab', '/a/b/c']],
    ['**/secret.txt', ['secret.txt', 'a/secret.txt', '/a/b/secret.txt'], ['a/notsecret.txt', 'secret.txt/x']],
    ['**', ['', 'a', '/a/b/c'], []],
    ['**/*', ['a', '/a/b/c', 'a/'], []],
    ['*', ['', 'abc'], ['a/b', '/']],
    ['*.log', ['a.log', '.log'], ['a/b.log', 'a.log.1']],
    ['/logs/*/app.log', ['/logs/2026/app.log', '/logs//app.log'], ['/logs/2026/11/app.log']],
    ['/f?le', ['/file', '/f_le', '/f\u{1F600}le'], ['/f/le', '/fle', '/fiile']],
    ['/a**b', ['/ab', '/a/x/b', '/axb'], ['/a/x/c']],
    ['ab*ba', ['abba', 'abxba'], ['aba', 'ab', 'ba']],
    ['/x/***', ['/x/', '/x/a/b'], ['/x']],
    ['/[a]\\{b}.(c)', ['/[a]\\{b}.(c)'], ['/a{b}.c', '/[a]{b}.(c)']],
    ['/\u{1F600}/*', ['/\u{1F600}/a'], ['/\u{1F601}/a']],
    ['/a/*/c/**/*.pdf', ['/a/b/c/d.pdf', '/a/b/c/x/y/d.pdf'], ['/a/b/c/d.txt', '/a/b/b/c/d.pdf']],
  ];
  for (const [glob, matches, misses] of cases) {
    it(`${glob} matches what it should, and only that`, () => {
      const m = compileGlob(glob);
      for (const p of matches) expect(m(p), p).toBe(true);
      for (const p of misses) expect(m(p), p).toBe(false);
    });
  }

  it('runs in time proportional to path x glob on a hostile path (no backtracking blow-up)', () => {
    // A backtracking matcher tries O(n^k) splits of these paths (a regular expression built the
    // usual way took minutes on 300 characters); the automaton keeps at most one state per step.
    // The paths pass the literal prefix, suffix and inner-run checks, so the automaton runs.
    const within = compileGlob('*a*a*a*a*a*a*a*a*b');
    expect(within(`${'a'.repeat(20_000)}/b`)).toBe(false);
    expect(within(`${'a'.repeat(20_000)}b`)).toBe(true);
    const across = compileGlob('**a**a**a**a**a**a**a**a**b');
    expect(across(`${'a'.repeat(20_000)}c/b`)).toBe(true);
    expect(across(`${'a'.repeat(7)}${'c'.repeat(20_000)}b`)).toBe(false);
  });
});

describe('FilterSpecSchema', () => {
  const check = new Ajv({ strict: false }).compile(FilterSpecSchema);
  it('accepts the §5b example and refuses unknown keys, unknown values and empty lists', () => {
    expect(check({ categories: ['SECURITY', 'AUTHENTICATION'], min_severity: 'medium', exclude_users: ['svc_noisy'], exclude_paths: ['/tmp/**'] })).toBe(true);
    expect(check({ category: ['SECURITY'] })).toBe(false);
    expect(check({ categories: ['SECURE'] })).toBe(false);
    expect(check({ severities: ['urgent'] })).toBe(false);
    expect(check({ exclude_paths: [] })).toBe(false);
    expect(check({ exclude_users: [''] })).toBe(false);
  });
});
