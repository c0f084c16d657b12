/**
 * The mapping hot path per event: validate + toOcsf + JSON.stringify, and validate + toEcs +
 * JSON.stringify, against JSON.stringify of the canonical event alone in the same run (issue 3
 * target: ratio >= 0.35 for each, i.e. the whole path costs under three serialisations).
 *
 *   npx tsx bench/map.bench.ts
 */
import type { CanonicalEvent } from '../schemas/canonical/event.js';
import { toEcs } from '../src/mappers/ecs/index.js';
import { toOcsf } from '../src/mappers/ocsf/index.js';
import { validateEvent } from '../src/validate/canonical.js';
import { bench } from './harness.js';

/** A file download as a SaaS file platform logs it: actor, file, source with geo, user agent, payload. */
const event: CanonicalEvent = {
  event_id: 'evt_01JD0006X7M3Q9K2R5T8V1W4Y6',
  timestamp: '2026-11-22T08:26:45.123Z',
  tenant_id: 'tnt_acme',
  category: 'FILE_ACCESS',
  action: 'file.download',
  outcome: 'success',
  severity: 'info',
  actor: { type: 'user', id: 'usr_01J8Z3', email: 'alice@example.com', name: 'Alice Example' },
  resource: { type: 'file', id: 'fil_9KX2', name: 'Q3 report|final=v2.pdf', path: '/Finance/Reports/Q3 report|final=v2.pdf' },
  source: {
    ip: '198.51.100.23',
    port: 51512,
    user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    geo: { country: 'DE', region: 'Berlin', city: 'Berlin', lat: 52.52, lon: 13.405 },
  },
  session_id: 'ses_7Q2M',
  request_id: 'req_5T1',
  message: 'alice downloaded Q3 report|final=v2.pdf',
  labels: { environment: 'production', region: 'eu-central-1' },
  payload: { size: 482113, mime_type: 'application/pdf' },
};
const product = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };

if (!validateEvent(event).valid) throw new Error('the benchmark event must be valid');

bench('canonical event -> OCSF / ECS, per event', { name: 'JSON.stringify (canonical)', run: () => JSON.stringify(event).length }, [
  { name: 'validate + toOcsf + stringify', run: () => (validateEvent(event).valid ? JSON.stringify(toOcsf(event, { product })).length : 0) },
  { name: 'validate + toEcs + stringify', run: () => (validateEvent(event).valid ? JSON.stringify(toEcs(event)).length : 0) },
  { name: 'validateEvent alone', run: () => validateEvent(event).errors.length },
]);
