/**
 * What an event whose action is not registered maps to: its category's defaults (DESIGN.md §2).
 * The OCSF activity is 99 (Other) named by the action, so the event still lands in the right class.
 */
import type { Category } from '../../schemas/canonical/category.js';
import type { EventMapping } from './event-type.js';

type Defaults = Omit<EventMapping, 'ocsf' | 'cef'> & { readonly ocsf: Omit<EventMapping['ocsf'], 'activity_id' | 'activity_name'> };

/** Per category: the OCSF 1.1 class (2004 Detection Finding for SECURITY: 2001 is deprecated in 1.1) and the ECS categorisation. */
export const CATEGORY_DEFAULTS: Readonly<Record<Category, Defaults>> = {
  AUTHENTICATION: { ocsf: { class: 'authentication' }, ecs: { kind: 'event', category: ['authentication'], type: ['info'] } },
  ACCOUNT_CHANGE: { ocsf: { class: 'account_change' }, ecs: { kind: 'event', category: ['iam'], type: ['user', 'change'] } },
  GROUP_MANAGEMENT: { ocsf: { class: 'group_management' }, ecs: { kind: 'event', category: ['iam'], type: ['group', 'change'] } },
  ACCESS_MANAGEMENT: { ocsf: { class: 'user_access' }, ecs: { kind: 'event', category: ['iam'], type: ['user', 'change'] } },
  FILE_ACCESS: { ocsf: { class: 'file_hosting' }, ecs: { kind: 'event', category: ['file'], type: ['access'] } },
  API_ACTIVITY: { ocsf: { class: 'api_activity' }, ecs: { kind: 'event', category: ['api'], type: ['access'] } },
  CONFIGURATION: { ocsf: { class: 'entity_management' }, ecs: { kind: 'event', category: ['configuration'], type: ['change'] } },
  SECURITY: { ocsf: { class: 'detection_finding' }, ecs: { kind: 'alert', category: ['intrusion_detection'], type: ['info'] } },
};

/** The mapping of an unregistered action: its category's defaults, activity 99 named by the action. */
export function categoryMapping(category: Category, action: string): EventMapping {
  const d = CATEGORY_DEFAULTS[category];
  return { ocsf: { ...d.ocsf, activity_id: 99, activity_name: action }, ecs: d.ecs, cef: { signature_id: action, name: action } };
}
