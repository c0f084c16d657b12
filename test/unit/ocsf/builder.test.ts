import { describe, expect, it } from 'vitest';
import { buildOcsfEvent, buildOcsfRecord, OcsfBuildError } from '../../../src/ocsf/builder.js';
import { validateOcsf } from '../../../src/validate/ocsf.js';

const metadata = { product: { name: 'ScaiDrive', vendor_name: 'Acme' }, version: '1.1.0' };

describe('buildOcsfEvent', () => {
  it('derives the class, category and type ids and every caption sibling, and the result validates', () => {
    const e = buildOcsfEvent('authentication', {
      activity_id: 2,
      severity_id: 3,
      status_id: 1,
      time: 1763800000000,
      metadata,
      user: { name: 'alice', type_id: 1 },
      service: { name: 'ScaiDrive' },
    });
    expect(e).toMatchObject({
      class_uid: 3002,
      class_name: 'Authentication',
      category_uid: 3,
      category_name: 'Identity & Access Management',
      type_uid: 300202,
      type_name: 'Authentication: Logoff',
      activity_name: 'Logoff',
      severity: 'Medium',
      status: 'Success',
      user: { name: 'alice', type_id: 1, type: 'User' },
    });
    const r = validateOcsf(e);
    expect(r.errors).toEqual([]);
    expect(r.warnings.filter((w) => w.code.startsWith('attribute_enum_sibling'))).toEqual([]);
  });

  it('fills metadata.version and leaves a 99 (Other) sibling to the producer', () => {
    const e = buildOcsfRecord(6003, { activity_id: 99, activity_name: 'Export', severity_id: 1, time: 1, metadata: { product: { name: 'x', vendor_name: 'Acme' } }, actor: { user: { name: 'a' } }, api: { operation: 'export' }, src_endpoint: { ip: '192.0.2.1' } });
    expect(e.metadata).toEqual({ product: { name: 'x', vendor_name: 'Acme' }, version: '1.1.0' });
    expect(e.activity_name).toBe('Export');
    expect(e.type_uid).toBe(600399);
    expect(validateOcsf(e).errors).toEqual([]);
  });

  it('accepts captions and extension classes', () => {
    expect(buildOcsfRecord('File Hosting Activity', { activity_id: 1, severity_id: 1, time: 1, metadata, actor: {}, file: { name: 'a', type_id: 1 } }).class_uid).toBe(6006);
    expect(buildOcsfRecord('win/registry_key_activity', { activity_id: 1 }).type_uid).toBe(20100101);
  });

  it('refuses derived attributes, a contradicting sibling, a missing activity and an unknown class, naming each', () => {
    const err = (f: () => unknown): OcsfBuildError => {
      try {
        f();
      } catch (e) {
        return e as OcsfBuildError;
      }
      throw new Error('expected an OcsfBuildError');
    };
    const e1 = err(() => buildOcsfRecord('authentication', { activity_id: 1, class_uid: 3001, severity_id: 1, severity: 'High' }));
    expect(e1).toBeInstanceOf(OcsfBuildError);
    expect(e1.problems).toEqual(['/class_uid is derived from the class and activity: leave it out', '/severity is "High" but /severity_id 1 means "Informational"']);
    expect(err(() => buildOcsfRecord('authentication', { user: { type_id: 2, type: 'User' } })).problems).toEqual([
      '/activity_id must be an integer (one of 0, 1, 2, 3, 4, 5, 99)',
      '/user/type is "User" but /user/type_id 2 means "Admin"',
    ]);
    expect(err(() => buildOcsfRecord('nope', {})).message).toMatch(/no OCSF 1\.1\.0 class is named or numbered "nope"/);
  });
});
