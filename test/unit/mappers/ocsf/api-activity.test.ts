/**
 * API_ACTIVITY -> OCSF 6003 API Activity: api {operation, request, response, service},
 * http_request {method, url.path, user_agent}, resources[0]. Every case also validates with no
 * error and maps back to its input exactly.
 */
import { describe, it } from 'vitest';
import type { Case } from '../../../helpers/ocsf-mapping-case.js';
import { check } from '../../../helpers/ocsf-mapping-case.js';


const key = { type: 'api_key', id: 'key_1', name: 'Terraform' } as const;
const base = { event_id: 'evt_7', timestamp: '2024-05-18T12:00:00.001Z', tenant_id: 'tnt_1', category: 'API_ACTIVITY', severity: 'info', outcome: 'success', actor: key, source: { ip: '192.0.2.10' } } as const;

const cases: Case[] = [
  {
    name: 'api.request: operation, request id, status, method and path in their homes',
    in: { ...base, action: 'api.request', source: { ip: '192.0.2.10', port: 40112, user_agent: 'Terraform/1.8' }, request_id: 'req_1', payload: { method: 'GET', path: '/v1/files?limit=100', status: 200, operation: 'files.list' } },
    out: {
      class_uid: 6003,
      activity_id: 99,
      activity_name: 'Request',
      type_uid: 600399,
      actor: { user: { uid: 'key_1', name: 'Terraform', type_id: 99, type: 'API Key' } },
      api: { operation: 'files.list', request: { uid: 'req_1' }, response: { code: 200 }, service: { name: 'ScaiDrive' } },
      http_request: { user_agent: 'Terraform/1.8', http_method: 'GET', url: { path: '/v1/files?limit=100' } },
      src_endpoint: { ip: '192.0.2.10', port: 40112 },
      unmapped: { siemkit: { payload: {} } },
    },
  },
  {
    name: 'a method OCSF\'s enum lacks (PATCH) stays in the payload',
    in: { ...base, action: 'api.request', payload: { method: 'PATCH', status: 204 } },
    out: { api: { operation: 'api.request', response: { code: 204 } }, unmapped: { siemkit: { payload: { method: 'PATCH' } } } },
  },
  {
    name: 'without payload.operation the action stands in for the required api.operation',
    in: { ...base, action: 'api.request' },
    out: { api: { operation: 'api.request', service: { name: 'ScaiDrive' } } },
    absent: ['unmapped', 'http_request'],
  },
  {
    name: 'payload.operation equal to the action stays in the payload (api.operation would read back as the stand-in)',
    in: { ...base, action: 'api.request', payload: { operation: 'api.request' } },
    out: { api: { operation: 'api.request' }, unmapped: { siemkit: { payload: { operation: 'api.request' } } } },
  },
  {
    name: 'an unregistered action with a resource: resources[0], its path kept',
    in: { ...base, action: 'api.key_create', resource: { type: 'api_key', id: 'key_2', name: 'CI', path: '/keys/key_2' } },
    out: { activity_id: 99, activity_name: 'api.key_create', resources: [{ uid: 'key_2', name: 'CI', type: 'api_key' }], unmapped: { siemkit: { resource: { path: '/keys/key_2' } } } },
  },
];

describe('toOcsf: API_ACTIVITY -> 6003 API Activity', () => {
  it.each(cases)('$name', (c) => {
    check(c);
  });
});
