/**
 * Which canonical field goes to which LEEF attribute (docs/formats/leef.md). The predefined keys
 * QRadar normalises come first (`cat`, `usrName`, `src`, `srcPort`, `resource`, `accountName`,
 * `devTime` and `sev` are written by the encoder itself); the other fields use keys of our own,
 * named in the LEEF style, and what no key holds goes to `siemkitRest` as JSON. LEEF sets no length
 * limits, so every value that exists has its key.
 */
import type { CarriedField, FieldPath } from '../carried-fields.js';

export const REST_KEY = 'siemkitRest';

function field(key: string, path: FieldPath, kind: 'string' | 'port' = 'string'): CarriedField {
  return { key, path, kind };
}

export const LEEF_FIELDS: readonly CarriedField[] = [
  field('cat', ['category']),
  field('usrName', ['actor', 'id']),
  field('src', ['source', 'ip']),
  field('srcPort', ['source', 'port'], 'port'),
  field('resource', ['resource', 'name']),
  field('accountName', ['actor', 'name']),
  field('eventId', ['event_id']),
  field('tenantId', ['tenant_id']),
  field('action', ['action']),
  field('outcome', ['outcome']),
  field('actorType', ['actor', 'type']),
  field('actorEmail', ['actor', 'email']),
  field('serviceAccount', ['actor', 'service_account']),
  field('resourceType', ['resource', 'type']),
  field('resourceId', ['resource', 'id']),
  field('resourcePath', ['resource', 'path']),
  field('resourceEmail', ['resource', 'email']),
  field('userAgent', ['source', 'user_agent']),
  field('sessionId', ['session_id']),
  field('requestId', ['request_id']),
  field('message', ['message']),
];
