/**
 * Stage 1: the canonical event and the built-in payloads as plain JSON Schema (draft 2020-12),
 * from the TypeBox schemas in `schemas/canonical/`.
 *
 * TypeBox schemas are JSON Schema already; a JSON round trip keeps exactly the standard keywords
 * (TypeBox's own markers are not enumerable). The per-category rules of DESIGN.md §2 join the
 * event schema as `allOf: [{ if: {category: const}, then: rule.schema }, ...]`, in the order of
 * `CATEGORY_RULES`: `validateEvent` reads the rule's index back from Ajv's schema path.
 */
import type { TSchema } from 'typebox';
import { CATEGORY_RULES } from '../../../schemas/canonical/category-rules.js';
import { CanonicalEventSchema } from '../../../schemas/canonical/event.js';
import { BUILT_IN_EVENT_TYPES } from '../../../src/registry/built-in.js';
import { jsonBanner } from '../output.js';

export type JsonSchema = Record<string, unknown>;

export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
export const EVENT_SCHEMA_ID = 'https://siemkit.dev/schemas/canonical/v1/event.schema.json';
const PAYLOAD_ID_BASE = 'https://siemkit.dev/schemas/canonical/v1/payloads';

/** The standard JSON Schema keywords of a TypeBox schema, as plain data. */
export function plain(schema: TSchema | JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

/** The `allOf` member of one category rule. */
function ruleSchema(rule: (typeof CATEGORY_RULES)[number]): JsonSchema {
  return {
    $comment: `${rule.category} needs ${rule.needs}.`,
    if: { properties: { category: { const: rule.category } }, required: ['category'] },
    then: plain(rule.schema),
  };
}

/** `event.schema.json`: banner first, then `$schema`, `$id`, `title` and the schema. */
export function eventJsonSchema(script: string): JsonSchema {
  const { $id, title, ...rest } = plain(CanonicalEventSchema);
  if ($id !== EVENT_SCHEMA_ID) throw new Error(`CanonicalEventSchema.$id is ${String($id)}, expected ${EVENT_SCHEMA_ID}`);
  return {
    ...jsonBanner(script, 'schemas/canonical/event.ts and category-rules.ts'),
    $schema: DRAFT_2020_12,
    $id,
    title,
    ...rest,
    allOf: CATEGORY_RULES.map(ruleSchema),
  };
}

/** One payload schema per built-in event type, by action. */
export function payloadJsonSchemas(script: string): { action: string; schema: JsonSchema }[] {
  return BUILT_IN_EVENT_TYPES.map((t) => ({
    action: t.action,
    schema: {
      ...jsonBanner(script, `the payload schema of "${t.action}" in src/registry/built-in.ts`),
      $schema: DRAFT_2020_12,
      $id: `${PAYLOAD_ID_BASE}/${t.action}.schema.json`,
      title: `siemkit canonical event v1: payload of ${t.action} (${t.category})`,
      ...plain(t.payload),
    },
  }));
}
