/**
 * `unmapped.siemkit`: the one namespace where a canonical value goes when the event's OCSF class
 * has no attribute for it, or when its attribute cannot hold it (docs/mapping-ocsf.md). It mirrors
 * the canonical event's shape, so `unmapped.siemkit.resource.path` is `resource.path`; the members
 * that are not canonical fields carry only the bit that an OCSF home loses.
 */
import type { Actor } from '../../../schemas/canonical/actor.js';
import type { Category } from '../../../schemas/canonical/category.js';
import type { Outcome } from '../../../schemas/canonical/outcome.js';
import type { Resource } from '../../../schemas/canonical/resource.js';
import type { Source } from '../../../schemas/canonical/source.js';

/** The key under `unmapped` that holds siemkit's members. */
export const UNMAPPED_NAMESPACE = 'siemkit';

export type Geo = NonNullable<Source['geo']>;

/** Source members without a home; `{}` alone marks a `source` (or `geo`) that had no member. */
export type UnmappedSource = Omit<Partial<Source>, 'geo'> & { geo?: Partial<Geo> };

export interface SiemkitUnmapped {
  /** Only when the class and action would give back another category (a type registered under two). */
  category?: Category;
  /** Only over the 65,535 characters of `metadata.event_code`. */
  action?: string;
  /** Only over the 65,535 characters of `time_dt`. */
  timestamp?: string;
  /** `denied` (status_id 2 says Failure for it too); any outcome in Detection Finding, whose status_id is the finding's status. */
  outcome?: Outcome;
  actor?: Partial<Actor>;
  resource?: Partial<Resource>;
  source?: UnmappedSource;
  session_id?: string;
  request_id?: string;
  message?: string;
  /** All labels, only when one `key=value` is over 65,535 characters. */
  labels?: Record<string, string>;
  /** The label keys in `metadata.labels` order, only when a key holds `=` (else the first `=` splits). */
  label_keys?: string[];
  /** The payload members without a home; `{}` for a payload whose members all found one. */
  payload?: Record<string, unknown>;
  /** `privileges` holds `[payload.role]` rather than `payload.privileges`. */
  role_in_privileges?: true;
  /** OCSF attributes (dotted paths) that hold a placeholder: the class requires them and the event had nothing to put there. */
  placeholders?: string[];
}

/** The value of a placeholder string attribute (listed in `unmapped.siemkit.placeholders`). */
export const PLACEHOLDER = 'unknown';
