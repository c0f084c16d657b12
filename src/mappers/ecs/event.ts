/**
 * The ECS `event.*` categorisation, outcome and severity of a canonical event, and back.
 *
 * `event.kind`, `event.category` and `event.type` come from the registry's ECS mapping of the
 * event's action (or its category's defaults). They are derived, not the home of any canonical
 * member: ECS's taxonomy is many-to-many (ACCOUNT_CHANGE and ACCESS_MANAGEMENT both map to
 * `iam`/`user, change`), so the canonical category lives in `siemkit.category`.
 */
import type { Category } from '../../../schemas/canonical/category.js';
import { CATEGORIES } from '../../../schemas/canonical/category.js';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { Outcome } from '../../../schemas/canonical/outcome.js';
import type { Severity } from '../../../schemas/canonical/severity.js';
import { SEVERITIES } from '../../../schemas/canonical/severity.js';
import type { EcsEventOutcome } from '../../../generated/ecs/9.4.0/index.js';
import type { EcsMapping } from '../../registry/event-type.js';
import type { Doc } from './field.js';
import type { SiemkitFields } from './siemkit.js';

/** `event.dataset` when the caller names none. */
export const DEFAULT_DATASET = 'siemkit.audit';

/** `event.outcome` has no `denied`: a policy refusal is a failure, and `siemkit.outcome` says which kind. */
export const ECS_OUTCOME: Readonly<Record<Outcome, EcsEventOutcome>> = {
  success: 'success',
  failure: 'failure',
  denied: 'failure',
  unknown: 'unknown',
};

/** `event.severity` is a number whose scale is the source's (ECS); ours is 1 (info) to 5 (critical). */
export const SEVERITY_NUMBER: Readonly<Record<Severity, number>> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };

/** The `event` object of a canonical event, given its ECS mapping; sets `siemkit.outcome` for `denied`. */
export function ecsEvent(event: CanonicalEvent, mapping: EcsMapping, dataset: string, siemkit: SiemkitFields): Doc {
  if (event.outcome === 'denied') siemkit.outcome = 'denied';
  return {
    id: event.event_id,
    kind: mapping.kind,
    category: mapping.category.slice(),
    type: mapping.type.slice(),
    action: event.action,
    outcome: ECS_OUTCOME[event.outcome],
    severity: SEVERITY_NUMBER[event.severity],
    dataset,
  };
}

/** The canonical outcome of `event.outcome` (absent: `unknown`) and `siemkit.outcome`. */
export function outcomeOf(ecsOutcome: unknown, siemkitOutcome: unknown): Outcome {
  switch (ecsOutcome) {
    case 'success':
      return 'success';
    case 'failure':
      return siemkitOutcome === 'denied' ? 'denied' : 'failure';
    default:
      return 'unknown';
  }
}

/**
 * The canonical severity of `event.severity`: 1-5 as `toEcs` writes them; from other sources, whose
 * scales differ, the nearest step (below 1 is info, above 5 critical). Absent or not a number: info.
 */
export function severityOf(value: unknown): Severity {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'info';
  const step = Math.min(5, Math.max(1, Math.round(value)));
  return SEVERITIES[step - 1] as Severity;
}

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && CATEGORY_SET.has(value);
}

/** For documents from elsewhere: the canonical category an ECS `event.category` value suggests. */
const CATEGORY_OF_ECS: Readonly<Record<string, Category>> = {
  authentication: 'AUTHENTICATION',
  session: 'AUTHENTICATION',
  iam: 'ACCOUNT_CHANGE',
  file: 'FILE_ACCESS',
  api: 'API_ACTIVITY',
  web: 'API_ACTIVITY',
  configuration: 'CONFIGURATION',
  intrusion_detection: 'SECURITY',
  malware: 'SECURITY',
  threat: 'SECURITY',
  vulnerability: 'SECURITY',
};

function values(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/**
 * Best effort for a document without `siemkit.category`: the first `event.category` value with a
 * canonical counterpart (`iam` with `event.type` `group` is GROUP_MANAGEMENT), else SECURITY for an
 * alert or signal, else nothing.
 */
export function categoryFromEcs(kind: unknown, categories: unknown, types: unknown): Category | undefined {
  for (const c of values(categories)) {
    if (typeof c !== 'string' || !Object.hasOwn(CATEGORY_OF_ECS, c)) continue;
    if (c === 'iam' && values(types).includes('group')) return 'GROUP_MANAGEMENT';
    return CATEGORY_OF_ECS[c];
  }
  return kind === 'alert' || kind === 'signal' ? 'SECURITY' : undefined;
}
