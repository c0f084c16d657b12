/**
 * The canonical event generator: the TypeBox schemas of `schemas/canonical/` (no external input)
 * -> `generated/canonical/`, in two stages:
 *
 *   json-schema.ts    TypeBox -> JSON Schema 2020-12, with the per-category rules as allOf if/then
 *   emit-validator.ts the event schema -> Ajv standalone code, wrapped as typed TypeScript
 *   emit-accept.ts    the event schema -> a straight-line check that says yes only where Ajv does
 *
 * Output:
 *   event.schema.json             the canonical event (contract v1)
 *   payloads/<action>.schema.json the payload of each built-in event type
 *   validator.ts                  `validateCanonicalEventSchema`, used by `validateEvent`
 *   accept.ts                     `acceptsCanonicalEventSchema`, `validateEvent`'s fast path
 */
import type { GeneratedFile, Generator } from '../output.js';
import { jsonText } from '../output.js';
import { emitAccept } from './emit-accept.js';
import { emitValidator } from './emit-validator.js';
import { eventJsonSchema, payloadJsonSchemas } from './json-schema.js';

const SCRIPT = 'scripts/gen/canonical/index.ts';
export const CANONICAL_OUT_DIR = 'generated/canonical';

export const canonicalGenerator: Generator = {
  name: 'canonical',
  owns: [CANONICAL_OUT_DIR],
  run(): GeneratedFile[] {
    const event = eventJsonSchema(SCRIPT);
    return [
      { path: `${CANONICAL_OUT_DIR}/event.schema.json`, content: jsonText(event) },
      ...payloadJsonSchemas(SCRIPT).map(({ action, schema }) => ({ path: `${CANONICAL_OUT_DIR}/payloads/${action}.schema.json`, content: jsonText(schema) })),
      emitValidator(event, CANONICAL_OUT_DIR, SCRIPT),
      emitAccept(event, CANONICAL_OUT_DIR, SCRIPT),
    ];
  },
};
