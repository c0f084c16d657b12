/**
 * Issue 2 regressions in caption-sibling checks, found by the IR-driven property tests:
 * - incident_finding's `priority` is an integer_t that OCSF 1.1.0 names the sibling of `priority_id`;
 *   it cannot hold a caption, so it is not compared with one.
 * - `type_name` with a type_uid of activity 99 (Other) carries the source's own value, like `activity_name`.
 */
import { describe, expect, it } from 'vitest';
import { buildOcsfRecord } from '../../src/ocsf/builder.js';
import { validateOcsf } from '../../src/validate/ocsf.js';

const metadata = { product: { name: 'x', vendor_name: 'x' }, version: '1.1.0' };
const siblingWarnings = (e: object): string[] => validateOcsf(e).warnings.filter((w) => w.code.startsWith('attribute_enum_sibling')).map((w) => w.path);

describe('caption siblings', () => {
  it('does not compare an integer sibling with a caption', () => {
    const e = buildOcsfRecord('incident_finding', { activity_id: 1, severity_id: 1, time: 1, metadata, finding_info_list: [{ uid: 'f', title: 't' }], assignee: { name: 'soc' }, priority_id: 1, priority: 1, status_id: 1 });
    expect(validateOcsf(e).errors).toEqual([]);
    expect(siblingWarnings(e)).toEqual([]);
  });

  it('lets type_name carry the source value when the activity is 99 (Other), and checks it otherwise', () => {
    const other = { ...buildOcsfRecord('authentication', { activity_id: 99, activity_name: 'Passkey', severity_id: 1, time: 1, metadata, user: { name: 'a' }, service: { name: 's' } }), type_name: 'Authentication: Passkey' };
    expect(siblingWarnings(other)).toEqual([]);
    const logon = { ...buildOcsfRecord('authentication', { activity_id: 1, severity_id: 1, time: 1, metadata, user: { name: 'a' }, service: { name: 's' } }), type_name: 'Authentication: Passkey' };
    expect(siblingWarnings(logon)).toEqual(['/type_name']);
  });
});
