/**
 * What each category needs beyond the shape of every event (DESIGN.md §2): the members the
 * category's OCSF class cannot do without. One explicit array of data, read by the JSON Schema
 * generator (each rule becomes `if: {category: const} then: schema` in `allOf`, in this order),
 * by `validateEvent` (to name the rule in its findings) and by the test arbitraries (to make
 * events that satisfy it).
 *
 * A rule's schema only requires members; `event.ts` types them. `ACCOUNT_CHANGE` has no rule: an
 * account change without a `resource` is the actor changing their own account.
 */
import type { TSchema } from 'typebox';
import { Type } from 'typebox';
import type { Category } from './category.js';
import { AccessPayloadSchema } from './payloads/membership.js';

export interface CategoryRule {
  readonly category: Category;
  /** What the category needs, in words, for findings and docs. */
  readonly needs: string;
  /** The JSON Schema an event of this category must also match (the `then` of an `if`/`then`). */
  readonly schema: TSchema;
}

/** A present member, typed elsewhere. */
const present = Type.Unknown();

export const CATEGORY_RULES: readonly CategoryRule[] = [
  {
    category: 'FILE_ACCESS',
    needs: 'a "resource" (the file or folder) with a "name", and "source.ip"',
    schema: Type.Object({ resource: Type.Object({ name: present }), source: Type.Object({ ip: present }) }),
  },
  {
    category: 'API_ACTIVITY',
    needs: '"source.ip"',
    schema: Type.Object({ source: Type.Object({ ip: present }) }),
  },
  {
    category: 'GROUP_MANAGEMENT',
    needs: 'a "resource" (the group)',
    schema: Type.Object({ resource: present }),
  },
  {
    category: 'ACCESS_MANAGEMENT',
    needs: 'a "resource" (the user whose access changes) and "payload.role" (a string) or "payload.privileges" (strings)',
    schema: Type.Object({ resource: present, payload: AccessPayloadSchema }),
  },
  {
    category: 'CONFIGURATION',
    needs: 'a "resource" (the setting or entity changed)',
    schema: Type.Object({ resource: present }),
  },
];
