/** `category` (DESIGN.md §2): the audit domain an event belongs to; it picks the default OCSF class. */
import { Type } from 'typebox';

export const CATEGORIES = ['AUTHENTICATION', 'ACCOUNT_CHANGE', 'GROUP_MANAGEMENT', 'ACCESS_MANAGEMENT', 'FILE_ACCESS', 'API_ACTIVITY', 'CONFIGURATION', 'SECURITY'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CategorySchema = Type.Enum(CATEGORIES);
