/**
 * validateOcsf throughput on a realistic OCSF Authentication event, next to JSON.stringify of the
 * same event (the baseline; issue target: ratio >= 1.0) and, side by side, Ajv validating the same
 * event against siemkit's generated JSON Schema of the class (what a user would reach for instead).
 *
 *   npx tsx bench/validate-ocsf.bench.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { validateOcsf } from '../src/validate/ocsf.js';
import { bench } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The first example event: a SAML + MFA sign-in, with actor, session, endpoints, service and user agent. */
const event = JSON.parse(readFileSync(path.join(root, 'examples', 'ocsf', 'events.ndjson'), 'utf8').split('\n')[0] as string) as Record<string, unknown>;
const schema = JSON.parse(readFileSync(path.join(root, 'generated', 'ocsf', '1.1.0', 'json-schema', 'authentication.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const ajvValidate = ajv.compile(schema);

if (!validateOcsf(event).valid || !ajvValidate(event)) throw new Error('the benchmark event must be valid for both validators');

bench('OCSF validation: Authentication event', { name: 'JSON.stringify', run: () => JSON.stringify(event).length }, [
  { name: 'validateOcsf', run: () => validateOcsf(event).warnings.length },
  { name: 'validateOcsf (no recommended)', run: () => validateOcsf(event, { warnRecommended: false }).errors.length },
  { name: 'ajv + JSON Schema (errors only)', run: () => ajvValidate(event) },
]);
