/**
 * What one mapping carries between its steps: for `toOcsf`, the event, its mapping and what has
 * been set aside for `unmapped.siemkit`; for `fromOcsf`, the record, its `unmapped.siemkit` and
 * what has been resolved so far (the action and category, which the payload homes depend on).
 */
import type { Category } from '../../../schemas/canonical/category.js';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { EventMapping } from '../../registry/event-type.js';
import type { EventTypeRegistry } from '../../registry/registry.js';
import { BUILT_IN_REGISTRY } from '../../registry/registry.js';
import type { ProductIdentity } from '../product.js';
import { fits } from './limits.js';
import type { Obj } from './read.js';
import type { SiemkitUnmapped } from './unmapped.js';
import { PLACEHOLDER } from './unmapped.js';

/** Product identity, from configuration (DESIGN.md §3), for `metadata.product`. */
export type OcsfProduct = ProductIdentity;

type Group = 'actor' | 'resource' | 'source';

/** Whether the registry's type for the action is the built-in one, used with the category it was built for. */
function isBuiltIn(registry: EventTypeRegistry, category: Category, action: string): boolean {
  const t = registry.get(action);
  return t !== undefined && t === BUILT_IN_REGISTRY.get(action) && t.category === category;
}

export class ToContext {
  /** Becomes `unmapped.siemkit` when it has a member. */
  readonly kept: SiemkitUnmapped = {};
  /** Set when a `_dt` attribute is written: the event then declares the `datetime` profile. */
  datetime = false;
  readonly builtIn: boolean;

  constructor(
    readonly event: CanonicalEvent,
    readonly mapping: EventMapping,
    registry: EventTypeRegistry,
    readonly product: OcsfProduct,
  ) {
    this.builtIn = isBuiltIn(registry, event.category, event.action);
  }

  /** Sets aside a member of `actor`, `resource` or `source`. */
  keepIn(group: Group, key: string, value: unknown): void {
    const g = (this.kept[group] ??= {}) as Obj;
    g[key] = value;
  }

  /** Sets aside a member of `source.geo`. */
  keepGeo(key: string, value: unknown): void {
    const source = (this.kept.source ??= {});
    const geo = (source.geo ??= {}) as Obj;
    geo[key] = value;
  }

  /** Marks a `source.geo` without members, which nothing else would bring back. */
  keepEmptyGeo(): void {
    (this.kept.source ??= {}).geo ??= {};
  }

  /** `value` when its string home can hold it; otherwise it is set aside in `group` and undefined is returned. */
  textIn(group: Group, key: string, value: string | undefined): string | undefined {
    if (value === undefined || fits(value)) return value;
    this.keepIn(group, key, value);
    return undefined;
  }

  /** Records that the OCSF attribute at `path` holds a placeholder, and returns the placeholder. */
  placeholder(path: string): typeof PLACEHOLDER {
    (this.kept.placeholders ??= []).push(path);
    return PLACEHOLDER;
  }

  isPlaceholder(path: string): boolean {
    return this.kept.placeholders?.includes(path) ?? false;
  }
}

export class FromContext {
  readonly placeholders: ReadonlySet<string>;
  readonly builtIn: boolean;

  constructor(
    readonly ocsf: Obj,
    /** `unmapped.siemkit`, or an empty object. */
    readonly kept: Obj,
    registry: EventTypeRegistry,
    readonly action: string,
    readonly category: Category,
  ) {
    const list = kept.placeholders;
    this.placeholders = new Set(Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : []);
    this.builtIn = isBuiltIn(registry, category, action);
  }

  /** The kept members of `actor`, `resource` or `source`, if any. */
  keptIn(group: Group): Obj | undefined {
    const g = this.kept[group];
    return typeof g === 'object' && g !== null && !Array.isArray(g) ? (g as Obj) : undefined;
  }

  /** A string attribute of `o`, unless the attribute at `path` holds a placeholder. */
  text(o: Obj | undefined, key: string, path: string): string | undefined {
    const v = o?.[key];
    return typeof v === 'string' && !this.placeholders.has(path) ? v : undefined;
  }
}
