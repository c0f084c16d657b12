/**
 * validateEcs throughput on a realistic ECS authentication event, next to JSON.stringify of the
 * same document in the same run (DESIGN.md §7: every benchmark reports events/s and that ratio).
 *
 *   npx tsx bench/validate-ecs.bench.ts
 */
import type { EcsDocument } from '../src/validate/ecs.js';
import { validateEcs } from '../src/validate/ecs.js';
import { bench } from './harness.js';

/** A sign-in as a SaaS audit log maps it to ECS, in the nested shape most shippers emit. */
const doc: EcsDocument = {
  '@timestamp': '2025-03-14T09:26:53.589Z',
  ecs: { version: '9.4.0' },
  message: 'alice@example.com signed in with MFA',
  tags: ['audit', 'saas'],
  labels: { tenant: 'tnt_a', environment: 'production' },
  event: {
    kind: 'event',
    category: ['authentication', 'session'],
    type: ['start'],
    outcome: 'success',
    action: 'user.login',
    id: 'evt_01HQ7Z6Y8W3K2M4N5P6R7S8T9V',
    dataset: 'scaidrive.audit',
    provider: 'scaidrive',
    module: 'siemkit',
    severity: 1,
    created: '2025-03-14T09:26:53.601Z',
    ingested: '2025-03-14T09:26:54.002Z',
    duration: 184_000_000,
  },
  user: { id: 'usr_8f14e45f', name: 'alice', email: 'alice@example.com', domain: 'example.com' },
  source: {
    ip: '2001:db8:85a3::8a2e:370:7334',
    port: 51_234,
    geo: { country_iso_code: 'DE', region_name: 'Berlin', city_name: 'Berlin', location: { lat: 52.52, lon: 13.405 } },
    as: { number: 3320, organization: { name: 'Deutsche Telekom AG' } },
  },
  user_agent: {
    original: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
    name: 'Safari',
    version: '17.3',
    os: { name: 'macOS', version: '14.3' },
  },
  related: { ip: ['2001:db8:85a3::8a2e:370:7334'], user: ['alice', 'alice@example.com'] },
  observer: { vendor: 'Acme', product: 'ScaiDrive', version: '1.4.2', type: 'saas' },
  organization: { id: 'tnt_a', name: 'Tenant A' },
  service: { name: 'scaidrive-auth', version: '1.4.2' },
  trace: { id: '4bf92f3577b34da6a3ce929d0e0e4736' },
};

const check = validateEcs(doc);
if (!check.valid || check.warnings.length > 0) {
  throw new Error(`the benchmark document should be clean ECS: ${JSON.stringify([...check.errors, ...check.warnings])}`);
}

bench('ECS validation: authentication document', { name: 'JSON.stringify', run: () => JSON.stringify(doc).length }, [
  { name: 'validateEcs', run: () => validateEcs(doc).errors.length },
]);
