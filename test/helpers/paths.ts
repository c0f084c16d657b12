/** Folders the tests read: the repository root and the shared, read-only data beside it. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');
export const OCSF_SCHEMA_DIR = path.join(SHARED, 'schemas', 'ocsf-1.1.0');
export const OCSF_SERVER_EXPORT = path.join(SHARED, 'schemas', 'ocsf-1.1.0-server-export', 'schema.json');
export const OCSF_EXAMPLES = path.join(SHARED, 'examples', 'ocsf-1.1.0');
