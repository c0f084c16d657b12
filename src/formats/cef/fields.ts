/**
 * Which canonical field goes to which CEF key (docs/formats/cef.md). A key takes a value only
 * when it fits the key's type and maximum length (dictionary.ts); otherwise the value stays in
 * the rest (`cs6`, "siemkitRest"), so nothing is cut.
 *
 * The custom strings are labelled (`cs1Label=tenantId`...), as ArcSight expects.
 */
import { codePointLength } from '../../../schemas/formats/code-points.js';
import type { CarriedField, FieldPath } from '../carried-fields.js';
import { cefKey } from './dictionary.js';

/** Custom string slots and their labels; cs6 holds the rest. */
export const CUSTOM_LABELS: readonly (readonly [key: string, label: string])[] = [
  ['cs1', 'tenantId'],
  ['cs2', 'sessionId'],
  ['cs3', 'requestId'],
  ['cs4', 'actorEmail'],
  ['cs5', 'serviceAccount'],
];
export const REST_KEY = 'cs6';
export const REST_LABEL = 'siemkitRest';
/** Keys after `cs6` when the rest is longer than `cs6` holds (user-defined keys: no length limit is defined, we keep the same 4,000). */
export const REST_MORE_PREFIX = 'siemkitRest';
/** `c6a2` carries an IPv6 source address; `src` is IPv4 only. */
export const IPV6_SOURCE_KEY = 'c6a2';
export const IPV6_SOURCE_LABEL = 'sourceAddress';

const FILE = new Set(['FILE_ACCESS']);
const NOT_FILE = new Set(['AUTHENTICATION', 'ACCOUNT_CHANGE', 'GROUP_MANAGEMENT', 'ACCESS_MANAGEMENT', 'API_ACTIVITY', 'CONFIGURATION', 'SECURITY']);
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function field(key: string, path: FieldPath, extra: Partial<CarriedField> = {}): CarriedField {
  const max = cefKey(key)?.maxLength;
  const fits = max === undefined ? undefined : (v: string): boolean => v.length <= max || codePointLength(v) <= max;
  return { key, path, kind: 'string', ...(fits !== undefined ? { fits } : {}), ...extra };
}

export const CEF_FIELDS: readonly CarriedField[] = [
  field('externalId', ['event_id']),
  field('cat', ['category']),
  field('act', ['action']),
  field('outcome', ['outcome']),
  field('msg', ['message']),
  field('suid', ['actor', 'id']),
  field('suser', ['actor', 'name']),
  field('src', ['source', 'ip'], { fits: (v) => IPV4.test(v) }),
  field(IPV6_SOURCE_KEY, ['source', 'ip'], { fits: (v) => v.includes(':') }),
  field('spt', ['source', 'port'], { kind: 'port' }),
  field('requestClientApplication', ['source', 'user_agent']),
  // A file event's resource is the file; any other event's resource is the account or entity acted on.
  field('fileId', ['resource', 'id'], { categories: FILE }),
  field('fname', ['resource', 'name'], { categories: FILE }),
  field('filePath', ['resource', 'path'], { categories: FILE }),
  field('fileType', ['resource', 'type'], { categories: FILE }),
  field('duid', ['resource', 'id'], { categories: NOT_FILE }),
  field('duser', ['resource', 'name'], { categories: NOT_FILE }),
  field('cs1', ['tenant_id']),
  field('cs2', ['session_id']),
  field('cs3', ['request_id']),
  field('cs4', ['actor', 'email']),
  field('cs5', ['actor', 'service_account']),
];
