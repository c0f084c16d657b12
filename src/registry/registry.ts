/**
 * A registry of event types: an explicit array plus a lookup by action. Nothing registers itself;
 * users build theirs from the built-in array and their own definitions:
 *
 *   const registry = createRegistry([...BUILT_IN_EVENT_TYPES, myType]);
 */
import type { Category } from '../../schemas/canonical/category.js';
import { BUILT_IN_EVENT_TYPES } from './built-in.js';
import { categoryMapping } from './category-defaults.js';
import type { EventMapping, EventType } from './event-type.js';

export interface EventTypeRegistry<T extends readonly EventType[] = readonly EventType[]> {
  readonly types: T;
  /** The event type registered for an action, if any. */
  get(action: string): EventType | undefined;
  /** The mappings of an event: its type's, or its category's defaults when the action is not registered. */
  mapping(category: Category, action: string): EventMapping;
}

/** Builds a registry; throws when two types share an action. */
export function createRegistry<const T extends readonly EventType[]>(types: T): EventTypeRegistry<T> {
  const byAction = new Map<string, EventType>();
  for (const t of types) {
    if (byAction.has(t.action)) throw new Error(`event type "${t.action}" is registered twice`);
    byAction.set(t.action, t);
  }
  const fallback = new Map<string, EventMapping>();
  return {
    types,
    get: (action) => byAction.get(action),
    mapping(category, action) {
      const t = byAction.get(action);
      if (t !== undefined && t.category === category) return t;
      const key = `${category} ${action}`;
      let m = fallback.get(key);
      if (m === undefined) {
        m = categoryMapping(category, action);
        if (fallback.size < 10_000) fallback.set(key, m);
      }
      return m;
    },
  };
}

/** The registry of the built-in event types. */
export const BUILT_IN_REGISTRY = createRegistry(BUILT_IN_EVENT_TYPES);
