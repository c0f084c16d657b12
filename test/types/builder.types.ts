/**
 * Type-level tests of the OCSF builder, checked by `npm run typecheck` (never run): each
 * `@ts-expect-error` fails the typecheck if its line stops being a type error.
 */
import { buildOcsfEvent } from '../../src/ocsf/builder.js';

const metadata = { product: { name: 'ScaiDrive', vendor_name: 'Acme' }, version: '1.1.0' };

export function typeChecks(): void {
  // @ts-expect-error src_endpoint is not an attribute of group_management in OCSF 1.1.0
  buildOcsfEvent('group_management', { activity_id: 1, severity_id: 1, time: 1, metadata, group: { name: 'g' }, src_endpoint: { ip: '192.0.2.1' } });
  // @ts-expect-error actor comes from the host profile in group_management
  buildOcsfEvent('group_management', { activity_id: 1, severity_id: 1, time: 1, metadata, group: { name: 'g' }, actor: { user: { name: 'a' } } });
  buildOcsfEvent<'group_management', 'host'>('group_management', { activity_id: 1, severity_id: 1, time: 1, metadata: { ...metadata, profiles: ['host'] }, group: { name: 'g' }, actor: { user: { name: 'a' } } });
  // @ts-expect-error activity 7 does not exist for authentication
  buildOcsfEvent('authentication', { activity_id: 7, severity_id: 1, time: 1, metadata, user: {} });
  // @ts-expect-error class_uid is derived
  buildOcsfEvent('authentication', { class_uid: 3002, activity_id: 1, severity_id: 1, time: 1, metadata, user: {} });
  // @ts-expect-error user is required
  buildOcsfEvent('authentication', { activity_id: 1, severity_id: 1, time: 1, metadata });
  const e = buildOcsfEvent('authentication', { activity_id: 1, severity_id: 1, time: 1, metadata, user: { name: 'alice' } });
  const uid: 3002 = e.class_uid;
  void uid;
}
