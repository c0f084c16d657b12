/**
 * The README's code examples, checked by `npm run typecheck` (never run), so the front page cannot
 * show an API that does not compile.
 */
import type { Ocsf } from '../../src/index.js';
import { buildOcsfEvent, createEvent, fromOcsf, toOcsf, validateEvent, validateOcsf } from '../../src/index.js';

export function readmeExamples(): void {
  const event = createEvent('file.download', {
    tenant_id: 'tnt_acme', outcome: 'success', severity: 'info',
    actor: { type: 'user', id: 'usr_1', email: 'alice@example.com' },
    resource: { type: 'file', id: 'fil_1', name: 'Q3.pdf' },
    source: { ip: '198.51.100.23' },
    payload: { size: 482113 },
  });
  validateEvent(event);
  const ocsf = toOcsf(event, { product: { vendor: 'Acme', name: 'ScaiDrive' } });
  fromOcsf(ocsf);
  // @ts-expect-error size is an integer in file.download's payload schema
  createEvent('file.download', { tenant_id: 't', outcome: 'success', severity: 'info', actor: { type: 'user', id: 'u' }, payload: { size: 'big' } });

  const auth = buildOcsfEvent<'authentication', 'datetime'>('authentication', {
    activity_id: 1, severity_id: 1, status_id: 1, time: Date.now(), time_dt: new Date().toISOString(),
    metadata: { product: { name: 'ScaiDrive', vendor_name: 'Acme' }, version: '1.1.0', profiles: ['datetime'] },
    user: { name: 'alice', uid: 'usr_1' }, service: { name: 'ScaiDrive' },
  });
  validateOcsf(auth);
  // @ts-expect-error cloud needs the cloud profile
  const noCloud: Ocsf.Authentication = { ...auth, cloud: { provider: 'AWS' } };
  const withCloud: Ocsf.Authentication<'cloud'> = { activity_id: 1, category_uid: 3, class_uid: 3002, type_uid: 300201, severity_id: 1, time: 1, metadata: { product: { vendor_name: 'Acme' }, version: '1.1.0' }, user: {}, cloud: { provider: 'AWS' } };
  void noCloud;
  void withCloud;
}
